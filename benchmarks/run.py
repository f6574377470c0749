#!/usr/bin/env python3
"""Every ratio of issues 10's and 16's target tables that this machine can measure, in one run.

    .venv/bin/python benchmarks/run.py [--quick] [--latency-ms 50] [--skip-warm]

Prints one line per measure, `<label>: <figure> (target <target>)`. These are figures, not tests: nothing here
asserts a speed. Sections:

- warm (HTTP, the gateway served by uvicorn on 127.0.0.1): the 100-ad and hub queries, gateway / graphql-core
  ceiling (response cache off) and gateway / static bytes (response cache on), through `../shared/perf/run.sh
  compare` when that tool sits beside the repository; without it these lines say "skipped" and why. Then
  throughput of `serve --offline --workers 2` against one worker on the warm 100-ad query, loaded by `wrk`.
- served cold (issue 16's side-by-side with Hive Gateway): `kllgraph-gateway serve`, live against
  benchmarks/fake_upstreams.py over HTTP (20 ms), 16 clients each sending a distinct 5-ad search: the gateway
  process's CPU per query (/proc). Beside it, for comparison, the same queries straight into the app in-process.
- cold (in-process, live and offline mode against fake upstreams: the bundled snapshot replayed after `--latency-ms` of
  sleep): the hub query's upstream requests / minimum, cold latency / critical-path bound, gateway CPU per cold
  upstream call.
- per-object cost, 8,000 vs ~100 objects (in-process, warm upstream cache, response cache off).
- SDK paging over 2,100 items: client CPU / a raw httpx + json loop over the same pages (sync and async), in a fresh
  interpreter (benchmarks/sdk_paging.py).
- `import kllgraph` in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import logging
import os
import re
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from kllgraph_gateway import Settings, create_app
from kllgraph_gateway._app import source_bases
from kllgraph_gateway._cache import cache_key
from kllgraph_gateway._snapshot import ReplayTransport
from kllgraph_gateway._upstream import ENDPOINT_EXTENSION

# Run as a script (`python benchmarks/run.py`), the repository root is not on the path; the measuring aid shared
# with the test harness lives beside this file as `benchmarks.field_level`.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.fake_upstreams import gateway_env as fake_gateway_env
from benchmarks.field_level import FIELD_LEVEL, FieldLevel

REPO = Path(__file__).resolve().parent.parent
PERF_TOOL = REPO.parent / "shared" / "perf"
VENV_BIN = Path(sys.executable).parent

# Upstream endpoints that serve slow-changing metadata, not the data an answer shows: the gateway reads them at
# startup and refreshes them in the background (`_preload.py`), so the minimum of a cold request is its distinct
# calls without them. SCB's table search (`/tables`) is table discovery with a fixed search text per statistic
# (connectors/scb/resolve.py), so it counts as metadata too, and so do the Taxonomy mirrors (one GraphQL query per
# concept type). (source, endpoint) pairs.
METADATA_ENDPOINTS = frozenset({("scb", "config"), ("scb", "metadata"), ("scb", "table"), ("scb", "tables"),
                                ("scb", "codelist"), ("taxonomy", "graphql")})


def line(label: str, figure: str, target: str) -> None:
    print(f"{label}: {figure} (target {target})", flush=True)


# --- fake upstreams ------------------------------------------------------------------------------------------

@dataclass
class SlowReplay(httpx.AsyncBaseTransport):
    """The snapshot's answers after `latency` seconds, like an upstream on loopback; records each request."""

    inner: httpx.AsyncBaseTransport
    latency: float
    # source, endpoint, field level, and what makes a request distinct: method, URL and body
    requests: list[tuple[str, str, int, str]] = field(default_factory=list)
    cpu_seconds: float = 0.0  # this transport's own CPU (reading the snapshot), not the gateway's
    refusing: bool = False  # answer 503 at once (to let a document be parsed and validated before a measurement)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.refusing:
            return httpx.Response(503, json={"message": "refused while priming"})
        named = request.extensions.get(ENDPOINT_EXTENSION)
        if named is not None:
            distinct = f"{request.method} {request.url} {request.content.decode(errors='replace')}"
            self.requests.append((named[0], named[1], FIELD_LEVEL.get(), distinct))
        if self.latency:
            await asyncio.sleep(self.latency)
        started = time.thread_time()
        response = await self.inner.handle_async_request(request)
        await response.aread()
        self.cpu_seconds += time.thread_time() - started
        return response


