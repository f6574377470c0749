"""`kllgraph-gateway doctor` against local fakes: healthy sources, a retired endpoint (404/410), a drifted payload,
a refused token (401), a refused connection, and a required token that is not set."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from kllgraph_gateway._app import source_bases
from kllgraph_gateway._cli import main
from kllgraph_gateway._doctor import doctor_command
from kllgraph_gateway._registry import SOURCE_NAMES
from kllgraph_gateway._settings import BUNDLED_SNAPSHOT
from kllgraph_gateway._snapshot import Exchange, load_exchanges

from .harness import make_settings

Fault = Callable[[httpx.Request], httpx.Response]


class FakeAgencies(httpx.AsyncBaseTransport):
    """Every source healthy, answering in the real shapes: the bundled snapshot's answer to the same method and
    path (taxonomy: the same GraphQL operation); `faults` replace one source's answers."""

    def __init__(self, faults: dict[str, Fault] | None = None) -> None:
        self.bases = source_bases(make_settings())
        self.by_path: dict[tuple[str, str, str], Exchange] = {}
        for exchange in load_exchanges(BUNDLED_SNAPSHOT).values():
            if exchange.status != 200:
                continue
            operation = exchange.body.get("operationName", "") if isinstance(exchange.body, dict) else ""
            self.by_path.setdefault((exchange.source, exchange.method, exchange.path + operation), exchange)
        self.faults = faults or {}
        self.seen: list[tuple[str, httpx.Request]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        for base in sorted(self.bases, key=lambda b: len(b.base_url), reverse=True):
            path = base.relative_path(request.url)
            if path is not None:
                break
        else:
            return httpx.Response(599)
        self.seen.append((base.name, request))
        if base.name in self.faults:
            return self.faults[base.name](request)
        body = json.loads(request.content) if request.content else None
        operation = body.get("operationName", "") if isinstance(body, dict) else ""
        exchange = self.by_path.get((base.name, request.method, path + operation))
        if exchange is None:
            return httpx.Response(404, json={"message": f"the fake has no {request.method} {path}"})
        return httpx.Response(exchange.status, headers={"content-type": exchange.content_type},
                              content=exchange.content)


def _refused(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("[Errno 111] Connection refused", request=request)


def _doctor(transport: httpx.AsyncBaseTransport, *, tokens: dict[str, str] | None = None) -> tuple[int, Any]:
    settings = make_settings(source_tokens={"swecris": "doctor-test-token"} if tokens is None else tokens)
    code, output = doctor_command(settings, transport=transport, as_json=True)
    return code, {row["source"]: row for row in json.loads(output)}


def test_all_healthy_every_source_ok_and_exit_0() -> None:
    fake = FakeAgencies()
    code, rows = _doctor(fake)
    assert list(rows) == list(SOURCE_NAMES)
    assert {name: row["verdict"] for name, row in rows.items()} == {name: "ok" for name in SOURCE_NAMES}
    assert code == 0
    # One cheap request per live source, through the gateway's stack (base URL, auth header).
    # MYH has no API of its own: its probe reads YH events through Susa-navet emil3, whose base URL it declares, so
    # the fake sees that request as a second Susa-navet one.
    assert sorted(name for name, _ in fake.seen) == sorted([*(n for n in SOURCE_NAMES if n != "myh"), "susanavet"])
    swecris = next(request for name, request in fake.seen if name == "swecris")
    assert swecris.headers["authorization"] == "Bearer doctor-test-token"
    assert rows["jobsearch"]["baseUrl"] == "https://jobsearch.api.jobtechdev.se"
    assert rows["jobsearch"]["detail"].startswith("GET /search?limit=1: ")


def test_each_kind_of_failure_gets_its_verdict_and_exit_1() -> None:
    fake = FakeAgencies({
        "susanavet": lambda r: httpx.Response(410, json={"message": "This API was removed on 2026-04-01"}),
        "syllabus": lambda r: httpx.Response(404, text="Not Found"),
        "jobsearch": lambda r: httpx.Response(200, json={"total": {"value": "many"}, "hits": "none"}),
        "swecris": lambda r: httpx.Response(401, json={"message": "invalid token"}),
        "scb": _refused,
    })
    code, rows = _doctor(fake)
    verdicts = {name: (row["verdict"], row["code"]) for name, row in rows.items()}
    assert verdicts == {name: ("ok", None) for name in SOURCE_NAMES} | {
        "susanavet": ("fails", "UPSTREAM_REJECTED"),
        "myh": ("fails", "UPSTREAM_REJECTED"),  # read through Susa-navet: its retirement takes MYH's YH events along
        "syllabus": ("fails", "UPSTREAM_REJECTED"),
        "jobsearch": ("fails", "UPSTREAM_BAD_PAYLOAD"),
        "swecris": ("fails", "UPSTREAM_UNAUTHORIZED"),  # a token is set and was refused
        "scb": ("fails", "UPSTREAM_UNAVAILABLE"),
    }
    assert code == 1
    assert "HTTP 410" in rows["susanavet"]["detail"] and "HTTP 404" in rows["syllabus"]["detail"]
    assert "SearchResponse" in rows["jobsearch"]["detail"]
    assert "KLLGRAPH_SWECRIS_TOKEN" in rows["swecris"]["detail"]
    assert "ConnectError" in rows["scb"]["detail"]
    assert "doctor-test-token" not in json.dumps(rows)


def test_required_token_unset_is_needs_token_without_a_request() -> None:
    fake = FakeAgencies()
    code, rows = _doctor(fake, tokens={})
    assert rows["swecris"]["verdict"] == "needs token"
    assert "KLLGRAPH_SWECRIS_TOKEN" in rows["swecris"]["detail"]
    assert not any(name == "swecris" for name, _ in fake.seen)
    assert code == 0  # a setting to make, not a broken source


def test_table_has_one_line_per_source_with_verdict_latency_and_base_url() -> None:
    fake = FakeAgencies({"scb": _refused})
    code, table = doctor_command(make_settings(source_tokens={}), transport=fake)
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["source", "verdict", "latency"]
    body = {line.split()[0]: line for line in lines[1:-1]}
    assert list(body) == list(SOURCE_NAMES)
    assert "fails: UPSTREAM_UNAVAILABLE" in body["scb"] and "https://statistikdatabasen.scb.se/api/v2" in body["scb"]
    assert "needs token" in body["swecris"]
    assert " ms " in body["taxonomy"] and body["taxonomy"].split()[1] == "ok"
    count = len(SOURCE_NAMES)
    assert lines[-1] == f"{count} sources: {count - 1} without failure, 1 failing"
    assert code == 1


def test_cli_rejects_unknown_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--source", "nope"]) == 2
    assert "unknown source(s) nope" in capsys.readouterr().err


@pytest.mark.parametrize(("urls", "expected"), [
    ({}, "https://api.skolverket.se/susa-navet/emil3"),
    # MYH is read through Susa-navet: a mirror of it serves the MYH probe too (issue 16) ...
    ({"susanavet": "https://susa.mirror.example/emil3"}, "https://susa.mirror.example/emil3"),
    # ... unless MYH's own URL is set.
    ({"susanavet": "https://susa.mirror.example/emil3", "myh": "https://myh.mirror.example/emil3"},
     "https://myh.mirror.example/emil3"),
])
def test_myh_follows_the_susanavet_url_unless_its_own_is_set(urls: dict[str, str], expected: str) -> None:
    seen: list[httpx.URL] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(404)

    _code, output = doctor_command(make_settings(source_urls=urls), transport=httpx.MockTransport(answer),
                                  as_json=True, only=["myh"])
    (row,) = json.loads(output)
    assert row["baseUrl"] == expected
    assert [str(url).split("/educationEvents")[0] for url in seen] == [expected]
