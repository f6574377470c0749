from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from graphql import build_schema, introspection_from_schema, print_schema

from kllgraph_codegen import OperationError, SchemaLoadError
from kllgraph_codegen._load import find_operation_files, load_operations, load_schema_file, load_schema_url

SDL = """
type Query { hello(name: String): String!, item(id: ID!): Item }
type Item { id: ID!, label: String }
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_schema_file_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    schema = write(tmp_path / "schema.graphql", "type Query {\n  hello: String\n  broken(: Int\n}\n")

    with pytest.raises(SchemaLoadError, match=r"schema.graphql:3:\d+: Syntax Error"):
        load_schema_file(schema, display_name="schema.graphql")


def test_schema_url_posts_the_introspection_query(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []
    introspection = introspection_from_schema(build_schema(SDL))

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"data": introspection})

    schema = load_schema_url(
        "http://gateway/graphql", headers={"Authorization": "Bearer t"}, transport=httpx.MockTransport(handler)
    )

    assert print_schema(schema) == print_schema(build_schema(SDL))
    assert seen[0].method == "POST"
    assert seen[0].headers["Authorization"] == "Bearer t"
    assert "__schema" in json.loads(seen[0].content)["query"]


def test_schema_url_failures_are_schema_load_errors() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"errors": [{"message": "introspection disabled"}]})

    with pytest.raises(SchemaLoadError, match="introspection disabled"):
        load_schema_url("http://gateway/graphql", transport=httpx.MockTransport(handler))
    with pytest.raises(SchemaLoadError, match="500"):
        load_schema_url("http://gateway/graphql", transport=httpx.MockTransport(lambda _: httpx.Response(500)))


def test_operation_files_are_found_recursively_and_sorted(tmp_path: Path) -> None:
    b = write(tmp_path / "ops" / "b.graphql", "")
    a = write(tmp_path / "ops" / "nested" / "a.graphql", "")
    write(tmp_path / "ops" / "notes.txt", "")
    single = write(tmp_path / "single.graphql", "")

    assert find_operation_files((tmp_path / "ops", single)) == sorted([a, b, single])
    with pytest.raises(OperationError, match="no such file"):
        find_operation_files((tmp_path / "missing",))


def test_fragments_may_live_in_another_file(tmp_path: Path) -> None:
    fragment = write(tmp_path / "a.graphql", "fragment ItemFields on Item { id label }")
    query = write(tmp_path / "b.graphql", "query Item($id: ID!) { item(id: $id) { ...ItemFields } }")

    loaded = load_operations([fragment, query], build_schema(SDL), root=tmp_path)

    assert [op.name.value for op in loaded.operations if op.name] == ["Item"]
    assert list(loaded.fragments) == ["ItemFields"]


def test_validation_errors_name_file_line_and_column(tmp_path: Path) -> None:
    good = write(tmp_path / "good.graphql", "query Hello { hello }\n")
    bad = write(tmp_path / "bad.graphql", "query Item {\n  item(id: 1) {\n    colour\n  }\n}\n")

    with pytest.raises(OperationError) as raised:
        load_operations([good, bad], build_schema(SDL), root=tmp_path)

    assert raised.value.problems == ["bad.graphql:3:5: Cannot query field 'colour' on type 'Item'."]


def test_syntax_errors_and_anonymous_operations_are_reported(tmp_path: Path) -> None:
    broken = write(tmp_path / "broken.graphql", "query {\n  hello(\n}")
    anonymous = write(tmp_path / "anon.graphql", "{ hello }")

    with pytest.raises(OperationError, match=r"broken.graphql:3:1: Syntax Error"):
        load_operations([broken], build_schema(SDL), root=tmp_path)
    with pytest.raises(OperationError, match=r"anon.graphql:1:1: operations must be named"):
        load_operations([anonymous], build_schema(SDL), root=tmp_path)
