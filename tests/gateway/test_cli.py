"""The CLI, including README quickstart command 1 (`serve --offline`) as a real process."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from kllgraph_gateway import schema_sdl
from kllgraph_gateway._cli import main

from ..conftest import REPO
from .served import FakeJobSearch, gateway_env, serve_process, wait_until, worker_pids


def test_schema_command_prints_and_writes_the_sdl(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == schema_sdl()
    assert main(["schema", "--output", str(tmp_path / "s.graphql")]) == 0
    assert (tmp_path / "s.graphql").read_text(encoding="utf-8") == schema_sdl()


def test_committed_schema_is_the_live_schema() -> None:
    committed = (REPO / "schema.graphql").read_text(encoding="utf-8")
    assert committed == schema_sdl(), "run: .venv/bin/kllgraph-gateway schema --output schema.graphql"


def test_serve_offline_missing_snapshot_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--offline", "--snapshot", str(tmp_path / "none")]) == 2
    assert "does not exist" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_serve_offline_prints_graphiql_url_and_answers() -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KLLGRAPH_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "kllgraph_gateway._cli", "serve", "--offline", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(2)]
        assert f"GraphiQL: http://127.0.0.1:{port}/graphql\n" in lines
        deadline = time.monotonic() + 20
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "gateway did not come up"
                time.sleep(0.1)
        assert health.json()["mode"] == "offline"
        response = httpx.post(
            f"http://127.0.0.1:{port}/graphql", timeout=10,
            json={"query": "{ jobAds(first: 5) { totalCount edges { node { occupation { ssykCode } } } } }"},
        )
        body = response.json()
        assert response.status_code == 200 and "errors" not in body, json.dumps(body)[:500]
        assert len(body["data"]["jobAds"]["edges"]) == 5
        page = httpx.get(f"http://127.0.0.1:{port}/graphql", headers={"accept": "text/html"}, timeout=5)
        assert page.status_code == 200 and "graphiql" in page.text.lower()
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def test_snapshot_info_lists_what_the_bundled_snapshot_covers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["snapshot", "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["snapshot"] == {"composedOn": "2026-11-27", "provenance": "composed"}
    assert {"code": "0180", "name": "Stockholm"} in info["municipalities"]
    assert {"lookup": "jobAd", "id": "99900004"} in info["sampleIds"]
    assert all(f["totalCount"] > 0 for f in info["exampleFilters"]) and info["exampleFilters"]
    assert main(["snapshot", "info"]) == 0
    assert "| Municipalities | 0180 Stockholm" in capsys.readouterr().out


def test_snapshot_info_on_a_missing_folder_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["snapshot", "info", "--snapshot", str(tmp_path / "none")]) == 2
    assert "does not exist" in capsys.readouterr().err


# --- serve binds first, then prints; a busy port is one line and exit code 1 (issue 17, point 4) ------------------


def test_serve_on_a_busy_port_is_one_clear_line_and_exit_code_1() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "kllgraph_gateway._cli", "serve", "--offline", "--port", str(port)],
            capture_output=True, text=True, env=gateway_env(), timeout=60,
        )
    assert done.returncode == 1
    assert done.stdout == ""  # no URL: it would be the other server's
    assert done.stderr == f"port {port} is in use; pass --port\n"


def test_serve_prints_the_url_only_once_the_socket_accepts(tmp_path: Path) -> None:
    with serve_process(["--offline", "--port", "0"], gateway_env(), tmp_path) as gateway:
        port = gateway.port  # waits for the printed line, then connects once, without retrying
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
        assert gateway.output().splitlines()[0].startswith("kllgraph gateway (offline")
        gateway.wait_healthy()


# --- workers and graceful shutdown (issue 16) ----------------------------------------------------------------------

QUERY = "{ jobAds(query: \"sjuksköterska\", first: 3) { totalCount edges { node { id headline } } } }"


def _refusing(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    return False


@pytest.mark.parametrize("workers", [1, 2])
def test_sigterm_lets_the_request_in_flight_finish_refuses_new_connections_and_exits_0(
    workers: int, tmp_path: Path,
) -> None:
    with FakeJobSearch() as jobsearch, serve_process(
        ["--port", "0", "--workers", str(workers)],
        gateway_env(jobsearch_url=jobsearch.url, preload_metadata="false", retry_attempts="1"), tmp_path,
    ) as gateway:
        gateway.wait_healthy()
        assert len(worker_pids(gateway.process.pid)) == (workers if workers > 1 else 0)
        jobsearch.hold()
        answers: list[httpx.Response] = []
        client = threading.Thread(target=lambda: answers.append(
            httpx.post(gateway.base_url + "/graphql", json={"query": QUERY}, timeout=30)))
        client.start()
        assert jobsearch.arrived.wait(20), "the request never reached the upstream"
        signalled = time.monotonic()
        gateway.process.send_signal(signal.SIGTERM)
        wait_until("new connections are refused", lambda: _refusing(gateway.port), timeout=10, interval=0.02)
        refused = time.monotonic()
        assert client.is_alive() and not answers  # still in flight, waiting on the upstream
        jobsearch.release()
        client.join(30)
        answered = time.monotonic()
        assert gateway.process.wait(30) == 0
        exited = time.monotonic()
    (answer,) = answers
    body = answer.json()
    assert answer.status_code == 200 and "errors" not in body, body
    assert len(body["data"]["jobAds"]["edges"]) == 3
    assert gateway.errors().count("Application startup complete") == workers  # each worker its own startup
    print(f"\nSIGTERM with {workers} worker(s): refusing new connections after {refused - signalled:.2f} s; the "
          f"request in flight answered 200 once released; exit code 0 {exited - answered:.2f} s after its answer")


def test_serve_listens_on_a_tcp_socket_so_asyncio_sets_nodelay() -> None:
    # asyncio sets TCP_NODELAY on accepted connections only when the listening socket says IPPROTO_TCP; without it
    # an answer's body waited ~40 ms behind its headers (Nagle against the peer's delayed ACK), measured behind
    # HAProxy in tests/deploy/test_scale_out.py.
    from kllgraph_gateway._serve import _listen

    with _listen("127.0.0.1", 0) as sock:
        assert sock.proto == socket.IPPROTO_TCP


def test_serve_names_each_bad_setting_by_its_variable(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("KLLGRAPH_JOBSEARCH_MAX_CONCURRENCY", "0")
    monkeypatch.setenv("KLLGRAPH_SCB_RATE_LIMIT", "3")
    assert main(["serve", "--workers", "0"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 3  # one line each, no traceback
    for variable in ("KLLGRAPH_WORKERS", "KLLGRAPH_JOBSEARCH_MAX_CONCURRENCY", "KLLGRAPH_SCB_RATE_LIMIT"):
        assert f"error: {variable}: " in err


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_exits_3_when_the_app_cannot_start(workers: str) -> None:
    # Valid settings, but the app's startup fails (a Redis URL of an unknown scheme), in every worker.
    done = subprocess.run(
        [sys.executable, "-m", "kllgraph_gateway._cli", "serve", "--offline", "--port", "0", "--workers", workers],
        capture_output=True, text=True, env=gateway_env(redis_url="nope://cache.example"), timeout=120,
    )
    assert done.returncode == 3, done.stderr[-2000:]
    assert "cache.example" not in done.stderr  # the URL (it may hold a password) is not echoed


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


@pytest.mark.skipif(not hasattr(socket, "SO_REUSEPORT") or not Path("/proc/net/tcp").exists(),
                    reason="one socket per worker needs SO_REUSEPORT (Linux, the BSDs)")
def test_each_worker_listens_on_its_own_socket_and_a_burst_of_connections_reaches_both(tmp_path: Path) -> None:
    with serve_process(["--offline", "--port", "0", "--workers", "2"],
                       gateway_env(preload_metadata="false"), tmp_path) as gateway:
        gateway.wait_healthy()
        port_hex = f"{gateway.port:04X}"
        listening = [line for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                     if line.split()[1].endswith(f":{port_hex}") and line.split()[3] == "0A"]  # 0A: LISTEN
        assert len(listening) == 2  # one per worker, in one SO_REUSEPORT group
        workers = worker_pids(gateway.process.pid)
        before = {pid: _cpu_ticks(pid) for pid in workers}

        async def burst() -> None:
            # 16 connections opened at once and kept alive, as a load generator or a balancer's pool opens them.
            clients = [httpx.AsyncClient(base_url=gateway.base_url, timeout=30) for _ in range(16)]
            try:
                for _ in range(15):
                    await asyncio.gather(*(c.post("/graphql", json={"query": QUERY_100}) for c in clients))
            finally:
                await asyncio.gather(*(c.aclose() for c in clients))

        asyncio.run(burst())
        used = {pid: _cpu_ticks(pid) - before[pid] for pid in workers}
    # With one socket shared, the first worker to wake accepted all 16 and the other stayed idle.
    assert all(ticks > 0 for ticks in used.values()), used
    assert min(used.values()) >= 0.2 * max(used.values()), used


QUERY_100 = "{ jobAds(first: 100) { edges { node { headline employer { name } occupation { label } } } } }"
