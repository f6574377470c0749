"""Shared test paths.

The real upstream samples the tests parse are copied, unchanged, from the workplace's shared/upstream-samples into
tests/fixtures/upstream-samples (see its SOURCES.md), so the suite runs from a clone alone.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "tests" / "fixtures" / "upstream-samples"
WORLD = REPO / "tools" / "snapshot_world" / "jobtech"


# --- Conformance of the requests the connectors send (issue 7) -------------------------------------------------
# tests/gateway/harness.py hands every upstream request to tests/conformance/collector.py; at the end of the
# session each one is validated against its source's official spec (specs/), a per-source count is printed and
# any non-conforming request fails the session.

from collections.abc import Iterator  # noqa: E402

import pytest  # noqa: E402

from .conformance.checker import Verdict, check, tally  # noqa: E402
from .conformance.collector import COLLECTOR, CURRENT_TEST  # noqa: E402

_VERDICTS: list[tuple[str, Verdict]] = []


@pytest.fixture(autouse=True)
def _conformance_context(request: pytest.FixtureRequest) -> Iterator[None]:
    excluded = request.node.get_closest_marker("nonconforming_upstream") is not None
    token = CURRENT_TEST.set((request.node.nodeid, excluded))
    yield
    CURRENT_TEST.reset(token)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    for collected in COLLECTOR.requests:
        verdict = check(collected.exchange)
        if verdict is not None:
            _VERDICTS.append((collected.test, verdict))
    if any(v.covered and not v.conforms for _, v in _VERDICTS) and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _VERDICTS and not COLLECTOR.excluded:
        return
    terminalreporter.section("conformance of upstream requests to the official specs")
    for source, counts in tally(v for _, v in _VERDICTS).items():
        terminalreporter.write_line(counts.line(source))
    if COLLECTOR.excluded:
        terminalreporter.write_line(f"excluded by @pytest.mark.nonconforming_upstream: {COLLECTOR.excluded}")
    for test, verdict in _VERDICTS:
        if verdict.covered and not verdict.conforms:
            terminalreporter.write_line(f"NON-CONFORMING {test}: {verdict.exchange.describe()}: "
                                        f"{'; '.join(verdict.errors)}", red=True)
