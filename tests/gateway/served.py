"""Real processes for the tests that need them (loopback only, bounded waits, stopped by the tests themselves):
`kllgraph-gateway serve` as a subprocess, and a fake JobSearch on 127.0.0.1 that counts requests and can hold them.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from ..conftest import WORLD

# The JobSearch /search answer the fake sends to any query: real-shaped ads from the snapshot world.
_ADS = json.loads((WORLD / "jobsearch_ads.json").read_text(encoding="utf-8"))[:5]
SEARCH_ANSWER = json.dumps({"total": {"value": len(_ADS)}, "hits": _ADS}).encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_until(condition: str, check: Callable[[], object], *, timeout: float, interval: float = 0.05) -> None:
    """Poll `check()` until it is truthy; fail naming `condition` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting until {condition}"
        time.sleep(interval)


@dataclass
class FakeJobSearch:
    """A JobSearch stand-in on 127.0.0.1: `/search` answers SEARCH_ANSWER after `latency` seconds (the upstream's
    own latency, not a synchronisation), counting requests per query string. `hold()` makes requests wait until
    `release()`; `arrived` is set whenever one comes in."""

    latency: float = 0.0
    counts: Counter[str] = field(default_factory=Counter)
    arrived: threading.Event = field(default_factory=threading.Event)
    _open: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    def __post_init__(self) -> None:
        self._open.set()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def total(self) -> int:
        with self._lock:
            return sum(self.counts.values())

    def hold(self) -> None:
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    def __enter__(self) -> FakeJobSearch:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the real API

            def do_GET(self) -> None:
                path, _, query = self.path.partition("?")
                if path != "/search":
                    self._send(404, b'{"message": "not found"}')
                    return
                with fake._lock:
                    fake.counts[query] += 1
                fake.arrived.set()
                fake._open.wait(30)
                if fake.latency:
                    time.sleep(fake.latency)
                self._send(200, SEARCH_ANSWER)

            def _send(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()


def gateway_env(**settings: str) -> dict[str, str]:
    """This process's environment without any KLLGRAPH_* setting, plus `settings` (KLLGRAPH_<KEY>=value)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KLLGRAPH_")}
    env.update({f"KLLGRAPH_{key.upper()}": value for key, value in settings.items()})
    return env


_URL_LINE = re.compile(r"GraphiQL: (http://[^\s]+)/graphql")


@dataclass
class ServeProcess:
    """`kllgraph-gateway serve` in its own process group (its workers with it); stdout and stderr go to files."""

    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path

    def output(self) -> str:
        return self.stdout.read_text(encoding="utf-8", errors="replace")

    def errors(self) -> str:
        return self.stderr.read_text(encoding="utf-8", errors="replace")

    @property
    def base_url(self) -> str:
        """The URL the gateway printed (waiting, bounded, until it has)."""
        found: list[str] = []

        def printed() -> bool:
            match = _URL_LINE.search(self.output())
            if match:
                found.append(match.group(1))
                return True
            assert self.process.poll() is None, f"serve exited {self.process.returncode}: {self.errors()[-2000:]}"
            return False

        wait_until("serve prints its URL", printed, timeout=30)
        return found[0]

    @property
    def port(self) -> int:
        return int(self.base_url.rsplit(":", 1)[1])

    def wait_healthy(self, timeout: float = 30) -> None:
        url = self.base_url + "/healthz"

        def healthy() -> bool:
            assert self.process.poll() is None, f"serve exited {self.process.returncode}: {self.errors()[-2000:]}"
            try:
                return httpx.get(url, timeout=2).status_code == 200
            except httpx.TransportError:
                return False

        wait_until("the gateway answers /healthz", healthy, timeout=timeout)

    def kill(self) -> None:
        """SIGKILL to the whole process group (the supervisor and its workers)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)


@contextlib.contextmanager
def serve_process(args: Sequence[str], env: dict[str, str], folder: Path, name: str = "serve") -> Iterator[
        ServeProcess]:
    """Start `python -m kllgraph_gateway._cli serve *args`; killed (group-wide) on exit if still running."""
    stdout, stderr = folder / f"{name}.stdout", folder / f"{name}.stderr"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen([sys.executable, "-m", "kllgraph_gateway._cli", "serve", *args],
                                   stdout=out, stderr=err, env=env, start_new_session=True)
    served = ServeProcess(process, stdout, stderr)
    try:
        yield served
    finally:
        if process.poll() is None:
            served.kill()


def worker_pids(parent: int) -> list[int]:
    """The uvicorn worker processes (multiprocessing spawn children) of `parent`, from /proc (Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and b"multiprocessing.spawn" in cmdline:
            found.append(int(entry.name))
    return sorted(found)