def live_settings(**overrides: Any) -> Settings:
    # Live mode (the snapshot stands in for the agencies), no retry waits, a token for SweCRIS (the fake accepts any).
    values: dict[str, Any] = {"retry_attempts": 1, "retry_backoff_seconds": 0.0, "source_tokens": {"swecris": "x"},
                              **overrides}
    return Settings(**values)


@contextlib.asynccontextmanager
async def gateway(latency: float, *, levels: bool = True,
                  **overrides: Any) -> AsyncIterator[tuple[httpx.AsyncClient, SlowReplay]]:
    """`levels`: the field-level measuring aid (`benchmarks.field_level`), for the critical-path bound."""
    settings = live_settings(**overrides)
    snapshot = Settings(offline=True).snapshot_dir
    replay = SlowReplay(ReplayTransport(snapshot, source_bases(settings)), latency)
    app = create_app(settings, transport=replay, extensions=[FieldLevel] if levels else [])
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://gateway", timeout=60
    ) as client:
        # Startup has preloaded the metadata; a client's first request comes later than the rate limiters' window
        # (SCB's, from its /config), as it would against a server that has been up for a second.
        limiter = app.state.upstream.runtimes["scb"].rate_limiter
        if limiter is not None:
            await asyncio.sleep(limiter.time_period)
        replay.requests.clear()
        replay.cpu_seconds = 0.0
        yield client, replay


async def post(client: httpx.AsyncClient, query: str) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query})
    body: dict[str, Any] = response.json()
    if body.get("errors"):
        raise RuntimeError(f"the gateway answered errors: {json.dumps(body['errors'])[:500]}")
    return body


# --- cold -----------------------------------------------------------------------------------------------------

async def cold(hub: str, latency: float, rounds: int, *, offline: bool) -> None:
    """Live: the client-side limiters the sources' published limits install apply (SCB's /config in the snapshot
    says 3 calls per 1 s). Offline: the same fake upstreams stand in for the snapshot, where no limiter applies."""
    totals, minima, ratios, waves_seen = [], [], [], []
    mode = "offline" if offline else "live"
    for _ in range(rounds):
        async with gateway(latency, response_cache=False, offline=offline) as (client, replay):
            started = time.perf_counter()
            await post(client, hub)
            elapsed = time.perf_counter() - started
            data = [(s, e, lvl, url) for s, e, lvl, url in replay.requests if (s, e) not in METADATA_ENDPOINTS]
            waves = len({lvl for _s, _e, lvl, _u in data})
            totals.append(len(replay.requests))
            minima.append(len({url for *_rest, url in data}))
            waves_seen.append(waves)
            ratios.append(elapsed / (waves * latency))
    total, minimum = statistics.median(totals), statistics.median(minima)
    line(f"cold hub query upstream requests / minimum ({mode})", f"{total:g} / {minimum:g}", "total = minimum")
    line(f"cold hub query latency / critical-path bound ({mode}, {latency * 1000:g} ms upstreams)",
         f"{statistics.median(ratios):.2f} (bound {statistics.median(waves_seen):g} waves x {latency * 1000:g} ms;"
         f" rounds {', '.join(f'{r:.2f}' for r in ratios)})", "<= 1.5")


