"""`<operation>.py`: the result models of one operation, nested classes first, the result class last.

Operations derived for a nested connection (see `_derive`) also get the function that narrows the result's
`node` to the connection's parent type, which the client passes to the paginator as its `connection` accessor.
"""

from __future__ import annotations

import ast

from .._model import NodeConnection, Operation
from ._ast import Imports, model_class, module, with_type_params


def generate(operation: Operation) -> ast.Module:
    imports = Imports(operation.module_name)
    classes: list[ast.stmt] = [model_class(model, imports) for model in operation.classes]
    doc = f"Result models of the {operation.kind} `{operation.graphql_name}`."
    pagination = operation.pagination
    if pagination is not None and pagination.through_node is not None:
        through = pagination.through_node
        doc += f"\n\nDerived by kllgraph-codegen to paginate `{through.source}` through `node(id:)`."
        classes.append(_connection_function(operation, pagination.connection_attribute, through))
    return module(imports, classes, doc)


def _connection_function(operation: Operation, node_attribute: str, through: NodeConnection) -> ast.stmt:
    parent = through.parent_type
    lines = [
        f"def {through.function_name}(result: {operation.result_class}) -> {through.connection_type.name}:",
        f'    """The `{through.connection_attribute}` connection of the node that `node(id:)` returned.',
        "",
        f"    Raises ValueError when that node is not of type {parent} (no node, or one of another type).",
        '    """',
        f"    node = result.{node_attribute}",
        "    if node is None:",
        f"        raise ValueError('node(id:) returned null: no node of type {parent} (nor of any type) has that id')",
    ]
    if through.other_types:
        lines += [
            f"    if not isinstance(node, {through.member.name}):",
            f"        raise ValueError(f'node(id:) returned a node of type {{node.typename__}}, not {parent}')",
        ]
    lines.append(f"    return node.{through.connection_attribute}")
    function = ast.parse("\n".join(lines)).body[0]
    assert isinstance(function, ast.FunctionDef)
    return with_type_params(function)
