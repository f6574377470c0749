"""Unions stage: selections on an interface or union that narrow with `... on T`.

Such a selection becomes a discriminated union on `__typename`: one class per possible type that some fragment
selects specifically, plus one class for all the others. The document gets `__typename` where it narrows and
lacks it, so that every response tells the members apart.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLCompositeType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    NameNode,
    SelectionSetNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    is_abstract_type,
    visit,
)

from ._selections import TYPENAME, Definitions


def narrows(definitions: Definitions, selection_set: SelectionSetNode, type_: GraphQLCompositeType) -> bool:
    """True when some fragment in the selection (or in fragments it spreads that apply to every possible type)
    applies to only part of the possible types of `type_`."""
    for selection in selection_set.selections:
        spread = definitions.spread(selection, type_)
        if spread is None:
            continue
        condition, nested = spread
        if not definitions.covers(condition, type_) or narrows(definitions, nested, type_):
            return True
    return False


def is_union_shape(
    definitions: Definitions, selection_sets: Iterable[SelectionSetNode], type_: GraphQLNamedType
) -> bool:
    """True when selections on `type_` become a discriminated union rather than one class."""
    if not is_abstract_type(type_):
        return False
    assert isinstance(type_, GraphQLCompositeType)
    return any(narrows(definitions, selection_set, type_) for selection_set in selection_sets)


def fragment_is_single_class(definitions: Definitions, name: str) -> bool:
    """True when fragment `name` becomes one shared class (a base); narrowing fragments are inlined instead."""
    definition = definitions.fragments[name]
    condition = definitions.composite(definition.type_condition.name.value)
    return not is_union_shape(definitions, [definition.selection_set], condition)


def split_possible_types(
    definitions: Definitions, selection_sets: list[SelectionSetNode], abstract: GraphQLCompositeType
) -> tuple[list[GraphQLObjectType], tuple[str, ...]]:
    """The possible types of `abstract` that get a class of their own (sorted by name), and the names of the rest."""
    assert isinstance(abstract, GraphQLInterfaceType | GraphQLUnionType)  # only abstract types narrow
    candidates = sorted(definitions.schema.get_possible_types(abstract), key=lambda t: t.name)
    narrowed = [t for t in candidates if _selects_specifically(definitions, selection_sets, t, abstract)]
    return narrowed, tuple(t.name for t in candidates if t not in narrowed)


def _selects_specifically(
    definitions: Definitions,
    selection_sets: Iterable[SelectionSetNode],
    object_type: GraphQLObjectType,
    abstract: GraphQLCompositeType,
) -> bool:
    """True when some fragment applies to `object_type` but not to every possible type of `abstract`."""
    for selection_set in selection_sets:
        for selection in selection_set.selections:
            spread = definitions.spread(selection, abstract)
            if spread is None or not definitions.covers(spread[0], object_type):
                continue
            condition, nested = spread
            if not definitions.covers(condition, abstract):
                return True
            if _selects_specifically(definitions, [nested], object_type, abstract):
                return True
    return False


def add_typename_where_narrowed(schema: GraphQLSchema, document: DocumentNode) -> DocumentNode:
    """`document` with `__typename` first in every abstract-type selection that narrows and lacks it."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    definitions = Definitions(schema, fragments)
    type_info = TypeInfo(schema)

    class AddTypename(Visitor):
        def leave_selection_set(self, node: SelectionSetNode, *_: object) -> SelectionSetNode | None:
            parent = type_info.get_parent_type()
            if parent is None or not is_union_shape(definitions, [node], parent):
                return None
            if any(isinstance(s, FieldNode) and s.alias is None and s.name.value == TYPENAME for s in node.selections):
                return None
            typename = FieldNode(name=NameNode(value=TYPENAME), arguments=(), directives=())
            return SelectionSetNode(selections=(typename, *node.selections), loc=node.loc)

    result = visit(document, TypeInfoVisitor(type_info, AddTypename()))
    assert isinstance(result, DocumentNode)
    return result
