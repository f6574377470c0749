"""The committed SDK code in sdk/kllgraph/_generated is what `kllgraph-codegen` makes of schema.graphql and
sdk/operations today. Fails (never skips) when schema.graphql is missing."""

from __future__ import annotations

from pathlib import Path

from kllgraph_codegen import compare, generate, load_config

REPO = Path(__file__).resolve().parents[2]


def test_committed_generated_sdk_is_fresh() -> None:
    config = load_config(REPO / "pyproject.toml")
    assert config.schema == REPO / "schema.graphql"

    difference = compare(generate(config), config.output)

    assert not difference, (
        f"stale: {list(difference.changed)}, obsolete: {list(difference.obsolete)}; run .venv/bin/kllgraph-codegen"
    )
