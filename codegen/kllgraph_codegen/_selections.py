"""What every stage asks of a validated document: named types, fragment conditions, fragments used, locations."""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLCompositeType,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    is_abstract_type,
    is_composite_type,
)

TYPENAME = "__typename"


@dataclass(frozen=True)
class Definitions:
    """A schema and the fragment definitions that validated operations spread."""

    schema: GraphQLSchema
    fragments: dict[str, FragmentDefinitionNode]

    def composite(self, name: str) -> GraphQLCompositeType:
        type_ = self.schema.get_type(name)
        assert type_ is not None and is_composite_type(type_)  # validated
        return type_

    def spread(
        self, selection: SelectionNode, scope: GraphQLCompositeType
    ) -> tuple[GraphQLCompositeType, SelectionSetNode] | None:
        """The type condition and selections of an inline fragment (`scope` when it has no condition) or of a
        fragment spread; None for a field."""
        if isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            return (self.composite(condition.name.value) if condition else scope), selection.selection_set
        if isinstance(selection, FragmentSpreadNode):
            definition = self.fragments[selection.name.value]
            return self.composite(definition.type_condition.name.value), definition.selection_set
        return None

    def covers(self, condition: GraphQLNamedType, type_: GraphQLNamedType) -> bool:
        """True when a fragment on `condition` applies to every object that can be a `type_`."""
        return possible_types(self.schema, condition) >= possible_types(self.schema, type_)

    def used_fragments(self, selection_set: SelectionSetNode) -> list[str]:
        """Names of the fragments `selection_set` spreads, directly or through other fragments, sorted."""
        used: set[str] = set()
        pending = [selection_set]
        while pending:
            for selection in pending.pop().selections:
                if isinstance(selection, FragmentSpreadNode):
                    if selection.name.value not in used:
                        used.add(selection.name.value)
                        pending.append(self.fragments[selection.name.value].selection_set)
                elif isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set is not None:
                    pending.append(selection.selection_set)
        return sorted(used)


def possible_types(schema: GraphQLSchema, type_: GraphQLNamedType) -> frozenset[str]:
    if is_abstract_type(type_):
        return frozenset(t.name for t in schema.get_possible_types(type_))
    return frozenset({type_.name})


def response_key(selection: FieldNode) -> str:
    return selection.alias.value if selection.alias else selection.name.value


def definition_name(node: OperationDefinitionNode | FragmentDefinitionNode) -> str:
    assert node.name is not None  # the loader rejects anonymous operations
    return node.name.value


def where(node: OperationDefinitionNode | FragmentDefinitionNode) -> str:
    """`file:line:column` of a definition, for messages."""
    if node.loc is None:
        return "<operations>"
    location = node.loc.source.get_location(node.loc.start)
    return f"{node.loc.source.name}:{location.line}:{location.column}"
