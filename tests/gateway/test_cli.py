"""The CLI, including README quickstart command 1 (`serve --offline`) as a real process."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kllgraph_gateway import schema_sdl
from kllgraph_gateway._cli import main

from ..conftest import REPO


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
