"""Generated packages compared file by file with the golden directories, and generation is deterministic."""

from __future__ import annotations

import pytest

from .golden_support import CASES, bless, bless_requested, expected_files, generated_files


def test_there_are_golden_cases() -> None:
    assert set(CASES) >= {"jobs", "search"}


@pytest.mark.parametrize("case", CASES)
def test_generated_package_matches_golden(case: str) -> None:
    files = generated_files(case)
    if bless_requested():
        bless(case, files)
    expected = expected_files(case)

    assert sorted(files) == sorted(expected)
    for name, text in files.items():
        assert text == expected[name], f"{case}/expected/{name} differs; KLLGRAPH_UPDATE_GOLDEN=1 re-blesses"


@pytest.mark.parametrize("case", CASES)
def test_generation_is_deterministic(case: str) -> None:
    first = generated_files(case)
    second = generated_files(case)

    assert first == second
    assert all("generated" in text.splitlines()[0].lower() for text in first.values())
