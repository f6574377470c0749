from __future__ import annotations

from pathlib import Path

import pytest

from kllgraph_codegen import ConfigError, config_from_table, load_config

VALID = """
[tool.kllgraph-codegen]
schema = "schema.graphql"
operations = ["ops", "more/extra.graphql"]
output = "src/myclient"
package = "myclient"
"""


def test_load_config_resolves_paths_against_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(VALID, encoding="utf-8")

    config = load_config(tmp_path / "pyproject.toml")

    assert config.schema == tmp_path / "schema.graphql"
    assert config.operations == (tmp_path / "ops", tmp_path / "more/extra.graphql")
    assert config.output == tmp_path / "src/myclient"
    assert config.package == "myclient"
    assert config.root == tmp_path


def test_package_defaults_to_the_output_directory_name(tmp_path: Path) -> None:
    table: dict[str, object] = {"schema_url": "http://x/graphql", "operations": ["ops"], "output": "gen/client"}

    assert config_from_table(table, root=tmp_path).package == "client"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"operations": ["o"], "output": "out"}, "exactly one of `schema`"),
        ({"schema": "s", "schema_url": "http://x", "operations": ["o"], "output": "out"}, "exactly one of"),
        ({"schema": "s", "operations": [], "output": "out"}, "at least one"),
        ({"schema": "s", "operations": [1], "output": "out"}, "list of paths"),
        ({"schema": "s", "operations": ["o"]}, "`output`"),
        ({"schema": "s", "operations": ["o"], "output": "out", "package": "other"}, "does not end with"),
        ({"schema": "s", "operations": ["o"], "output": "out", "colour": "red"}, "unknown key"),
        ({"schema": "s", "operations": ["o"], "output": "out", "scalars": {"Money": "Decimal"}}, "decimal.Decimal"),
    ],
)
def test_invalid_tables_are_rejected(tmp_path: Path, table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config_from_table(table, root=tmp_path)


def test_missing_table_and_file_are_reported(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")

    with pytest.raises(ConfigError, match=r"no \[tool.kllgraph-codegen\] table"):
        load_config(tmp_path / "pyproject.toml")
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "missing.toml")
