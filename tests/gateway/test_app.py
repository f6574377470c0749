"""The app's lifespan: the collector tuned while it runs, and put back as it was at shutdown; the ASGI factory under
uvicorn and gunicorn."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from kllgraph_gateway import app_from_env
from kllgraph_gateway._app import GC_THRESHOLDS
from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from .harness import make_settings, running_gateway
from .served import free_port, gateway_env, wait_until


async def test_gc_frozen_and_thresholds_raised_while_running_then_restored() -> None:
    before = gc.get_threshold()
    assert before != GC_THRESHOLDS
    settings = make_settings(offline=True, snapshot_dir=BUNDLED_SNAPSHOT, gc_tuning=True)
    async with running_gateway(settings=settings) as gateway:
        assert gc.get_threshold() == GC_THRESHOLDS
        assert gc.get_freeze_count() > 0  # startup's objects are out of every collection
        status, body = await gateway.query('{ municipality(code: "0180") { name } }')
        assert status == 200 and body["data"]["municipality"]["name"]
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


async def test_gc_tuning_off_leaves_the_collector_alone() -> None:
    before = gc.get_threshold()
    settings = make_settings(offline=True, snapshot_dir=BUNDLED_SNAPSHOT, gc_tuning=False)
    async with running_gateway(settings=settings):
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() == 0


# --- The ASGI factory under other servers (docs/deploy.md, "Your own ASGI server") ---------------------------------

FACTORY_COMMANDS = {
    "uvicorn": ["-m", "uvicorn", "--factory", "kllgraph_gateway:app_from_env", "--host", "127.0.0.1", "--port"],
    # uvicorn's own gunicorn worker class is deprecated: the uvicorn-worker package carries it on.
    "gunicorn": ["-m", "gunicorn", "-k", "uvicorn_worker.UvicornWorker", "--workers", "2",
                 "kllgraph_gateway:app_from_env()", "--bind"],
}


EXIT_AFTER_SIGTERM = {"uvicorn": -signal.SIGTERM, "gunicorn": 0}


@pytest.mark.parametrize("server", FACTORY_COMMANDS)
def test_app_from_env_runs_under_uvicorn_and_gunicorn(server: str, tmp_path: Path) -> None:
    port = free_port()
    address = str(port) if server == "uvicorn" else f"127.0.0.1:{port}"
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen([sys.executable, *FACTORY_COMMANDS[server], address], stdout=output,
                                   stderr=subprocess.STDOUT, env=gateway_env(offline="true"), start_new_session=True)
    try:
        def answering() -> bool:
            assert process.poll() is None, log.read_text()[-2000:]
            try:
                return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
            except httpx.TransportError:
                return False

        wait_until(f"{server} answers /healthz", answering, timeout=60)
        answer = httpx.post(f"http://127.0.0.1:{port}/graphql", timeout=30,
                            json={"query": '{ municipality(code: "0180") { name } }'})
        assert answer.json()["data"]["municipality"]["name"] == "Stockholm"
        assert answer.json()["extensions"]["kllgraph"]["mode"] == "offline"  # the environment's settings
        process.send_signal(signal.SIGTERM)
        # After draining, uvicorn's own CLI dies by the SIGTERM it re-raises (status 143, which Docker and
        # Kubernetes take as a normal stop); gunicorn's arbiter exits 0. docs/deploy.md says so.
        assert process.wait(30) == EXIT_AFTER_SIGTERM[server]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def test_app_from_env_names_a_missing_snapshot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KLLGRAPH_OFFLINE", "true")
    monkeypatch.setenv("KLLGRAPH_SNAPSHOT_DIR", str(tmp_path / "none"))
    with pytest.raises(RuntimeError, match="KLLGRAPH_SNAPSHOT_DIR"):
        app_from_env()