async def cpu_per_call(hub: str, ads: str, rounds: int) -> None:
    """Cold CPU minus warm CPU of the same query (upstream cache warm, response cache off), per upstream call; the
    replaying transport's own CPU is taken out. The document is parsed and validated first (sent once while the
    fake upstreams refuse), so that a new document's one-time validation is not counted as upstream-call cost."""
    per_call: dict[str, list[float]] = {"hub": [], "100-ad": []}
    spent, calls_made = 0.0, 0
    for _ in range(rounds):
        for name, query in (("hub", hub), ("100-ad", ads)):
            async with gateway(0.0, levels=False, response_cache=False, breaker_failures=10**6) as (client, replay):
                replay.refusing = True
                upstream_log = logging.getLogger("kllgraph_gateway.upstream")
                upstream_log.disabled = True  # the refusals are expected; their warnings say nothing here
                try:
                    await client.post("/graphql", json={"query": query})
                finally:
                    upstream_log.disabled = False
                    replay.refusing = False
                replay.requests.clear()
                replay.cpu_seconds = 0.0
                cpu = time.process_time()
                await post(client, query)
                cold_cpu = time.process_time() - cpu - replay.cpu_seconds
                calls = len(replay.requests)
                cpu = time.process_time()
                await post(client, query)
                warm_cpu = time.process_time() - cpu
                per_call[name].append((cold_cpu - warm_cpu) / max(calls, 1))
                spent, calls_made = spent + cold_cpu - warm_cpu, calls_made + calls
    # All cold calls of both queries together (the hub's 11 small calls and the 100-ad query's one large call),
    # then each query's median per call.
    line("gateway CPU per cold upstream call", f"{spent / max(calls_made, 1) * 1000:.2f} ms over {calls_made} calls "
         f"(per query, median per call: hub {statistics.median(per_call['hub']) * 1000:.2f} ms, 100-ad "
         f"{statistics.median(per_call['100-ad']) * 1000:.2f} ms)", "<= 2 ms")
    # Issue 16's own target for the hub: its small calls, each to another source, one by one.
    hub_calls = ", ".join(f"{figure * 1000:.2f}" for figure in per_call["hub"])
    line("gateway CPU per cold upstream call, hub query", f"{statistics.median(per_call['hub']) * 1000:.2f} ms "
         f"(median of {len(per_call['hub'])} rounds: {hub_calls} ms)", "<= 1 ms")


