"""Per-file generators, on hand-built intermediate models."""

from __future__ import annotations

import ast

import pytest

from kllgraph_codegen import UnsupportedError
from kllgraph_codegen._generators import client, generate_modules, inputs
from kllgraph_codegen._model import (
    ClientPackage,
    ModelClass,
    ModelField,
    Nullable,
    Operation,
    Pagination,
    PyName,
    Variable,
)

AD = ModelClass("Ad", (ModelField("id", "id", PyName("str"), required=True),))


def operation(name: str, *, kind: str = "query", paginated: bool = False) -> Operation:
    module = name.lower()
    return Operation(
        graphql_name=name,
        kind=kind,
        method_name=module,
        module_name=module,
        result_class=name,
        document_constant=name.upper() + "_DOCUMENT",
        document=f"{kind} {name} {{ x }}",
        variables=(
            Variable("id", "id", PyName("str"), required=True),
            Variable("published_after", "publishedAfter", Nullable(PyName("date", "datetime")), required=False),
        ),
        classes=(ModelClass(name, ()),),
        pagination=Pagination("items", PyName("Node", module, generated=True)) if paginated else None,
    )


def package(*operations: Operation) -> ClientPackage:
    return ClientPackage(enums=(), inputs=(), fragments=(), operations=operations)


def methods(module: ast.Module, class_name: str) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    ast.fix_missing_locations(module)  # unparsing a single function needs line numbers
    (class_def,) = [n for n in module.body if isinstance(n, ast.ClassDef) and n.name == class_name]
    return {n.name: n for n in class_def.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}


def test_sync_and_async_clients_differ_only_in_await_and_paginator_types() -> None:
    module = client.generate(
        package(operation("Ad"), operation("Ads", paginated=True), operation("Save", kind="mutation"))
    )
    sync, asynchronous = methods(module, "GeneratedClient"), methods(module, "GeneratedAsyncClient")

    assert sorted(sync) == sorted(asynchronous) == ["ad", "ads", "save"]
    assert isinstance(asynchronous["ad"], ast.AsyncFunctionDef)
    assert isinstance(asynchronous["ads"], ast.FunctionDef)  # returns an awaitable, async-iterable paginator
    for name in sync:
        sync_source = ast.unparse(sync[name]).replace("SyncPaginator", "Paginator")
        async_source = ast.unparse(asynchronous[name]).replace("AsyncPaginator", "Paginator")
        assert async_source.replace("async def", "def").replace("await ", "") == sync_source


def test_methods_are_keyword_only_and_leave_out_unset_optional_variables() -> None:
    source = ast.unparse(methods(client.generate(package(operation("Ad"))), "GeneratedClient")["ad"])

    assert "def ad(self, *, id: str, published_after: datetime.date | None=None, cache_ttl:" in source
    assert "variables: dict[str, object] = {'id': id}" in source
    assert "if published_after is not None:\n        variables['publishedAfter'] = published_after" in source


def test_paginated_method_returns_a_paginator_and_mutations_have_no_cache_ttl() -> None:
    module = client.generate(package(operation("Ads", paginated=True), operation("Save", kind="mutation")))
    sync = methods(module, "GeneratedClient")

    assert ast.unparse(sync["ads"].returns) == "SyncPaginator[Node, Ads]"  # type: ignore[arg-type]
    assert "connection=lambda result: result.items, max_items=max_items" in ast.unparse(sync["ads"])
    # Mutations offer no cache override and bypass the cache, decided by the operation's kind.
    assert "cache_ttl: " not in ast.unparse(sync["save"].args)
    assert "cache_ttl=None" in ast.unparse(sync["save"])


def test_recursive_inputs_use_a_string_annotation_for_later_classes() -> None:
    tree = ModelClass(
        "Tree", (ModelField("child", "child", Nullable(PyName("Tree", "inputs", generated=True)), False),)
    )

    source = ast.unparse(inputs.generate(ClientPackage((), (tree,), (), ())))

    assert "child: 'Tree | None' = None" in source


def test_every_file_is_generated_once_and_collisions_are_errors() -> None:
    assert list(generate_modules(package(operation("Ad")))) == ["__init__.py", "ad.py", "client.py", "operations.py"]

    clashing = operation("Other")
    clashing = Operation(**{**clashing.__dict__, "classes": (ModelClass("Ad", ()),)})
    with pytest.raises(UnsupportedError, match="would define 'Ad'"):
        generate_modules(package(operation("Ad"), clashing))


def test_model_fields_use_aliases_only_when_names_differ() -> None:
    model = ModelClass(
        "Job",
        (
            ModelField("id", "id", PyName("str"), required=True),
            ModelField("total_count", "totalCount", PyName("int"), required=True),
            ModelField("class_", "class", Nullable(PyName("str")), required=False),
        ),
    )
    source = ast.unparse(generate_modules(ClientPackage((), (), (model,), ()))["fragments.py"])

    assert "id: str\n" in source
    assert "total_count: int = Field(alias='totalCount')" in source
    assert "class_: str | None = Field(default=None, alias='class')" in source
