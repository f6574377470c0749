"""benchmarks/run.py is a measuring script, not a test of speed: this only checks that its quick mode runs and prints
a line for every measure of issues 10's and 16's target tables (figures are not asserted: they depend on the
machine)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "run.py"

# One label per row of the issues' target tables (warm rows are "skipped" here: they need ../shared/perf and
# minutes of load).
LABELS = [
    "warm 100-ad query: gateway / graphql-core ceiling: skipped (--skip-warm)",
    "warm hub query: gateway / graphql-core ceiling: skipped (--skip-warm)",
    "warm 100-ad query, response cache: gateway / static bytes: skipped (--skip-warm)",
    "warm hub query, response cache: gateway / static bytes: skipped (--skip-warm)",
    "throughput, warm 100-ad query, --workers 2 / 1 worker: skipped (--skip-warm)",
    "gateway CPU per cold 5-ad query (served, 16 clients, 20 ms upstreams): ",
    "cold hub query upstream requests / minimum (live): ",
    "cold hub query latency / critical-path bound (live, 5 ms upstreams): ",
    "cold hub query upstream requests / minimum (offline): ",
    "cold hub query latency / critical-path bound (offline, 5 ms upstreams): ",
    "gateway CPU per cold upstream call: ",
    "gateway CPU per cold upstream call, hub query: ",
    "per-object cost, ",
    "SDK paging client CPU / raw httpx loop, 2,100 items (sync; async): ",
    "import kllgraph (fresh interpreter, bytecode cached): ",
]


def test_quick_mode_prints_every_measure() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--quick", "--skip-warm", "--latency-ms", "5"],
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    for label in LABELS:
        found = [text for text in lines if text.startswith(label)]
        assert len(found) == 1, f"{label!r} not printed once in:\n{result.stdout}"
        assert "(target " in found[0]
    assert "Traceback" not in result.stderr
