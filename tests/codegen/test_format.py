from __future__ import annotations

import ast

import pytest

from kllgraph_codegen import _format
from kllgraph_codegen._format import HEADER, find_ruff, format_sources, unparse


def test_unparse_starts_with_the_header_and_has_no_timestamp() -> None:
    text = unparse(ast.parse("x = 1"))

    assert text.startswith(HEADER)
    assert "20" not in HEADER  # no year, date or time: output must be byte-identical between runs
    assert text.endswith("x = 1\n")


def test_ruff_groups_imports_and_formats() -> None:
    source = HEADER + "import datetime\nfrom pydantic import Field\nfrom .enums import A\nx = {'a':1}\n"

    (formatted,) = format_sources({"m.py": source}).values()

    assert find_ruff() is not None
    assert (
        formatted == HEADER + 'import datetime\n\nfrom pydantic import Field\n\nfrom .enums import A\n\nx = {"a": 1}\n'
    )


def test_without_ruff_sources_are_returned_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_format, "find_ruff", lambda: None)

    assert format_sources({"m.py": "x  =  1\n"}) == {"m.py": "x  =  1\n"}
