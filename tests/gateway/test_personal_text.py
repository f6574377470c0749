"""A person's text (`matchExperience(text:)`, `_personal`) is never logged, cached, registered, counted or kept:
proved with a canary phrase, sent every way a client could send it, then looked for everywhere it could have been
kept: every log line (DEBUG included), the Redis keys and values behind the shared caches, /metrics, and every
container object the process still holds (which covers every in-memory cache: the upstream cache, the whole-answer
cache and its memos, APQ, strawberry's parse and validation caches and the limits' own)."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from .connectors.test_jobed import MATCH_BY_TEXT
from .harness import GRAPHQL_RESPONSE, make_settings, running_gateway, taxonomy_answer
from .test_redis_cache import _free_port, redis_server_process

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")

MATCH = "matchExperience(text: $t) { occupations { label } skills { label skill { id } } }"


def _canary() -> str:
    """A phrase no code or data holds, made at run time (a module constant would be found by the scan)."""
    return "kanariefågel-" + uuid.uuid4().hex


def _echoing_agencies(canary: str) -> httpx.MockTransport:
    """The agencies' answers; Enrichments echoes the person's words as its `term`, as the real one does."""

    def upstream(request: httpx.Request) -> httpx.Response:
        if request.url.host == "taxonomy.api.jobtechdev.se":
            return taxonomy_answer(request)
        if request.url.host == "jobad-enrichments-api.jobtechdev.se":
            documents = json.loads(request.content)["documents_input"]
            return httpx.Response(200, json=[{"doc_id": d["doc_id"], "doc_headline": "", "enriched_candidates": {
                "occupations": [], "traits": [], "geos": [],
                "competencies": [{"concept_label": "Omvårdnad", "term": canary, "term_misspelled": False,
                                  "prediction": 0.9}]}} for d in documents])
        return httpx.Response(200, json=MATCH_BY_TEXT)

    return httpx.MockTransport(upstream)


def _slot_values(obj: object) -> list[object]:
    names = {name for cls in type(obj).__mro__ for name in getattr(cls, "__slots__", ())
             if isinstance(name, str) and name not in ("__dict__", "__weakref__")}
    values = []
    for name in names:
        try:
            values.append(getattr(obj, name))
        except AttributeError:
            continue
    return values


def _members(obj: object) -> list[object]:
    """What an object holds: a container's items (keys and values), or a slotted object's attributes."""
    if isinstance(obj, dict):
        return [*obj.keys(), *obj.values()]
    if isinstance(obj, list | tuple | set | frozenset):
        return list(obj)
    return _slot_values(obj) if hasattr(type(obj), "__slots__") else []


def _containers_holding(needles: list[str]) -> list[str]:
    """Descriptions of the objects the process holds (containers, and slotted objects such as graphql-core's AST
    nodes) that hold, directly or through untracked tuples (which CPython's collector does not list), a string or
    bytes containing any of `needles`; after a full collection."""
    gc.collect()
    encoded = [n.encode() for n in needles]

    def holds(value: object, depth: int) -> bool:
        if isinstance(value, str):
            return any(n in value for n in needles)
        if isinstance(value, bytes | bytearray | memoryview):
            data = bytes(value)
            return any(n in data for n in encoded)
        if depth and isinstance(value, tuple | frozenset):
            return any(holds(item, depth - 1) for item in value)
        return False

    found = []
    for obj in gc.get_objects():
        if obj is needles or obj is encoded:
            continue  # the scan's own needles
        try:
            if any(holds(member, 3) for member in _members(obj)):
                found.append(f"{type(obj).__name__}: {str(obj)[:200]}")
        except Exception:  # an object mutated or torn down while scanned: not a holder
            continue
    return found


async def _send_every_way(gateway: Any, text: str) -> list[httpx.Response]:
    """POST with a variable and with an inline literal (twice each), APQ registration, GET, a batch of two."""
    client: httpx.AsyncClient = gateway.client
    headers = {"accept": GRAPHQL_RESPONSE}
    variable = {"query": f"query Q($t: String!) {{ {MATCH} }}", "variables": {"t": text}}
    inline = {"query": "{ " + MATCH.replace("$t", json.dumps(text)) + " }"}
    apq_query = "{ " + MATCH.replace("$t", json.dumps(text)) + " skills2: __typename }"
    apq = {"query": apq_query, "extensions": {"persistedQuery": {
        "version": 1, "sha256Hash": hashlib.sha256(apq_query.encode()).hexdigest()}}}
    responses = []
    for body in (variable, variable, inline, inline, apq):
        responses.append(await client.post("/graphql", json=body, headers=headers))
    responses.append(await client.get("/graphql", params={"query": inline["query"]}, headers=headers))
    responses.append(await client.post("/graphql", json=[variable, variable], headers=headers))
    return responses


async def test_the_canary_is_nowhere_after_every_way_of_sending_it(caplog: pytest.LogCaptureFixture) -> None:
    canary = _canary()
    text = f"Jag har arbetat som vårdbiträde. {canary}"
    needles = [canary, hashlib.sha256(text.encode()).hexdigest()]
    caplog.set_level(logging.DEBUG)
    with redis_server_process() as (_server, redis_url):
        settings = make_settings(redis_url=redis_url, response_cache=True, persisted_queries=True)
        async with running_gateway(_echoing_agencies(canary), settings=settings) as gateway:
            responses = await _send_every_way(gateway, text)
            answered = [r for r in responses if r.status_code == 200]
            assert len(answered) == 5 and all("errors" not in r.json() for r in answered), [r.text for r in answered]
            assert all(r.headers["cache-control"] == "no-store" for r in answered)
            assert responses[5].status_code == 405 and responses[6].status_code == 400  # GET, batch
            assert all(canary not in response.text for response in responses)  # the answers name labels only
            metrics = (await gateway.client.get("/metrics")).text
            # Nothing of the text in the shared caches: every key and value in Redis.
            import redis.asyncio as redis_client

            connection = redis_client.from_url(redis_url)
            keys = [key async for key in connection.scan_iter()]
            values = [await connection.dump(key) or b"" for key in keys]
            await connection.aclose()
            del responses, answered
            holders = _containers_holding(needles)
    assert not [r.getMessage() for r in caplog.records if any(n in r.getMessage() for n in needles)]
    assert not [line for line in caplog.text.splitlines() if any(n in line for n in needles)]
    assert all(n not in metrics for n in needles)
    assert keys  # the caches were in use (the taxonomy mirrors), so their absence of the text means something
    assert not [k for k in keys if any(n.encode() in k for n in needles)]
    assert not [v for v in values if any(n.encode() in v for n in needles)]
    assert holders == []


async def test_the_scan_would_find_a_cached_text() -> None:
    # The scan above can fail: a text an ordinary (cached) field received is found in the caches that keep it.
    canary = _canary()
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        response = await gateway.client.post("/graphql", json={"query": f'{{ skills(query: "{canary}") {{ '
                                                               "totalCount } }"})
        assert response.status_code == 200
        del response
        holders = _containers_holding([canary])
    assert holders  # e.g. strawberry's parse cache holds the document


@pytest.fixture
def served_gateway() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`kllgraph-gateway serve --offline` in a process of its own, logging at DEBUG (JSON lines, access log on)."""
    port = _free_port()
    env = {**os.environ, "KLLGRAPH_PRELOAD_METADATA": "false", "KLLGRAPH_GC_TUNING": "false"}
    process = subprocess.Popen(
        [sys.executable, "-m", "kllgraph_gateway._cli", "serve", "--offline", "--port", str(port),
         "--log-level", "debug", "--log-format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "the gateway did not start"
            time.sleep(0.1)
        yield url, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def test_a_served_gateways_log_never_holds_the_text(served_gateway: tuple[str, subprocess.Popen[str]]) -> None:
    url, process = served_gateway
    canary = _canary()
    text = f"Jag har arbetat som vårdbiträde. {canary}"
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        headers = {"accept": GRAPHQL_RESPONSE}
        posted = await client.post("/graphql", headers=headers, json={
            "query": f"query Q($t: String!) {{ {MATCH} }}", "variables": {"t": text}})
        inline = "{ " + MATCH.replace("$t", json.dumps(text)) + " }"
        await client.post("/graphql", headers=headers, json={"query": inline})
        got = await client.get("/graphql", headers=headers, params={"query": inline})
        metrics = (await client.get("/metrics")).text
    # Offline, the snapshot does not hold this text's answers: errors that name the sources, never the text.
    assert posted.status_code == 200 and {e["extensions"]["code"] for e in posted.json()["errors"]} == {
        "SNAPSHOT_MISSING"}
    assert canary not in posted.text and got.status_code == 405 and canary not in metrics
    process.send_signal(signal.SIGTERM)
    output, _ = await asyncio.to_thread(process.communicate, timeout=20)
    lines = output.splitlines()
    # The access log kept the path only (JSON lines escape the ellipsis).
    assert any("GET /graphql?\\u2026" in line or "GET /graphql?…" in line for line in lines), output[-2000:]
    assert any("POST /graphql" in line for line in lines)
    assert [line for line in lines if canary in line] == []
