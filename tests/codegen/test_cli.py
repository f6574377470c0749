"""`kllgraph-codegen` end to end on a copy of a golden case: write, check, stale and obsolete files, errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kllgraph_codegen._cli import EXIT_ERROR, EXIT_OK, EXIT_STALE, main
from kllgraph_codegen._format import HEADER

from .golden_support import GOLDEN, expected_files


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The golden `jobs` inputs in a user's project layout, nothing generated yet."""
    shutil.copy(GOLDEN / "jobs" / "schema.graphql", tmp_path / "schema.graphql")
    shutil.copytree(GOLDEN / "jobs" / "operations", tmp_path / "graphql")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.kllgraph-codegen]\nschema = "schema.graphql"\noperations = ["graphql"]\n'
        'output = "src/jobs_client"\npackage = "jobs_client"\n',
        encoding="utf-8",
    )
    return tmp_path


def run(project: Path, *arguments: str) -> int:
    return main(["--config", str(project / "pyproject.toml"), *arguments])


def test_writes_the_package_then_check_passes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, "--check") == EXIT_STALE
    assert run(project) == EXIT_OK
    written = {path.name: path.read_text(encoding="utf-8") for path in (project / "src/jobs_client").glob("*.py")}
    assert written == expected_files("jobs")
    capsys.readouterr()

    assert run(project, "--check") == EXIT_OK
    assert "is up to date" in capsys.readouterr().out


def test_check_lists_changed_and_obsolete_files_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(project)
    output = project / "src/jobs_client"
    (output / "enums.py").write_text("edited\n", encoding="utf-8")
    (output / "old_query.py").write_text(HEADER + "x = 1\n", encoding="utf-8")
    (output / "handwritten.py").write_text("y = 2\n", encoding="utf-8")
    capsys.readouterr()

    assert run(project, "--check") == EXIT_STALE

    out = capsys.readouterr().out
    assert "stale: " in out and "enums.py" in out
    assert "obsolete: " in out and "old_query.py" in out
    assert "handwritten.py" not in out
    assert (output / "enums.py").read_text(encoding="utf-8") == "edited\n"


def test_regenerating_restores_files_and_removes_only_generated_leftovers(project: Path) -> None:
    run(project)
    output = project / "src/jobs_client"
    (output / "old_query.py").write_text(HEADER + "x = 1\n", encoding="utf-8")
    (output / "handwritten.py").write_text("y = 2\n", encoding="utf-8")
    (project / "graphql" / "occupations.graphql").unlink()
    (project / "graphql" / "job_ads.graphql").write_text(
        "query JobAd($id: ID!) { jobAd(id: $id) { id } }\n", encoding="utf-8"
    )
    (project / "graphql" / "fragments.graphql").unlink()
    assert run(project) == EXIT_OK

    assert sorted(path.name for path in output.glob("*.py")) == [
        "__init__.py",
        "client.py",
        "handwritten.py",
        "job_ad.py",
        "operations.py",
    ]


def test_invalid_operation_is_reported_with_file_and_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "graphql" / "broken.graphql").write_text(
        "query Broken {\n  jobAd(id: 1) { salary }\n}\n", encoding="utf-8"
    )

    assert run(project) == EXIT_ERROR

    assert "graphql/broken.graphql:2:18: Cannot query field 'salary' on type 'JobAd'." in capsys.readouterr().err
    assert not (project / "src").exists()


def test_missing_config_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(tmp_path / "pyproject.toml")]) == EXIT_ERROR
    assert "file not found" in capsys.readouterr().err
