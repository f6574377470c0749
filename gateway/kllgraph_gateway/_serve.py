"""`kllgraph-gateway serve`: bind first, then uvicorn in this process or under its supervisor with N workers.

The socket is bound and listening before anything is printed, so the GraphiQL URL printed is this gateway's; a busy
port is one line and exit code 1. Every worker process builds its own app (its own startup and metadata preload)
with the ASGI factory `app_from_env`, which reads its settings from the environment: the command line's overrides
are put there first. SIGTERM stops accepting at once, lets the requests in flight finish (up to their deadline, plus
a second to write the answer) and exits 0.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import signal
import socket
import sys
from pathlib import Path

import uvicorn
from pydantic import ValidationError
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess
from uvicorn.supervisors.multiprocess import Process

from ._observability import log_config
from ._settings import PER_SOURCE_SUFFIXES, Settings

__all__ = ["FACTORY", "serve"]

# The ASGI factory every worker runs (kllgraph_gateway.app_from_env).
FACTORY = "kllgraph_gateway:app_from_env"
_BACKLOG = 2048  # uvicorn's default


def _listen(host: str, port: int, *, reuse_port: bool = False) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, as uvicorn: asyncio sets TCP_NODELAY only on sockets that say so (else Nagle holds a body
    # written after its headers until the peer's delayed ACK, ~40 ms)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # lets TIME_WAIT go; a listener still conflicts
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(_BACKLOG)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _worker_sockets(host: str, port: int, workers: int) -> list[socket.socket]:
    """One listening socket per worker process, or one shared by all where the platform lacks SO_REUSEPORT.

    Workers sharing one socket share it badly: each wakes for every new connection, and the first one accepts all
    that are waiting (asyncio accepts up to its backlog at a time), so a burst of long-lived connections (a load
    generator's, a balancer's pool) lands on one worker while the other idles (measured: 12 rounds of 15). With a
    socket each, bound to the same port with SO_REUSEPORT, the kernel spreads new connections across the workers.
    The port is first taken without SO_REUSEPORT, which fails for any other listener (a busy port is one line),
    then handed over."""
    first = _listen(host, port)
    if workers == 1 or not hasattr(socket, "SO_REUSEPORT"):
        return [first]
    port = first.getsockname()[1]
    first.close()
    sockets: list[socket.socket] = []
    try:
        for _ in range(workers):
            sockets.append(_listen(host, port, reuse_port=True))
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


def _listen_error(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} is in use; pass --port"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"


def _variable(location: tuple[int | str, ...]) -> str:
    """The environment variable of a Settings error's location (`KLLGRAPH_<NAME>_<SUFFIX>` for per-source ones)."""
    suffixes = {field: suffix for suffix, field in PER_SOURCE_SUFFIXES.items()}
    if len(location) > 1 and location[0] in suffixes:
        return f"KLLGRAPH_{str(location[1]).upper()}_{suffixes[str(location[0])]}"
    return f"KLLGRAPH_{str(location[0]).upper()}"


def _export(overrides: dict[str, object]) -> None:
    """Command-line overrides into the environment, where each worker's `Settings()` reads them."""
    for name, value in overrides.items():
        if isinstance(value, Path):
            text = str(value.resolve())
        elif isinstance(value, bool):
            text = "true" if value else "false"
        else:
            text = str(value)
        os.environ[f"KLLGRAPH_{name.upper()}"] = text


class _Supervisor(Multiprocess):
    """uvicorn's worker supervisor, with two changes:

    - each worker serves its own listening socket (`_worker_sockets`), and its replacement the same one; with one
      socket for all, every worker gets it, as in uvicorn;
    - on shutdown it closes its copies of the sockets before the workers drain, so new connections are refused at
      once instead of queueing for workers that are leaving.

    The methods that start workers are uvicorn 0.55's, each handing worker `i` its socket."""

    def _sockets_of(self, index: int) -> list[socket.socket]:
        return self.sockets if len(self.sockets) == 1 else [self.sockets[index]]

    def _start(self, index: int) -> Process:
        process = Process(self.config, self._sockets_of(index))
        process.start()
        return process

    def init_processes(self) -> None:
        for index in range(self.processes_num):
            self.processes.append(self._start(index))

    def restart_all(self) -> None:
        for index, old in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new = self._start(index)
            if not new.wait_until_ready(self.config.timeout_worker_healthcheck, self.should_exit):
                new.kill()
                new.join()
                return  # the old worker keeps serving
            old.terminate()
            old.join()
            self.processes[index] = new

    def keep_subprocess_alive(self) -> None:
        if self.should_exit.is_set():
            return
        for index, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()  # hung, or dead already
            process.join()
            if process.exitcode == STARTUP_FAILURE:
                # It failed before serving (the app, or its settings): a restart would fail the same way.
                self.should_exit.set()
                return
            if self.should_exit.is_set():
                return
            self.processes[index] = self._start(index)

    def terminate_all(self) -> None:
        for sock in self.sockets:
            sock.close()
        super().terminate_all()


def _run(sockets: list[socket.socket], settings: Settings, log_level: str, log_format: str) -> int:
    config = uvicorn.Config(
        FACTORY, factory=True, host=settings.host, port=sockets[0].getsockname()[1], workers=settings.workers,
        log_level=log_level, log_config=log_config(log_format, log_level),
        # A request in flight has its deadline for upstream calls, then answers with what it has.
        timeout_graceful_shutdown=math.ceil(settings.request_deadline_seconds) + 1,
    )
    if settings.workers > 1:
        supervisor = _Supervisor(config, sockets=sockets)
        supervisor.run()
        # The supervisor stops when a worker cannot start (it would fail the same way again): so does serve.
        failed = any(process.exitcode == STARTUP_FAILURE for process in supervisor.processes)
        return STARTUP_FAILURE if failed else 0
    server = uvicorn.Server(config)
    # After a graceful shutdown uvicorn raises the SIGTERM it caught again, under the handler it found: this one
    # absorbs it, so the process exits 0 rather than dying by the signal.
    signal.signal(signal.SIGTERM, lambda signum, frame: None)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C, likewise raised again (uvicorn.run ignores it too)
        server.run(sockets=sockets)
    return 0 if server.started else 1


def serve(overrides: dict[str, object], *, log_level: str, log_format: str) -> int:
    """Run the gateway with `overrides` (Settings field names) over the environment's settings; the exit code."""
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:  # one line per bad value, named as its environment variable
        for error in exc.errors():
            print(f"error: {_variable(error['loc'])}: {error['msg']}", file=sys.stderr)
        return 2
    if settings.offline and not settings.snapshot_dir.is_dir():
        print(f"error: snapshot folder {settings.snapshot_dir} does not exist", file=sys.stderr)
        return 2
    try:
        sockets = _worker_sockets(settings.host, settings.port, settings.workers)
    except OSError as exc:
        print(_listen_error(exc, settings.host, settings.port), file=sys.stderr)
        return 1
    _export(overrides)
    port = sockets[0].getsockname()[1]
    mode = f"offline, from the snapshot in {settings.snapshot_dir}" if settings.offline else "live"
    workers = f", {settings.workers} worker processes" if settings.workers > 1 else ""
    shown_host = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    shown_host = f"[{shown_host}]" if ":" in shown_host else shown_host
    # Only now, listening: connections made from here on wait in the backlog until the app has started.
    print(f"kllgraph gateway ({mode}{workers})", flush=True)
    print(f"GraphiQL: http://{shown_host}:{port}/graphql", flush=True)
    try:
        return _run(sockets, settings, log_level, log_format)
    finally:
        for sock in sockets:
            sock.close()
