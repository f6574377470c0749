"""The README's example query answers, offline, exactly what the README shows."""

from __future__ import annotations

import json
import re

import pytest

from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from .conftest import REPO
from .gateway.harness import running_gateway


def _block_after(marker: str, text: str) -> str:
    match = re.search(re.escape(marker) + r"\s*```\w+\n(.*?)```", text, re.DOTALL)
    assert match, f"README lost its {marker} block"
    return match.group(1)


@pytest.mark.parametrize("example", ["example", "career"])
async def test_readme_example_answer_is_current(example: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    query = _block_after(f"<!-- {example}-query -->", readme)
    answer = json.loads(_block_after(f"<!-- {example}-answer -->", readme))
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        _, body = await gateway.query(query)
    assert body == answer


def test_readme_quickstart_has_exactly_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"## Quickstart.*?```\w*\n(.*?)```", readme, re.DOTALL)
    assert match, "README lost its quickstart block"
    block = match.group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["python3 dev.py serve", "python3 dev.py test"]


def test_readme_sdk_snippet_runs_offline(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"## The Python SDK.*?```python\n(.*?)```", readme, re.DOTALL)
    assert match, "README lost its SDK snippet"
    import kllgraph

    # The snippet runs offline: the client says once that the answers are composed data, as a user would see it.
    with pytest.warns(kllgraph.ComposedDataWarning):
        exec(compile(match.group(1), "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) >= 5 and all(line.strip() for line in printed)


async def test_readme_snapshot_coverage_table_is_the_snapshot_info_output() -> None:
    from kllgraph_gateway._coverage import coverage_markdown, snapshot_coverage

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- snapshot-info -->\n(.*?)<!-- /snapshot-info -->", readme, re.DOTALL)
    assert match, "README lost its snapshot-info block"
    expected = coverage_markdown(await snapshot_coverage(BUNDLED_SNAPSHOT))
    assert match.group(1) == expected, "run: .venv/bin/kllgraph-gateway snapshot info, paste into README"


def test_readme_sources_table_says_which_sources_need_credentials() -> None:
    from kllgraph_gateway._registry import SOURCES

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `(\w+)` \|.*\| ([^|]+) \|$", readme, re.MULTILINE)}
    for source in SOURCES:
        credentials = rows[source.name]
        assert ("**required**" in credentials) == source.needs_token, source.name
        if source.auth is not None:
            assert source.token_setting in credentials, source.name
        else:
            assert credentials == "none", source.name


def test_readme_sdk_snippets_all_run_offline(capsys: pytest.CaptureFixture[str]) -> None:
    """Sync, async and error handling, side by side between the sdk-snippets markers: each runs as written."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- sdk-snippets[^>]*-->\n(.*?)<!-- /sdk-snippets -->", readme, re.DOTALL)
    assert match, "README lost its sdk-snippets block"
    snippets = re.findall(r"```python\n(.*?)```", match.group(1), re.DOTALL)
    assert len(snippets) >= 3
    import kllgraph

    for number, snippet in enumerate(snippets, start=1):
        # Each snippet's new client says once that its answers are composed offline data.
        with pytest.warns(kllgraph.ComposedDataWarning):
            exec(compile(snippet, f"README.md sdk-snippet {number}", "exec"), {})
        printed = capsys.readouterr().out.splitlines()
        assert printed and all(line.strip() for line in printed), f"snippet {number} printed {printed}"


def test_readme_documents_every_setting() -> None:
    from kllgraph_gateway._settings import PER_SOURCE_SUFFIXES, Settings

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    # The query limits are documented in "Limits" as a family (`KLLGRAPH_MAX_*`); per-source dicts by suffix.
    missing = [f"KLLGRAPH_{name.upper()}" for name in Settings.model_fields
               if not name.startswith(("source_", "max_")) and f"KLLGRAPH_{name.upper()}" not in readme]
    missing += [f"KLLGRAPH_<SOURCE>_{suffix}" for suffix in PER_SOURCE_SUFFIXES
                if f"KLLGRAPH_<SOURCE>_{suffix}" not in readme]
    assert missing == []
