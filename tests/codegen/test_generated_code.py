"""The golden output is real code: it passes `mypy --strict` against the runtime and imports cleanly."""

from __future__ import annotations

import datetime
import importlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from mypy import api as mypy_api

from .golden_support import CASES, GOLDEN

REPO = Path(__file__).resolve().parents[2]


def copy_as_package(case: str, directory: Path) -> Path:
    """The golden `expected/` copied to `directory/<case>_client`, importable under that name."""
    package = directory / f"{case}_client"
    shutil.copytree(GOLDEN / case / "expected", package, ignore=shutil.ignore_patterns("__pycache__"))
    return package


@pytest.fixture
def golden_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    copy_as_package("jobs", tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module("jobs_client")
    for name in [name for name in sys.modules if name == "jobs_client" or name.startswith("jobs_client.")]:
        del sys.modules[name]


def test_golden_output_passes_mypy_strict(tmp_path: Path) -> None:
    packages = [copy_as_package(case, tmp_path) for case in CASES]
    config = tmp_path / "mypy.ini"
    config.write_text(
        f"[mypy]\nstrict = True\nplugins = pydantic.mypy\nmypy_path = {REPO / 'sdk'}\n"
        f"cache_dir = {tmp_path / '.mypy_cache'}\n",
        encoding="utf-8",
    )

    stdout, stderr, status = mypy_api.run(["--config-file", str(config), *map(str, packages)])

    assert status == 0, stdout + stderr


def test_golden_output_imports_and_parses_responses(golden_package: ModuleType) -> None:
    response = {
        "jobAd": {
            "id": "1",
            "headline": "Sjuksköterska",
            "employer": {"name": "Region Skåne", "organizationNumber": "232100-0255"},
            "occupation": {"id": "o1", "label": "Sjuksköterska", "ssykCode": None},
            "employmentType": "PERMANENT",
            "publishedAt": "2024-05-01T08:00:00Z",
            "lastApplicationDate": "2024-06-01",
            "class": "A",
            "tags": ["vård"],
            "raw": {"any": ["json"]},
        }
    }

    result = golden_package.JobAdResult.model_validate(response)

    ad = result.job_ad
    assert ad.employer.organization_number == "232100-0255"
    assert ad.employer.name == "Region Skåne"  # inherited from the shared fragment model
    assert isinstance(ad, golden_package.JobAdFields)
    assert ad.employment_type is golden_package.EmploymentType.PERMANENT
    assert ad.last_application_date == datetime.date(2024, 6, 1)
    assert ad.class_ == "A"
    assert ad.tags == ["vård"]
    assert golden_package.__all__ == sorted(golden_package.__all__)


def test_discriminated_union_picks_the_member_by_typename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_as_package("search", tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    search = importlib.import_module("search_client")
    try:
        result = search.SearchResult.model_validate(
            {
                "search": [
                    {"__typename": "JobAd", "id": "1", "headline": "h", "employer": None},
                    {"__typename": "Employer", "id": "2", "name": "n"},
                    {"__typename": "Occupation"},
                ]
            }
        )
        assert [type(hit).__name__ for hit in result.search] == [
            "SearchSearchJobAd",
            "SearchSearchEmployer",
            "SearchSearch",
        ]
    finally:
        for name in [name for name in sys.modules if name.split(".")[0] == "search_client"]:
            del sys.modules[name]
