#!/usr/bin/env python3
"""Hostile inputs: how long the gateway takes to refuse each one (target: under 50 ms each), in-process.

    .venv/bin/python -m benchmarks.hostile_inputs [--runs 5]

Each case is one POST to /graphql as an attacker would send it, against a gateway with default settings whose
upstream transport counts every request (there must be none). Printed per case: the answer (status, code), the
median and slowest wall time of the runs around the in-process ASGI call (the gateway plus httpx's in-process
client, well under a millisecond), and the median CPU time of this process over the same call: on a shared or
busy machine wall time includes waiting for a core, CPU time does not. Every run sends a distinct
document (a leading comment with the run number shifts every location), so the parse and validation caches
never answer for it. tests/gateway/test_hostile_input.py asserts the same cases' answers; this prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

GRAPHQL_RESPONSE = "application/graphql-response+json"


@dataclass(frozen=True)
class HostileCase:
    name: str
    # The request body for run number `run`: the document changes with it, its refusal must not.
    body: Callable[[int], bytes]
    status: int  # expected HTTP status, answering Accept: application/graphql-response+json
    code: str  # expected extensions.code of the first error
    argument: str | None = None  # expected extensions.argument (BAD_USER_INPUT)
    limit: str | None = None  # expected extensions.limit (the setting that refused it)
    notes: dict[str, Any] = field(default_factory=dict)


def _request(query: str, variables: dict[str, Any] | None = None) -> Callable[[int], bytes]:
    def body(run: int) -> bytes:
        payload: dict[str, Any] = {"query": f"# run {run}\n{query}"}
        if variables is not None:
            payload["variables"] = variables
        return json.dumps(payload).encode()

    return body


def fragment_doubling(levels: int) -> str:
    """Fragment F<n> spreads F<n-1> twice: the expanded document has 2^levels aliased fields in 20*levels tokens."""
    fragments = ["fragment F0 on Region { c: code }"]
    fragments += [f"fragment F{i} on Region {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)]
    return f"{{ regions {{ ...F{levels} }} }}\n" + "\n".join(fragments)


def hostile_cases() -> list[HostileCase]:
    huge_body = b'{"query": "{ sources { name } }", "padding": "' + b"x" * 10_000_000 + b'"}'
    batch = json.dumps([{"query": "{ sources { name } }"}] * 100).encode()
    seventy_thousand = "x" * 70_000
    return [
        *[HostileCase(f"fragment doubling, {n} levels", _request(fragment_doubling(n)), 400,
                      "GRAPHQL_VALIDATION_FAILED", limit="max_aliases") for n in (20, 30, 40)],
        # Far beyond every parse limit: refused by length before the lexer reads a character.
        HostileCase("20,000 operations", _request(" ".join(f"query Q{i} {{ sources {{ name }} }}"
                                                           for i in range(20_000))), 400, "GRAPHQL_PARSE_FAILED"),
        HostileCase("100,000 duplicate fields", _request("{ sources { " + "name " * 100_000 + "} }"), 400,
                    "GRAPHQL_PARSE_FAILED"),
        HostileCase("20,000 aliases", _request("{ " + " ".join(f"a{i}: sources {{ name }}" for i in range(20_000))
                                               + " }"), 400, "GRAPHQL_PARSE_FAILED"),
        HostileCase("20,000 directives", _request("{ sources { name" + " @include(if: true)" * 20_000 + " } }"),
                    400, "GRAPHQL_PARSE_FAILED"),
        # Just within the length limit, beyond the token limit: the parser stops at token 2,001.
        HostileCase("3,900 fields (beyond the token limit)", _request("{ sources { " + "name " * 3_900 + "} }"),
                    400, "GRAPHQL_PARSE_FAILED"),
        HostileCase("nesting 300 deep", _request("{ sources " + "{ name " * 300 + "}" * 301), 400,
                    "GRAPHQL_PARSE_FAILED"),
        # Within both parse limits: each refused by its own limit rule, before the spec's rules run.
        HostileCase("240 operations", _request(" ".join(f"query Q{i} {{ sources {{ name }} }}" for i in range(240))),
                    400, "GRAPHQL_VALIDATION_FAILED", limit="max_operations", notes={"operationName": "Q1"}),
        HostileCase("1,900 duplicate fields", _request("{ sources { " + "name " * 1_900 + "} }"), 400,
                    "GRAPHQL_VALIDATION_FAILED", limit="max_field_repeats"),
        HostileCase("150 fragments selecting one field", _request(
            "{ regions { " + " ".join(f"...G{i}" for i in range(150)) + " } } "
            + " ".join(f"fragment G{i} on Region {{ code name }}" for i in range(150))),
            400, "GRAPHQL_VALIDATION_FAILED", limit="max_field_repeats"),
        HostileCase("330 aliases", _request("{ " + " ".join(f"a{i}: sources {{ name }}" for i in range(330)) + " }"),
                    400, "GRAPHQL_VALIDATION_FAILED", limit="max_aliases"),
        HostileCase("250 directives", _request("{ sources { name" + " @include(if: true)" * 250 + " } }"), 400,
                    "GRAPHQL_VALIDATION_FAILED", limit="max_directives"),
        HostileCase("30 aliased jobAds searches", _request(
            "{ " + " ".join(f'a{i}: jobAds(query: "lärare {i}") {{ totalCount }}' for i in range(30)) + " }"),
            400, "QUERY_TOO_COSTLY"),
        # Fan-out through lists (issue 17): refused by the cost estimate before any upstream request.
        HostileCase("fan-out through regions and municipalities", _request(
            "{ regions { municipalities { jobAds(first: 100) { edges { node { headline } } } } } }"),
            400, "QUERY_TOO_COSTLY"),
        HostileCase("fan-out through a list inside a connection", _request(
            "{ jobAds(first: 100) { edges { node { occupation { replacedBy { jobAds(first: 5) { totalCount } } } } } }"
            " }"), 400, "QUERY_TOO_COSTLY"),
        HostileCase("fan-out through nested connections", _request(
            "{ municipalities(first: 100) { edges { node { jobAds(first: 100) { edges { node { occupation { "
            "educations(first: 10) { totalCount } } } } } } } } }"), 400, "QUERY_TOO_COSTLY"),
        HostileCase("JSON nested 100,000 deep", lambda run: b'{"query": "{ sources { name } }", "variables": {"v": '
                    + b"[" * 100_000 + b"]" * 100_000 + b"}}", 400, "BAD_REQUEST"),
        HostileCase("10 MB body", lambda run: huge_body, 413, "BAD_REQUEST"),
        HostileCase("100 batched operations", lambda run: batch, 400, "BAD_REQUEST"),
        HostileCase('jobAd(id: "123\\n")', _request("query($id: ID!) { jobAd(id: $id) { id } }", {"id": "123\n"}),
                    200, "BAD_USER_INPUT", argument="id"),
        HostileCase('education(id: "e.myh.1\\n")', _request('{ education(id: "e.myh.1\\n") { id } }'), 200,
                    "BAD_USER_INPUT", argument="id"),
        HostileCase('statisticsTable(id: "TAB6471\\n")', _request('{ statisticsTable(id: "TAB6471\\n") { id } }'),
                    200, "BAD_USER_INPUT", argument="id"),
        HostileCase('municipality(code: "٠١٨٠")', _request('{ municipality(code: "٠١٨٠") { name } }'), 200,
                    "BAD_USER_INPUT", argument="code"),
        HostileCase('municipality(code: " 0180")', _request('{ municipality(code: " 0180") { name } }'), 200,
                    "BAD_USER_INPUT", argument="code"),
        HostileCase('course(code: "MATMAT01a\\n")', _request('{ course(code: "MATMAT01a\\n") { name } }'), 200,
                    "BAD_USER_INPUT", argument="code"),
        HostileCase('municipality(code: "0180\\n")', _request('{ municipality(code: "0180\\n") { name } }'), 200,
                    "BAD_USER_INPUT", argument="code"),
        HostileCase('organisation(organisationNumber: "2120000142\\n")',
                    _request('{ organisation(organisationNumber: "2120000142\\n") { name } }'), 200,
                    "BAD_USER_INPUT", argument="organisationNumber"),
        HostileCase('jobAds(municipality: "٠١٨٠")', _request('{ jobAds(municipality: "٠١٨٠") { totalCount } }'),
                    200, "BAD_USER_INPUT", argument="municipality"),
        HostileCase("lone surrogate in a string", _request(
            "query($q: String) { jobAds(query: $q) { totalCount } }", {"q": "\ud800"}), 200, "BAD_USER_INPUT"),
        HostileCase("70,000-character query, inline", _request(f'{{ jobAds(query: "{seventy_thousand}") '
                                                               "{ totalCount } }"), 400, "GRAPHQL_PARSE_FAILED"),
        HostileCase("70,000-character query, variable", _request(
            "query($q: String) { jobAds(query: $q) { totalCount } }", {"q": seventy_thousand}),
            200, "BAD_USER_INPUT", argument="query"),
    ]


def with_operation_name(case: HostileCase, run: int) -> bytes:
    body = case.body(run)
    name = case.notes.get("operationName")
    if name is None:
        return body
    payload = json.loads(body)
    payload["operationName"] = name
    return json.dumps(payload).encode()


class NoUpstream(httpx.AsyncBaseTransport):
    """An upstream transport that records every request and fails it: a refusal must never reach one."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        raise AssertionError(f"upstream request during a hostile input: {request.url}")


