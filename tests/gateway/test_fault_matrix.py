"""Every source × every way an upstream fails: HTTP 200, the healthy source's data intact, the failed field null with
a code and its source, nothing bad cached (the next request after recovery answers correctly), within the deadline.

The gateway runs live over the bundled snapshot's recorded answers (`ReplayTransport`), one source at a time made to
fail; the queries are the per-source table of `test_partial_failure.py` (a field that needs the source beside a
field of other sources). `myh` is only a provenance name (read through susanavet and planned_educations).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from kllgraph_gateway._app import source_bases
from kllgraph_gateway._settings import BUNDLED_SNAPSHOT
from kllgraph_gateway._snapshot import ReplayTransport, SourceBase

from .harness import make_settings, running_gateway
from .test_partial_failure import FAILURE_CASES, FailureCase, assert_only_its_field_failed

DEADLINE = 2.0
SOURCE_TIMEOUT = 0.3
MAX_BYTES = 200_000

# One case per source: the first row of the partial-failure table for it.
CASES: dict[str, FailureCase] = {}
for _case in FAILURE_CASES:
    CASES.setdefault(_case.source, _case)


def _nulls(payload: Any) -> Any:
    if isinstance(payload, dict):
        return {key: None for key in payload}
    return [None for _ in payload] if isinstance(payload, list) else None


def _wrong(value: Any) -> Any:
    return 12345 if isinstance(value, str) else "not the right type"


def _wrong_types(payload: Any) -> Any:
    if isinstance(payload, dict):
        return {key: _wrong(value) for key, value in payload.items()}
    if isinstance(payload, list):
        return [_wrong_types(item) if isinstance(item, dict) else _wrong(item) for item in payload] or "not a list"
    return _wrong(payload)


def _without_biggest(payload: dict[str, Any]) -> dict[str, Any]:
    if not payload:
        return payload
    biggest = max(payload, key=lambda key: len(json.dumps(payload[key], ensure_ascii=False)))
    return {key: value for key, value in payload.items() if key != biggest}


def _missing_fields(payload: Any) -> Any:
    """The field that carries the data is gone (in an envelope, or from each item of a top-level list)."""
    if isinstance(payload, dict):
        return _without_biggest(payload)
    if isinstance(payload, list):
        return [_without_biggest(item) if isinstance(item, dict) else item for item in payload]
    return payload


Drift = Callable[[Any], Any]
DRIFTS: dict[str, Drift] = {"drift to nulls": _nulls, "drift to wrong types": _wrong_types,
                            "drift to missing fields": _missing_fields, "drift to {}": lambda payload: {}}


class _ResetMidBody(httpx.AsyncByteStream):
    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b'{"partial": ['
        raise httpx.ReadError("connection reset by peer")


class _Oversize(httpx.AsyncByteStream):
    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b'{"pad": "'
        for _ in range(MAX_BYTES // 10_000 + 2):
            yield b"x" * 10_000
        yield b'"}'


@dataclass
class Faulty(httpx.AsyncBaseTransport):
    """Replays the snapshot; while `fault` is set, requests to `failing`'s base URL meet it instead."""

    replay: httpx.AsyncBaseTransport
    failing: SourceBase
    fault: str | None
    calls: list[str] = field(default_factory=list)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.fault is None or self.failing.relative_path(request.url) is None:
            return await self.replay.handle_async_request(request)
        self.calls.append(self.fault)
        fault = self.fault
        if fault == "timeout":
            await asyncio.sleep(30)  # far beyond the source's timeout: the gateway must not wait for it
        if fault == "connection refused":
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        if fault == "reset mid-body":
            return httpx.Response(200, headers={"content-type": "application/json"}, stream=_ResetMidBody())
        if fault == "oversize body":
            return httpx.Response(200, headers={"content-type": "application/json"}, stream=_Oversize())
        if fault in ("500", "503 with Retry-After", "429"):
            status = int(fault[:3])
            headers = {"retry-after": "1"} if status != 500 else {}
            return httpx.Response(status, headers=headers, text="upstream trouble")
        if fault == "malformed JSON":
            return httpx.Response(200, headers={"content-type": "application/json"}, content=b'{"hits": [{"id": ')
        real = await self.replay.handle_async_request(request)
        await real.aread()
        drifted = DRIFTS[fault](json.loads(real.content))
        return httpx.Response(real.status_code, headers={"content-type": "application/json"}, json=drifted)


FAULTS = ("timeout", "500", "503 with Retry-After", "429", "malformed JSON", *DRIFTS, "connection refused",
          "reset mid-body", "oversize body")
EXPECTED_CODES = {"timeout": {"UPSTREAM_TIMEOUT"}, "500": {"UPSTREAM_UNAVAILABLE"},
                  "503 with Retry-After": {"UPSTREAM_UNAVAILABLE"}, "429": {"UPSTREAM_UNAVAILABLE"},
                  "connection refused": {"UPSTREAM_UNAVAILABLE"}, "reset mid-body": {"UPSTREAM_UNAVAILABLE"}}


_HEALTHY: dict[str, dict[str, Any]] = {}


def _settings(source: str) -> Any:
    return make_settings(
        retry_attempts=2, retry_backoff_seconds=0.01, retry_max_wait_seconds=0.05,
        request_deadline_seconds=DEADLINE, source_timeouts={source: SOURCE_TIMEOUT},
        source_max_bytes={source: MAX_BYTES},
    )


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("source", sorted(CASES))
async def test_fault(source: str, fault: str) -> None:
    case = CASES[source]
    settings = _settings(source)
    bases = {base.name: base for base in source_bases(settings)}
    replay = ReplayTransport(BUNDLED_SNAPSHOT, bases.values())
    if source not in _HEALTHY:
        async with running_gateway(replay, settings=settings) as gateway:
            _, healthy = await gateway.query(case.query)
        assert "errors" not in healthy, healthy
        _HEALTHY[source] = healthy
    healthy = _HEALTHY[source]

    faulty = Faulty(replay, bases[source], fault)
    async with running_gateway(faulty, settings=settings) as gateway:
        started = time.monotonic()
        status, body = await gateway.query(case.query)
        elapsed = time.monotonic() - started
        assert faulty.calls, "the fault was never met: the case proves nothing"

        assert status == 200
        # The deadline plus scheduling slack on a busy 2-core machine; a hang (30 s) or attempts x timeout fails.
        assert elapsed < DEADLINE + 1.0, f"took {elapsed:.2f} s, past the {DEADLINE} s deadline"
        assert_only_its_field_failed(case, body, healthy, EXPECTED_CODES.get(fault, {"UPSTREAM_BAD_PAYLOAD"}))
        assert "Traceback" not in json.dumps(body)

        faulty.fault = None  # the upstream recovers: nothing bad may have been cached
        status, recovered = await gateway.query(case.query)
    assert status == 200 and recovered.get("errors") is None, recovered.get("errors")
    assert recovered["data"] == healthy["data"]


def test_the_matrix_covers_every_source_the_graph_calls() -> None:
    from kllgraph_gateway._registry import SOURCE_NAMES

    assert set(CASES) == set(SOURCE_NAMES) - {"myh"}