def count_objects(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(count_objects(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_objects(v) for v in value)
    return 0


AD_FIELDS = "edges { node { id headline employer { name organisationNumber } occupation { label ssykCode } } }"


async def per_object(repeats: int) -> None:
    """Warm per-object CPU of a ~100-object answer against an ~8,000-object one (aliased pages of the same ads)."""
    async with gateway(0.0, response_cache=False, max_aliases=200, max_field_repeats=200,
                       max_query_cost=10_000) as (client, _replay):
        small = f"{{ jobAds(first: 25) {{ {AD_FIELDS} }} }}"
        one = await post(client, f"{{ a0: jobAds(first: 100) {{ {AD_FIELDS} }} }}")
        per_page = count_objects(one["data"])
        pages = max(1, round(8000 / per_page))
        large = "{ " + " ".join(f"a{i}: jobAds(first: 100) {{ {AD_FIELDS} }}" for i in range(pages)) + " }"
        costs: dict[str, list[float]] = {"small": [], "large": []}
        objects: dict[str, int] = {}
        with collector_cpu() as in_gc:
            for name, query in (("small", small), ("large", large)):
                objects[name] = count_objects((await post(client, query))["data"])  # warms the upstream cache
                in_gc[0] = 0.0
                for _ in range(repeats):
                    cpu = time.process_time()
                    await post(client, query)
                    costs[name].append((time.process_time() - cpu) / objects[name])
                gc_share = in_gc[0] / (sum(costs[name]) * objects[name])
    small_us, large_us = (statistics.median(costs[k]) * 1e6 for k in ("small", "large"))
    # The ~100-object figure includes each request's fixed cost (parsing, validation, HTTP), spread over few objects.
    line(f"per-object cost, {objects['large']:,} vs {objects['small']:,} objects",
         f"{large_us / small_us:.2f}x ({large_us:.1f} vs {small_us:.1f} us per object; the collector took "
         f"{gc_share:.0%} of the large query's CPU)", "<= 1.2x")


@contextlib.contextmanager
def collector_cpu() -> Iterator[list[float]]:
    """CPU seconds the cyclic garbage collector runs inside the block (gc.callbacks), as a one-item list."""
    spent, started = [0.0], [0.0]

    def callback(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.thread_time()
        else:
            spent[0] += time.thread_time() - started[0]

    gc.callbacks.append(callback)
    try:
        yield spent
    finally:
        gc.callbacks.remove(callback)


# --- SDK paging ----------------------------------------------------------------------------------------------

SDK_ITEMS, SDK_PAGE = 2100, 100


def sdk_pages() -> tuple[str, dict[str | None, bytes]]:
    """The generated client's own jobAds document, and 21 pages of 100 ads in the gateway's answer shape (one
    real answer from the offline gateway, its nodes repeated with distinct ids and cursors)."""
    import kllgraph

    captured: dict[str, Any] = {}

    def capture(request: httpx.Request) -> httpx.Response:
        captured.update(json.loads(request.content))
        return httpx.Response(200, json={"data": None, "errors": [{"message": "captured"}]})

    with kllgraph.Client("http://sdk.test/graphql", transport=httpx.MockTransport(capture), cache=False,
                         max_retries=0) as client, contextlib.suppress(kllgraph.KllgraphError):
        client.job_ads(first=SDK_PAGE).first_page()
    document = captured["query"]

    async def real_page() -> dict[str, Any]:
        app = create_app(Settings(offline=True))
        async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://gateway"
        ) as http:
            answer = await http.post("/graphql", json={"query": document, "variables": {"first": SDK_PAGE}})
            body: dict[str, Any] = answer.json()
            return body

    template = asyncio.run(real_page())
    connection = template["data"]["jobAds"]
    nodes = [edge for edge in connection["edges"]]
    pages: dict[str | None, bytes] = {}
    after: str | None = None
    for page in range(SDK_ITEMS // SDK_PAGE):
        edges = []
        for i in range(SDK_PAGE):
            edge = json.loads(json.dumps(nodes[i % len(nodes)]))
            edge["node"]["id"] = f"{page * SDK_PAGE + i}"
            if "cursor" in edge:
                edge["cursor"] = f"c{page * SDK_PAGE + i}"
            edges.append(edge)
        end = f"p{page + 1}"
        body = {**template, "data": {"jobAds": {**connection, "totalCount": SDK_ITEMS, "edges": edges, "pageInfo": {
            **connection["pageInfo"], "hasNextPage": page + 1 < SDK_ITEMS // SDK_PAGE, "endCursor": end}}}}
        pages[after] = json.dumps(body).encode()
        after = end
    return document, pages


def sdk_paging(repeats: int) -> None:
    """benchmarks/sdk_paging.py in a fresh interpreter, over pages this process captured from a gateway."""
    document, pages = sdk_pages()
    with tempfile.TemporaryDirectory() as folder:
        saved = Path(folder) / "pages.json"
        saved.write_text(json.dumps({"document": document, "pages": [[after, page.decode()] for after, page in
                                                                     pages.items()]}), encoding="utf-8")
        result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "sdk_paging.py"), str(saved),
                                 str(repeats)], capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"benchmarks/sdk_paging.py failed: {result.stderr[-2000:]}")
    print(result.stdout, end="", flush=True)


def import_time(repeats: int) -> None:
    """A fresh interpreter's `import kllgraph`, with bytecode cached as an installed package has it (pip compiles
    at install). The editable checkout has none, and PYTHONDONTWRITEBYTECODE (set on some machines) would make
    every run compile the SDK's sources again, so the runs share a temporary bytecode cache, filled by one
    untimed run first."""
    timed = "import time; t = time.perf_counter(); {}; print(time.perf_counter() - t)"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def median_ms(statement: str) -> tuple[float, float]:
        command = [sys.executable, "-X", f"pycache_prefix={bytecode}", "-c", timed.format(statement)]
        subprocess.run(command, check=True, capture_output=True, env=env)
        samples = [float(subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout)
                   for _ in range(repeats)]
        return statistics.median(samples) * 1000, min(samples) * 1000

    with tempfile.TemporaryDirectory() as bytecode:
        sdk, sdk_min = median_ms("import kllgraph")
        # The floor under it: its two dependencies, pydantic as far as defining a model needs it.
        floor, _ = median_ms("import httpx, pydantic; pydantic.BaseModel")
    line("import kllgraph (fresh interpreter, bytecode cached)", f"{sdk:.0f} ms (median of {repeats}, min "
         f"{sdk_min:.0f}; httpx + pydantic alone {floor:.0f} ms)", "<= 150 ms")


# --- warm, over HTTP, via ../shared/perf ----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def serving(args: list[str], env: dict[str, str], *, pin: str | None = None) -> Iterator[tuple[str, int]]:
    """`kllgraph-gateway serve *args` on a free port of 127.0.0.1 (pinned to the cpus `pin` names, when taskset is
    there), once it answers /healthz: its GraphQL URL and pid. Stopped with SIGINT (its workers with it)."""
    port = free_port()
    pinned = ["taskset", "-c", pin] if pin is not None and shutil.which("taskset") else []
    process = subprocess.Popen([*pinned, str(VENV_BIN / "kllgraph-gateway"), "serve", *args, "--port", str(port)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(600):
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            if process.poll() is not None:
                raise RuntimeError(f"the gateway exited with code {process.returncode}")
            time.sleep(0.1)
        else:
            raise RuntimeError("the gateway did not answer /healthz within a minute")
        yield f"{url}/graphql", process.pid
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def served_gateway(response_cache: bool) -> Iterator[tuple[str, int]]:
    pin = "1" if (os.cpu_count() or 1) >= 2 else None
    env = {**os.environ, "KLLGRAPH_RESPONSE_CACHE": "true" if response_cache else "false"}
    with serving(["--offline"], env, pin=pin) as served:
        yield served


# --- served: real `kllgraph-gateway serve` processes on 127.0.0.1 ---------------------------------------------

# Issue 16's side-by-side with Hive Gateway: a distinct 5-ad search per request (so every request calls JobSearch),
# with each ad's employer and occupation, 16 clients, upstreams answering after 20 ms.
FIVE_AD_QUERY = ('{ jobAds(first: 5, query: "%s") { totalCount edges { node { id headline '
                 'employer { name organisationNumber } occupation { label ssykCode } } } } }')
FAKE_LATENCY_MS = 20.0
CLIENTS = 16


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def fake_upstreams(latency_ms: float) -> Iterator[int]:
    """benchmarks/fake_upstreams.py in its own process: the port it serves every source on."""
    port = free_port()
    process = subprocess.Popen([sys.executable, str(REPO / "benchmarks" / "fake_upstreams.py"), str(port),
                                "--latency-ms", str(latency_ms)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 60)
        if not ready or process.stdout.readline().strip() != b"ready":
            raise RuntimeError("the fake upstreams did not start")
        yield port
    finally:
        process.terminate()
        process.wait(10)


async def closed_loop(url: str, bodies: list[bytes], clients: int) -> tuple[float, list[float]]:
    """Sends every body once, `clients` at a time (each client sends its next when its answer is in); wall seconds
    and each request's latency. Any GraphQL error or non-200 answer stops the run."""
    queue = iter(bodies)
    latencies: list[float] = []

    async def client(http: httpx.AsyncClient) -> None:
        for body in queue:
            started = time.perf_counter()
            response = await http.post(url, content=body, headers={"content-type": "application/json"})
            latencies.append(time.perf_counter() - started)
            if response.status_code != 200 or b'"errors"' in response.content:
                raise RuntimeError(f"the gateway answered {response.status_code}: {response.text[:300]}")

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=60) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        return time.perf_counter() - started, latencies


def cold_five_ad(requests: int, rounds: int) -> None:
    """Gateway CPU per cold 5-ad query: `kllgraph-gateway serve` (one process, live, default settings but JobSearch
    allowed 16 calls in flight) against benchmarks/fake_upstreams.py, 16 clients each sending distinct queries.
    The gateway process's own CPU (/proc) over the requests, divided by their number: the clients' and the fakes'
    CPU is not in it."""
    if not Path("/proc/self/stat").is_file():
        line("gateway CPU per cold 5-ad query", "skipped (needs /proc)", "<= 2.5 ms")
        return
    per_query, rates, medians = [], [], []
    with fake_upstreams(FAKE_LATENCY_MS) as port:
        env = fake_gateway_env(port, jobsearch_max_concurrency=str(CLIENTS))
        with serving([], env) as (url, pid):
            tag = 0

            def distinct(count: int) -> list[bytes]:
                nonlocal tag
                tag += 1
                return [json.dumps({"query": FIVE_AD_QUERY % f"r{tag}q{i}"}).encode() for i in range(count)]

            asyncio.run(closed_loop(url, distinct(max(requests // 10, 2 * CLIENTS)), CLIENTS))  # warm-up
            for _ in range(rounds):
                bodies = distinct(requests)
                cpu = process_cpu(pid)
                wall, latencies = asyncio.run(closed_loop(url, bodies, CLIENTS))
                per_query.append((process_cpu(pid) - cpu) / requests)
                rates.append(requests / wall)
                medians.append(statistics.median(latencies))
    figures = ", ".join(f"{figure * 1000:.2f}" for figure in per_query)
    line(f"gateway CPU per cold 5-ad query (served, {CLIENTS} clients, {FAKE_LATENCY_MS:g} ms upstreams)",
         f"{statistics.median(per_query) * 1000:.2f} ms (rounds of {requests} queries: {figures} ms; "
         f"{statistics.median(rates):.0f} rps, p50 {statistics.median(medians) * 1000:.0f} ms)", "<= 2.5 ms")


@dataclass
class SearchesAnswered(httpx.AsyncBaseTransport):
    """The snapshot's answers, except that a JobSearch search with free text gets the unfiltered first page (as
    benchmarks/fake_upstreams.py answers it); records its own CPU."""

    inner: httpx.AsyncBaseTransport
    first_page: bytes
    cpu_seconds: float = 0.0
    searches: int = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        started = time.thread_time()
        if request.extensions.get(ENDPOINT_EXTENSION) == ("jobsearch", "search") and "q" in request.url.params:
            self.searches += 1
            response = httpx.Response(200, headers={"content-type": "application/json"}, content=self.first_page,
                                      request=request)
        else:
            response = await self.inner.handle_async_request(request)
            await response.aread()
        self.cpu_seconds += time.thread_time() - started
        return response


async def asgi_post(app: Any, body: bytes) -> bytes:
    """One POST /graphql straight into the ASGI app (no client, no socket, no HTTP parsing): the answer's bytes."""
    received = False

    async def receive() -> dict[str, Any]:
        nonlocal received
        if not received:
            received = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # the client never disconnects
        raise AssertionError("unreachable")

    chunks: list[bytes] = []

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/graphql", "raw_path": b"/graphql", "query_string": b"", "root_path": "",
             "headers": [(b"host", b"gateway"), (b"content-type", b"application/json"),
                         (b"content-length", str(len(body)).encode())],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    await app(scope, receive, send)
    return b"".join(chunks)


async def cold_five_ad_in_process(requests: int, rounds: int) -> None:
    """The same queries, one at a time, straight into the app in this process (live settings, the snapshot behind
    an injected transport): the app's own CPU per cold 5-ad query, without the HTTP server, the sockets and the
    HTTP client of the upstream call, which the served figure includes."""
    settings = live_settings()
    replay = ReplayTransport(Settings(offline=True).snapshot_dir, source_bases(settings))
    page = replay.exchanges[cache_key("jobsearch", "GET", "/search", (("offset", "0"), ("limit", "100")), None)]
    transport = SearchesAnswered(replay, page.content)
    app = create_app(settings, transport=transport)
    per_query = []
    async with app.router.lifespan_context(app):
        for round_ in range(rounds + 1):  # the first round warms up
            bodies = [json.dumps({"query": FIVE_AD_QUERY % f"p{round_}q{i}"}).encode() for i in range(requests)]
            transport.cpu_seconds, transport.searches = 0.0, 0
            cpu = time.process_time()
            for body in bodies:
                answer = await asgi_post(app, body)
                if b'"errors"' in answer:
                    raise RuntimeError(f"the gateway answered errors: {answer[:300]!r}")
            spent = time.process_time() - cpu - transport.cpu_seconds
            if transport.searches != requests:
                raise RuntimeError(f"{transport.searches} JobSearch calls for {requests} queries")
            if round_:
                per_query.append(spent / requests)
    figures = ", ".join(f"{figure * 1000:.2f}" for figure in per_query)
    line("gateway CPU per cold 5-ad query, in-process (the app alone, for comparison)",
         f"{statistics.median(per_query) * 1000:.2f} ms (rounds of {requests} queries: {figures} ms)",
         "none: the served figure above is the measure")


WRK_SCRIPT = REPO / "benchmarks" / "post.lua"
WRK_RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)


def wrk(url: str, body_file: Path, seconds: int) -> float:
    """Requests per second of a closed loop of CLIENTS connections POSTing the body, `seconds` long."""
    result = subprocess.run(["wrk", "-t2", f"-c{CLIENTS}", f"-d{seconds}s", "--timeout", "10s", "-s",
                             str(WRK_SCRIPT), url, "--", str(body_file)],
                            capture_output=True, text=True, timeout=seconds + 60, check=True)
    if "Non-2xx" in result.stdout or "Socket errors" in result.stdout:
        raise RuntimeError(f"wrk saw failed requests:\n{result.stdout}")
    found = WRK_RPS.search(result.stdout)
    if found is None:
        raise RuntimeError(f"could not read wrk's output:\n{result.stdout}")
    return float(found[1])


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (serve's worker processes), from /proc (Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def workers_throughput(ads: str, seconds: int, warmup: int, rounds: int, *, skip: bool) -> None:
    """Warm 100-ad query, response cache off: `serve --offline --workers 2` against one worker, each loaded in turn
    by wrk (CLIENTS connections, unpinned: on 2 cpus the load generator shares them with the gateway). Each round
    also says how the 2 workers shared the work (the busier one's share of their CPU): the workers share one
    listening socket, and the kernel hands a burst of new connections to whichever wakes first."""
    label, target = "throughput, warm 100-ad query, --workers 2 / 1 worker", ">= 1.7x"
    why = "--skip-warm" if skip else None if shutil.which("wrk") else "wrk not installed: apt-get install -y wrk"
    if why is not None:
        line(label, f"skipped ({why})", target)
        return
    env = {**os.environ, "KLLGRAPH_RESPONSE_CACHE": "false"}
    rates: dict[int, list[float]] = {1: [], 2: []}
    shares: list[float] = []
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
        body = Path(folder) / "body.json"
        body.write_text(json.dumps({"query": ads}), encoding="utf-8")
        served = {workers: stack.enter_context(serving(["--offline", "--workers", str(workers)], env))
                  for workers in rates}
        for url, _pid in served.values():
            answer = httpx.post(url, content=body.read_bytes(), headers={"content-type": "application/json"},
                                timeout=30)
            if answer.status_code != 200 or "errors" in answer.json():
                raise RuntimeError(f"the gateway answered {answer.status_code}: {answer.text[:300]}")
            wrk(url, body, warmup)  # every worker started and warm
        workers_of_two = [pid for pid in children(served[2][1]) if Path(f"/proc/{pid}/stat").is_file()]
        for _ in range(rounds):
            for workers, (url, _pid) in served.items():
                before = [process_cpu(pid) for pid in workers_of_two]
                rates[workers].append(wrk(url, body, seconds))
                if workers == 2:
                    spent = [process_cpu(pid) - cpu for pid, cpu in zip(workers_of_two, before, strict=True)]
                    shares.append(max(spent) / max(sum(spent), 1e-9))
    one, two = (statistics.median(rates[workers]) for workers in (1, 2))
    line(label, f"{two / one:.2f}x ({two:.0f} vs {one:.0f} rps, medians of {rounds} rounds of {seconds} s; "
         f"2 workers {', '.join(f'{r:.0f}' for r in rates[2])}, 1 worker {', '.join(f'{r:.0f}' for r in rates[1])};"
         f" busier worker's share of the 2 workers' CPU {', '.join(f'{share:.0%}' for share in shares)})", target)


RATIOS = re.compile(r"ratio gateway/graphql-core = ([\d.]+), gateway/static = ([\d.]+)")


def compare(url: str, pid: int, query: Path, seconds: int, warmup: int, rounds: int) -> tuple[float, float] | str:
    result = subprocess.run([str(PERF_TOOL / "run.sh"), "compare", url, str(query), "--rounds", str(rounds),
                             "--seconds", str(seconds), "--warmup", str(warmup), "--gateway-pid", str(pid)],
                            capture_output=True, text=True, timeout=600)
    found = RATIOS.search(result.stdout)
    if found is None:
        return f"compare failed: {(result.stdout + result.stderr).strip().splitlines()[-1:]}"
    return float(found[1]), float(found[2])


def warm(seconds: int, warmup: int, rounds: int, *, skip: bool) -> None:
    """Medians of `rounds` rounds (the perf tool loads the gateway and both ceilings in turn each round)."""
    queries = {"100-ad query": PERF_TOOL / "queries" / "ads100.graphql", "hub query": PERF_TOOL / "queries" /
               "hub.graphql"}
    why = "--skip-warm" if skip else None if (PERF_TOOL / "run.sh").is_file() else f"{PERF_TOOL} not found"
    if why is not None:
        for name in queries:
            line(f"warm {name}: gateway / graphql-core ceiling", f"skipped ({why})", ">= 0.9")
            line(f"warm {name}, response cache: gateway / static bytes", f"skipped ({why})", ">= 0.5")
        return
    for cached in (False, True):
        with served_gateway(response_cache=cached) as (url, pid):
            for name, query in queries.items():
                measured = compare(url, pid, query, seconds, warmup, rounds)
                if cached:
                    figure = measured if isinstance(measured, str) else f"{measured[1]:.2f}"
                    line(f"warm {name}, response cache: gateway / static bytes", figure, ">= 0.5")
                else:
                    figure = measured if isinstance(measured, str) else f"{measured[0]:.2f}"
                    line(f"warm {name}: gateway / graphql-core ceiling", figure, ">= 0.9")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one round of everything, short loads (a smoke run)")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="fake upstreams' latency for the cold path")
    parser.add_argument("--skip-warm", action="store_true", help="leave out the HTTP section (../shared/perf)")
    args = parser.parse_args()
    rounds, repeats = (1, 2) if args.quick else (3, 7)
    hub = (REPO / "benchmarks" / "queries" / "hub.graphql").read_text(encoding="utf-8")
    ads = (REPO / "benchmarks" / "queries" / "ads100.graphql").read_text(encoding="utf-8")
    print(f"machine: {os.cpu_count()} cpus, load {os.getloadavg()[0]:.2f}, python {sys.version.split()[0]}, "
          f"gc thresholds {gc.get_threshold()}", flush=True)
    warm(*((2, 1, 1) if args.quick else (5, 2, 3)), skip=args.skip_warm)
    workers_throughput(ads, *((2, 1, 1) if args.quick else (10, 3, 3)), skip=args.skip_warm)
    cold_five_ad(*((150, 1) if args.quick else (1500, 3)))
    asyncio.run(cold_five_ad_in_process(*((100, 1) if args.quick else (500, 3))))
    for offline in (False, True):
        asyncio.run(cold(hub, args.latency_ms / 1000, rounds, offline=offline))
    asyncio.run(cpu_per_call(hub, ads, rounds))
    asyncio.run(per_object(repeats))
    sdk_paging(repeats)
    import_time(3 if args.quick else 7)


if __name__ == "__main__":
    main()
