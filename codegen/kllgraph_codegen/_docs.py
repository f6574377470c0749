"""Documentation stage: the schema's descriptions that a generated client method shows in `help()` and IDE
hovers (the root fields' descriptions, and for each variable the description of the argument it is passed to)."""

from __future__ import annotations

from graphql import (
    ArgumentNode,
    FieldNode,
    GraphQLSchema,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    VariableNode,
    Visitor,
    visit,
)


def root_description(schema: GraphQLSchema, node: OperationDefinitionNode) -> str | None:
    """The descriptions of the root fields `node` selects directly, one paragraph each."""
    root = schema.get_root_type(node.operation)
    assert root is not None  # validated
    paragraphs = [
        f"`{selection.name.value}`: {definition.description.strip()}" if len(node.selection_set.selections) > 1
        else definition.description.strip()
        for selection in node.selection_set.selections
        if isinstance(selection, FieldNode)
        and (definition := root.fields.get(selection.name.value)) is not None
        and definition.description
    ]  # fmt: skip
    return "\n\n".join(paragraphs) or None


class _ArgumentDescriptions(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.found: dict[str, str] = {}

    def enter_argument(self, node: ArgumentNode, *_: object) -> None:
        argument = self.type_info.get_argument()
        if isinstance(node.value, VariableNode) and argument is not None and argument.description:
            # The first use documents the variable (operations pass a variable to one argument, as a rule).
            self.found.setdefault(node.value.name.value, argument.description.strip())


def variable_descriptions(schema: GraphQLSchema, node: OperationDefinitionNode) -> dict[str, str]:
    """Variable name -> description of the argument it is passed to in `node` (fragments not searched)."""
    type_info = TypeInfo(schema)
    visitor = _ArgumentDescriptions(type_info)
    visit(node, TypeInfoVisitor(type_info, visitor))
    return visitor.found
