"""Golden directories: `golden/<case>/{pyproject.toml, schema.graphql, operations/, expected/}`.

`KLLGRAPH_UPDATE_GOLDEN=1 pytest tests/codegen` rewrites `expected/` from the current generator (review the diff).
"""

from __future__ import annotations

import os
from pathlib import Path

from kllgraph_codegen import generate, load_config, write

GOLDEN = Path(__file__).parent / "golden"
UPDATE_ENV = "KLLGRAPH_UPDATE_GOLDEN"
CASES = sorted(path.name for path in GOLDEN.iterdir() if (path / "pyproject.toml").is_file())


def generated_files(case: str) -> dict[str, str]:
    return generate(load_config(GOLDEN / case / "pyproject.toml"))


def expected_files(case: str) -> dict[str, str]:
    expected = GOLDEN / case / "expected"
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(expected.glob("*.py"))}


def bless_requested() -> bool:
    return os.environ.get(UPDATE_ENV) == "1"


def bless(case: str, files: dict[str, str]) -> None:
    write(files, GOLDEN / case / "expected")
