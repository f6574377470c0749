"""Scale out on real parts, no containers: two `kllgraph-gateway serve` processes, a real redis-server and a real
HAProxy running deploy/haproxy.cfg (its bind and server lines swapped for loopback ones), live against a fake
JobSearch on 127.0.0.1 that counts the requests it gets. Under a bounded load through HAProxy (8 concurrent
clients, half of the queries new to the gateways, half repeats):

(a) what one replica fetched upstream, the other serves from Redis (the fake's request counts prove it);
(b) one replica killed with SIGKILL mid-load: no client request fails, and the survivor keeps answering;
(c) a rolling restart with SIGTERM (each replica drained, restarted and back in HAProxy before the next): no failure;
(d) Redis stalled (SIGSTOP) then killed mid-load: no failure.

`pytest -m scale_out -s` prints the figures docs/deploy.md quotes. Needs Debian's haproxy and redis-server
(.ci/run installs both); skipped, saying so, without them.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from ..conftest import REPO
from ..gateway.served import (
    FakeJobSearch,
    ServeProcess,
    free_port,
    gateway_env,
    serve_process,
    wait_until,
)
from ..gateway.test_redis_cache import redis_server_process

HAPROXY = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)

pytestmark = [
    pytest.mark.scale_out,
    pytest.mark.skipif(HAPROXY is None,
                       reason="haproxy is not installed (Debian package `haproxy`; .ci/run installs it)"),
    pytest.mark.skipif(shutil.which("redis-server") is None,
                       reason="redis-server is not installed (Debian package `redis-server`; .ci/run installs it)"),
]

CONCURRENCY = 8
CYCLE_SECONDS = 0.1  # each client sends at most one request per cycle: at most 80 requests/s in all
MAX_REQUESTS_PER_PHASE = 2000  # a bound, not reached in a normal run: each phase ends when its disruption is over
QUERY = "{ jobAds(query: \"%s\", first: 3) { totalCount edges { node { id headline } } } }"


# --- HAProxy from deploy/haproxy.cfg -------------------------------------------------------------------------------


def _replace_once(pattern: str, replacement: str, text: str) -> str:
    changed, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    assert count == 1, f"deploy/haproxy.cfg no longer has exactly one match for {pattern!r}"
    return changed


def haproxy_config(port: int, servers: dict[str, int], stats_socket: Path) -> str:
    """deploy/haproxy.cfg on loopback: our port, two static servers instead of Docker's DNS, a stats socket."""
    config = (REPO / "deploy" / "haproxy.cfg").read_text(encoding="utf-8")
    config = _replace_once(r"^    bind :8080$", f"    bind 127.0.0.1:{port}", config)
    lines = "\n".join(f"    server {name} 127.0.0.1:{server_port}" for name, server_port in servers.items())
    config = _replace_once(r"^    server-template gateway .*$", lines, config)
    config = _replace_once(r"^resolvers docker\n(?:    .*\n)+\n", "", config)
    return _replace_once(r"^global$", f"global\n    stats socket {stats_socket} mode 600 level admin", config)


@dataclass
class Balancer:
    process: subprocess.Popen[bytes]
    port: int
    stats_socket: Path
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/graphql"

    def server_states(self) -> dict[str, str]:
        """Server name -> HAProxy's status (UP, DOWN, ...), from `show stat` on the stats socket."""
        with socket.socket(socket.AF_UNIX) as client:
            client.settimeout(2)
            client.connect(str(self.stats_socket))
            client.sendall(b"show stat\n")
            data = b""
            while chunk := client.recv(65536):
                data += chunk
        states = {}
        for row in data.decode().splitlines():
            cells = row.split(",")
            if len(cells) > 17 and cells[0] == "gateways" and cells[1] not in ("FRONTEND", "BACKEND"):
                states[cells[1]] = cells[17]
        return states

    def wait_until_up(self, name: str) -> None:
        wait_until(f"HAProxy sees {name} UP", lambda: self.server_states().get(name) == "UP", timeout=30)

    def retried(self) -> int:
        """Requests HAProxy logged with at least one retry (the retries field of its HTTP log lines)."""
        retries = re.findall(r" \d+/\d+/\d+/\d+/(\+?\d+) \d+/\d+ \"", self.log.read_text(errors="replace"))
        return sum(int(value.lstrip("+")) > 0 for value in retries)