async def send(client: httpx.AsyncClient, case: HostileCase, run: int) -> tuple[float, float, httpx.Response]:
    """One request; returns its wall and CPU milliseconds and the response."""
    content = with_operation_name(case, run)
    started, cpu_started = time.perf_counter(), time.process_time()
    response = await client.post(
        "/graphql", content=content, headers={"content-type": "application/json", "accept": GRAPHQL_RESPONSE}
    )
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu_started) * 1000, response


async def main(runs: int) -> None:
    from kllgraph_gateway import Settings, create_app

    upstream = NoUpstream()
    # No metadata preload: its startup requests are not the hostile inputs' (and would fail against NoUpstream).
    app = create_app(Settings(retry_attempts=1, preload_metadata=False), transport=upstream)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench"
    ) as client:
        print(f"{'case':40} {'answer':44} {'wall p50':>8} {'max':>7} {'cpu p50':>8}  (ms, {runs} runs)")
        for case in hostile_cases():
            timings, cpu_timings = [], []
            for run in range(runs):
                elapsed, cpu, response = await send(client, case, run)
                timings.append(elapsed)
                cpu_timings.append(cpu)
            errors = response.json().get("errors") or [{}]
            extensions = errors[0].get("extensions", {})
            answer = f"{response.status_code} {extensions.get('code')}"
            answer += f" {extensions.get('limit') or extensions.get('argument') or ''}"
            print(f"{case.name:40} {answer:44} {statistics.median(timings):8.1f} {max(timings):7.1f} "
                  f"{statistics.median(cpu_timings):8.1f}")
    print(f"upstream requests made: {len(upstream.requests)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    asyncio.run(main(parser.parse_args().runs))
