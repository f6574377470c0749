"""Every exchange (request and response) in the bundled snapshot conforms to its source's official spec."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .checker import ACTIVE_SPECS, Exchange, Verdict, check, tally

SNAPSHOT = Path(__file__).resolve().parents[2] / "gateway" / "kllgraph_gateway" / "snapshot"


def _snapshot_verdicts() -> list[Verdict]:
    verdicts = []
    for file in sorted(SNAPSHOT.glob("*/*.json")):
        if file.parent.name not in ACTIVE_SPECS:
            continue
        raw = json.loads(file.read_text(encoding="utf-8"))
        request, response = raw["request"], raw["response"]
        content = (json.dumps(response["json"]) if "json" in response else response.get("text", "")).encode()
        verdict = check(Exchange(
            source=file.parent.name, method=request["method"], path=request["path"],
            params=tuple((str(k), str(v)) for k, v in request.get("params", [])), body=request.get("body"),
            status=int(response["status"]), content_type=response.get("content_type", "application/json"),
            content=content,
        ))
        assert verdict is not None
        verdicts.append(verdict)
    return verdicts


def test_every_snapshot_exchange_conforms(capsys: pytest.CaptureFixture[str]) -> None:
    verdicts = _snapshot_verdicts()
    counts = tally(verdicts)
    with capsys.disabled():
        print("\nconformance of the bundled snapshot to the official specs:")
        for source, entry in counts.items():
            print(f"  {entry.line(source)}")
    failures = [f"{v.exchange.source} {v.exchange.describe()}: {'; '.join(v.errors)}"
                for v in verdicts if v.covered and not v.conforms]
    assert not failures, "\n".join(failures)
    assert set(counts) == set(ACTIVE_SPECS)  # every source with a spec is in the snapshot, so was checked