@contextlib.contextmanager
def running_haproxy(servers: dict[str, int], folder: Path) -> Iterator[Balancer]:
    assert HAPROXY is not None
    port, stats_socket, config = free_port(), folder / "haproxy.sock", folder / "haproxy.cfg"
    config.write_text(haproxy_config(port, servers, stats_socket), encoding="utf-8")
    log = folder / "haproxy.log"
    with log.open("wb") as output:
        process = subprocess.Popen([HAPROXY, "-db", "-f", str(config)], stdout=output, stderr=subprocess.STDOUT)
    balancer = Balancer(process, port, stats_socket, log)
    try:
        wait_until("HAProxy listens", lambda: process.poll() is None and stats_socket.exists(), timeout=20)
        yield balancer
    finally:
        process.terminate()
        process.wait(10)


# --- The load ------------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    requests: int = 0
    failures: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    duration: float = 0.0

    def line(self, name: str, balancer: Balancer, retried_before: int) -> str:
        ordered = sorted(self.latencies)
        p50, p95 = ordered[len(ordered) // 2], ordered[int(len(ordered) * 0.95)]
        return (f"{name}: {self.requests} requests in {self.duration:.1f} s, {len(self.failures)} failed, "
                f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, HAProxy retried "
                f"{balancer.retried() - retried_before}")


_words = (f"w{n}" for n in itertools.count())


async def load_while(balancer: Balancer, disruption: Callable[[], None]) -> Outcome:
    """CONCURRENCY clients send queries through HAProxy (every other one new, the rest repeats of earlier ones),
    each at most one per CYCLE_SECONDS, until `disruption` (run in a thread) has returned, or MAX_REQUESTS_PER_PHASE
    were sent."""
    outcome, seen = Outcome(), ["w-first"]
    done = asyncio.Event()

    async def client(http: httpx.AsyncClient) -> None:
        while not done.is_set() and outcome.requests < MAX_REQUESTS_PER_PHASE:
            outcome.requests += 1
            word = next(_words) if outcome.requests % 2 else seen[outcome.requests % len(seen)]
            seen.append(word)
            started = time.monotonic()
            try:
                response = await http.post(balancer.url, json={"query": QUERY % word})
                body: dict[str, Any] = response.json()
                if response.status_code != 200 or "errors" in body or len(body["data"]["jobAds"]["edges"]) != 3:
                    outcome.failures.append(f"{response.status_code}: {str(body)[:200]}")
            except (httpx.HTTPError, ValueError) as exc:
                outcome.failures.append(repr(exc))
            outcome.latencies.append(time.monotonic() - started)
            await asyncio.sleep(max(0.0, started + CYCLE_SECONDS - time.monotonic()))  # load shape, not a sync

    async def disrupt() -> None:
        try:
            await asyncio.to_thread(disruption)
        finally:
            done.set()

    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=CONCURRENCY)) as http:
        await asyncio.gather(disrupt(), *(client(http) for _ in range(CONCURRENCY)))
    outcome.duration = time.monotonic() - outcome.started
    return outcome


# --- The test ------------------------------------------------------------------------------------------------------


@dataclass
class Replicas:
    """The two gateway processes, by name, restartable on their ports."""

    env: dict[str, str]
    folder: Path
    ports: dict[str, int]
    stack: contextlib.ExitStack
    running: dict[str, ServeProcess] = field(default_factory=dict)
    starts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def start(self, name: str) -> ServeProcess:
        served = self.stack.enter_context(serve_process(
            ["--port", str(self.ports[name])], self.env, self.folder, name=f"{name}{next(self.starts)}"))
        self.running[name] = served
        return served

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}/graphql"


def _after(seconds: float) -> None:
    """Lets the load run for `seconds` before (or after) a disruption: the load's own duration, not a sync."""
    time.sleep(seconds)


