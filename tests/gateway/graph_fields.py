"""The (parent type, field) pairs graph modules contribute and documents select: what the guard rails compare."""

from __future__ import annotations

from graphql import DocumentNode, FieldNode, GraphQLSchema, TypeInfo, TypeInfoVisitor, Visitor, visit
from strawberry.types.base import get_object_definition

from kllgraph_gateway.graph._module import GraphModule


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def contributed_fields(module: GraphModule) -> set[tuple[str, str]]:
    """The module's root fields (on Query) and the link fields it adds to hub types, as the schema names them."""
    fields: set[tuple[str, str]] = set()
    if module.query is not None:
        definition = get_object_definition(module.query, strict=True)
        fields |= {("Query", f.graphql_name or _camel(f.python_name)) for f in definition.fields}
    fields |= {(get_object_definition(link.hub, strict=True).name, _camel(link.name)) for link in module.links}
    return fields


def selected_fields(schema: GraphQLSchema, document: DocumentNode) -> set[tuple[str, str]]:
    """Every field the document selects, with the type it is selected on (fragments included)."""
    type_info = TypeInfo(schema)
    selected: set[tuple[str, str]] = set()

    class Collect(Visitor):
        def enter_field(self, node: FieldNode, *_: object) -> None:
            parent = type_info.get_parent_type()
            if parent is not None:
                selected.add((parent.name, node.name.value))

    visit(document, TypeInfoVisitor(type_info, Collect()))
    return selected
