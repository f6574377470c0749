"""Stage 1: load the schema (SDL file or introspection URL) and the operation documents, and validate them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import httpx
from graphql import (
    DocumentNode,
    ExecutableDefinitionNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    Source,
    build_client_schema,
    build_schema,
    get_introspection_query,
    parse,
    validate,
    validate_schema,
)

from ._errors import OperationError, SchemaLoadError

INTROSPECTION_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class DerivedConnection:
    """An operation that `_derive` added: every page of a connection below the root, through `node(id:)`."""

    operation: str  # the derived operation's name
    source: str  # the operation that selects the connection
    path: tuple[str, ...]  # response keys from the source's root field to the connection
    parent_type: str  # the object type (implementing Node) that has the connection field
    node_field: str  # the root field resolving any Node: "node"
    connection_key: str  # the connection's response key inside `... on <parent_type>` (its field name)


@dataclass(frozen=True)
class LoadedOperations:
    """Every operation and fragment definition from the `.graphql` files, in file order.

    After `_derive.derive_operations`, `operations` ends with the derived operations that `derived` describes.
    """

    operations: tuple[OperationDefinitionNode, ...]
    fragments: dict[str, FragmentDefinitionNode]
    derived: tuple[DerivedConnection, ...] = ()


def load_schema_file(path: Path, *, display_name: str | None = None) -> GraphQLSchema:
    """Build and validate a schema from an SDL file."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SchemaLoadError(f"{name}: cannot read schema: {error.strerror}") from error
    try:
        schema = build_schema(Source(text, name))
    except GraphQLSyntaxError as error:
        raise SchemaLoadError(_located(error, fallback=name)) from error
    except (GraphQLError, TypeError) as error:
        raise SchemaLoadError(f"{name}: {error}") from error
    return _validated(schema, name)


def load_schema_url(
    url: str, *, headers: dict[str, str] | None = None, transport: httpx.BaseTransport | None = None
) -> GraphQLSchema:
    """Fetch a schema by POSTing the standard introspection query to `url`."""
    payload = {"query": get_introspection_query(descriptions=True), "operationName": "IntrospectionQuery"}
    try:
        with httpx.Client(transport=transport, timeout=INTROSPECTION_TIMEOUT_SECONDS) as client:
            response = client.post(url, json=payload, headers=headers or {})
            response.raise_for_status()
            body = response.json()
    except httpx.HTTPError as error:
        raise SchemaLoadError(f"{url}: introspection request failed: {error}") from error
    except json.JSONDecodeError as error:
        raise SchemaLoadError(f"{url}: introspection response is not JSON") from error
    if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
        errors = body.get("errors") if isinstance(body, dict) else None
        raise SchemaLoadError(f"{url}: introspection returned no data (errors: {errors!r})")
    try:
        schema = build_client_schema(body["data"])
    except (GraphQLError, TypeError, KeyError) as error:
        raise SchemaLoadError(f"{url}: introspection result is not a schema: {error}") from error
    return _validated(schema, url)


def find_operation_files(paths: tuple[Path, ...]) -> list[Path]:
    """`.graphql` files named in `paths` (files as given, directories searched recursively), sorted."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(candidate for candidate in path.rglob("*.graphql") if candidate.is_file())
        elif path.is_file():
            found.add(path)
        else:
            raise OperationError([f"{path}: no such file or directory"])
    return sorted(found)


def load_operations(files: list[Path], schema: GraphQLSchema, *, root: Path | None = None) -> LoadedOperations:
    """Parse every file, validate all definitions together against `schema`, report problems as file:line:col.

    All files are validated as one document because a fragment defined in one file may be used in another.
    """
    definitions, problems = _parse_files(files, root)
    if problems:
        raise OperationError(problems)

    combined = DocumentNode(definitions=tuple(definitions))
    problems.extend(_located(error, fallback="<operations>") for error in validate(schema, combined))
    operations = [item for item in definitions if isinstance(item, OperationDefinitionNode)]
    problems.extend(
        _node_location(operation, "<operations>") + ": operations must be named"
        for operation in operations
        if operation.name is None
    )
    if problems:
        raise OperationError(problems)
    fragments = {item.name.value: item for item in definitions if isinstance(item, FragmentDefinitionNode)}
    return LoadedOperations(operations=tuple(operations), fragments=fragments)


def _parse_files(files: list[Path], root: Path | None) -> tuple[list[ExecutableDefinitionNode], list[str]]:
    """The executable definitions of every file, and a problem per file that does not parse or per definition
    that is not an operation or fragment."""
    problems: list[str] = []
    definitions: list[ExecutableDefinitionNode] = []
    for path in files:
        name = _display(path, root)
        try:
            document = parse(Source(path.read_text(encoding="utf-8"), name))
        except GraphQLSyntaxError as error:
            problems.append(_located(error, fallback=name))
            continue
        for definition in document.definitions:
            if isinstance(definition, ExecutableDefinitionNode):
                definitions.append(definition)
            else:
                problems.append(_node_location(definition, name) + ": only operations and fragments belong here")
    return definitions, problems


def _validated(schema: GraphQLSchema, name: str) -> GraphQLSchema:
    errors = validate_schema(schema)
    if errors:
        raise SchemaLoadError("\n".join(f"{name}: {error.message}" for error in errors))
    return schema


def _display(path: Path, root: Path | None) -> str:
    if root is not None and path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return path.as_posix()


def _located(error: GraphQLError, *, fallback: str) -> str:
    """`file:line:col: message`, using each node's own source (nodes may come from different files)."""
    places: list[str] = []
    for node in error.nodes or ():
        if node.loc is not None:
            location = node.loc.source.get_location(node.loc.start)
            places.append(f"{node.loc.source.name}:{location.line}:{location.column}")
    if not places and error.source is not None and error.locations:
        places = [f"{error.source.name}:{loc.line}:{loc.column}" for loc in error.locations]
    return f"{places[0] if places else fallback}: {error.message}" + (
        f" (see also {', '.join(places[1:])})" if len(places) > 1 else ""
    )


def _node_location(node: ExecutableDefinitionNode | object, fallback: str) -> str:
    loc = getattr(node, "loc", None)
    if loc is None:
        return fallback
    location = loc.source.get_location(loc.start)
    return f"{loc.source.name}:{location.line}:{location.column}"