async def test_replicas_behind_haproxy_share_redis_and_survive_kills_restarts_and_redis_loss(tmp_path: Path) -> None:
    figures: list[str] = []
    with contextlib.ExitStack() as stack:
        jobsearch = stack.enter_context(FakeJobSearch(latency=0.05))
        redis, redis_url = stack.enter_context(redis_server_process())
        env = gateway_env(jobsearch_url=jobsearch.url, redis_url=redis_url, preload_metadata="false",
                          retry_attempts="1", jobsearch_max_concurrency="8")
        replicas = Replicas(env, tmp_path, {"a": free_port(), "b": free_port()}, stack)
        started = time.monotonic()
        for name in ("a", "b"):
            replicas.start(name)
        for served in replicas.running.values():
            served.wait_healthy()
        balancer = stack.enter_context(running_haproxy(replicas.ports, tmp_path))
        for name in ("a", "b"):
            balancer.wait_until_up(name)
        figures.append(f"setup: two replicas, redis-server and HAProxy up in {time.monotonic() - started:.1f} s")

        # (a) What A fetched upstream, B serves from Redis: the whole answer, and the upstream answer itself.
        async with httpx.AsyncClient(timeout=30) as http:
            first = (await http.post(replicas.url("a"), json={"query": QUERY % "shared"})).json()
            again = (await http.post(replicas.url("b"), json={"query": QUERY % "shared"})).json()
            other = (await http.post(replicas.url("b"), json={
                "query": "{ jobAds(query: \"shared\", first: 5) { totalCount } }"})).json()
        assert "errors" not in first and again["data"] == first["data"]
        assert again["extensions"]["kllgraph"]["responseCache"] == "hit"  # B's answer: A's bytes, from Redis
        assert other["data"]["jobAds"]["totalCount"] == first["data"]["jobAds"]["totalCount"]
        assert jobsearch.counts["q=shared&offset=0&limit=100"] == 1  # one JobSearch request for the three answers
        figures.append("(a) one JobSearch request served 3 answers from 2 replicas: 1 from A, then B's whole answer "
                       "and a different document's upstream page from Redis")

        # (b) B killed (SIGKILL) mid-load.
        def kill_b() -> None:
            _after(1.5)
            replicas.running["b"].kill()
            _after(3)

        retried, upstream_before = balancer.retried(), jobsearch.total
        outcome = await load_while(balancer, kill_b)
        figures.append(outcome.line("(b) SIGKILL of one replica mid-load", balancer, retried))
        assert outcome.failures == [], outcome.failures[:5]
        assert outcome.requests >= 50 and balancer.retried() > retried  # HAProxy did replay requests
        survivor = httpx.post(replicas.url("a"), json={"query": QUERY % "after-the-kill"}, timeout=30)
        assert survivor.status_code == 200 and "errors" not in survivor.json()
        # New words cost one JobSearch request each; repeats none, whichever replica gets them (slack: requests in
        # flight on B when it died, and repeats of a word still in flight on the other replica).
        assert jobsearch.total - upstream_before <= outcome.requests // 2 + 2 * CONCURRENCY + 1

        # (c) Rolling restart: B back, then A and B each SIGTERMed, drained (exit 0), restarted and UP again.
        replicas.start("b").wait_healthy()
        balancer.wait_until_up("b")

        def rolling_restart() -> None:
            for name in ("a", "b"):
                _after(1)
                leaving = replicas.running[name]
                leaving.process.send_signal(signal.SIGTERM)
                assert leaving.process.wait(30) == 0
                replicas.start(name).wait_healthy()
                balancer.wait_until_up(name)
            _after(1)

        retried = balancer.retried()
        outcome = await load_while(balancer, rolling_restart)
        figures.append(outcome.line("(c) rolling restart with SIGTERM", balancer, retried))
        assert outcome.failures == [], outcome.failures[:5]
        assert outcome.requests < MAX_REQUESTS_PER_PHASE  # the load lasted the whole restart

        # (d) Redis stalled (SIGSTOP), then killed, mid-load.
        def lose_redis() -> None:
            _after(1)
            redis.send_signal(signal.SIGSTOP)
            _after(2)
            redis.kill()
            redis.wait(10)
            _after(2)

        retried = balancer.retried()
        outcome = await load_while(balancer, lose_redis)
        figures.append(outcome.line("(d) Redis stalled, then killed, mid-load", balancer, retried))
        assert outcome.failures == [], outcome.failures[:5]
        figures.append(f"whole test: {time.monotonic() - started:.1f} s")
    print("\n" + "\n".join(figures))
