"""Object classes: one pydantic model per selection, named after its response path (see `_naming`).

The result of operation `JobAds` is class `JobAds`, its field `jobAds` is class `JobAdsJobAds`, `edges` inside it
`JobAdsJobAdsEdges`, and so on (aliases name the path, since they name the key). Nested classes come before the
class that uses them. Fragment bases come from `_inherit`, discriminated unions from `_unions`, leaf types from
`_leaves`.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    FieldNode,
    GraphQLCompositeType,
    GraphQLField,
    SelectionSetNode,
    get_named_type,
    is_composite_type,
    is_non_null_type,
)

from ._errors import UnsupportedError
from ._inherit import ClassTable, Collected, collect, nested_bases
from ._leaves import LeafTypes, wrap
from ._model import DiscriminatedUnion, LiteralOf, ModelClass, ModelField, PyName
from ._naming import attribute_name, check_unique, member_class_name, nested_class_name
from ._selections import TYPENAME, Definitions
from ._unions import fragment_is_single_class, is_union_shape, split_possible_types

TYPENAME_ATTRIBUTE = "typename__"


@dataclass(frozen=True)
class Target:
    """Where built classes go: their module, and the list that receives them (nested classes first)."""

    module: str
    out: list[ModelClass]


@dataclass(frozen=True)
class _Parent:
    """The class whose fields are being built."""

    class_name: str
    target: Target
    narrowed: bool  # a member of a discriminated union: its `typename__` is a literal already
    inherited: dict[str, list[ModelField]]  # fields its bases provide, by response key


class ObjectBuilder:
    def __init__(self, definitions: Definitions, leaves: LeafTypes, table: ClassTable) -> None:
        self.definitions = definitions
        self.leaves = leaves
        self.table = table
        self.fragment_classes: list[ModelClass] = []
        self._fragments_built: set[str] = set()

    def fragment(self, name: str) -> None:
        """Build the class of fragment `name` (and of the fragments it spreads) unless it is a union shape."""
        if name in self._fragments_built:
            return
        self._fragments_built.add(name)
        if not fragment_is_single_class(self.definitions, name):
            return  # narrowing fragments are inlined wherever they are spread
        definition = self.definitions.fragments[name]
        type_ = self.definitions.composite(definition.type_condition.name.value)
        target = Target("fragments", self.fragment_classes)
        self.object_class(name, type_, [definition.selection_set], (), target, None)

    def selection_type(
        self,
        class_name: str,
        type_: GraphQLCompositeType,
        selection_sets: list[SelectionSetNode],
        extra_bases: tuple[PyName, ...],
        target: Target,
    ) -> PyName | DiscriminatedUnion:
        """One class for the selections, or a discriminated union of classes where they narrow `type_`."""
        if not is_union_shape(self.definitions, selection_sets, type_):
            reused = self._bare_fragment(type_, selection_sets, extra_bases)
            if reused is not None:
                return reused
            return self.object_class(class_name, type_, selection_sets, extra_bases, target, None)
        if extra_bases:
            raise UnsupportedError(
                f"{class_name}: a field selected both in a fragment and with `... on` narrowing is not supported"
            )
        narrowed, others = split_possible_types(self.definitions, selection_sets, type_)
        members = [
            self.object_class(member_class_name(class_name, t.name), t, selection_sets, (), target, (t.name,))
            for t in narrowed
        ]
        if others:
            members.append(self.object_class(class_name, type_, selection_sets, (), target, others))
        return members[0] if len(members) == 1 else DiscriminatedUnion(tuple(members))

    def _bare_fragment(
        self, type_: GraphQLCompositeType, selection_sets: list[SelectionSetNode], extra_bases: tuple[PyName, ...]
    ) -> PyName | None:
        """The fragment class itself where a selection is nothing but one spread of it: no empty subclass
        named after the path, so every `{ ...JobAd }` is a `JobAd`."""
        if extra_bases:
            return None
        collected = Collected()
        for selection_set in selection_sets:
            collect(self.definitions, selection_set, type_, type_, collected)
        if collected.fields or len(collected.fragment_bases) != 1:
            return None
        name = collected.fragment_bases[0]
        self.fragment(name)
        return PyName(name, "fragments", generated=True)

    def object_class(
        self,
        class_name: str,
        type_: GraphQLCompositeType,
        selection_sets: list[SelectionSetNode],
        extra_bases: tuple[PyName, ...],
        target: Target,
        typename: tuple[str, ...] | None,
        path_prefix: str | None = None,
    ) -> PyName:
        """Build the class for `selection_sets` on `type_` (nested classes first into `target.out`) and name it;
        nested classes are named `path_prefix` (default `class_name`) + response key."""
        collected = Collected()
        for selection_set in selection_sets:
            collect(self.definitions, selection_set, type_, type_, collected)
        for fragment_name in collected.fragment_bases:
            self.fragment(fragment_name)
        fragment_bases = (PyName(f, "fragments", generated=True) for f in collected.fragment_bases)
        bases = self.table.without_ancestors([*extra_bases, *fragment_bases])
        parent = _Parent(path_prefix or class_name, target, typename is not None, self.table.inherited_fields(bases))

        fields: list[ModelField] = []
        if typename is not None:
            fields.append(ModelField(TYPENAME_ATTRIBUTE, TYPENAME, LiteralOf(typename), required=True))
        for key, selected in collected.fields.items():
            model_field = self._field(parent, key, selected)
            if model_field is not None:
                fields.append(model_field)

        _check_names(class_name, fields, parent.inherited)
        model = ModelClass(class_name, tuple(fields), bases, type_.description)
        self.table.add(target.module, model)
        target.out.append(model)
        return PyName(class_name, target.module, generated=True)

    def _field(
        self, parent: _Parent, key: str, selected: list[tuple[FieldNode, GraphQLCompositeType]]
    ) -> ModelField | None:
        """The field for response key `key`, or None where a base already provides it as selected."""
        first, selected_on = selected[0]
        if first.name.value == TYPENAME:
            return self._typename_field(parent, key)
        assert hasattr(selected_on, "fields")  # validated: only objects and interfaces select fields
        definition: GraphQLField = selected_on.fields[first.name.value]
        named = get_named_type(definition.type)
        if is_composite_type(named):
            sub_sets = [node.selection_set for node, _ in selected if node.selection_set is not None]
            return self._composite_field(parent, key, definition, sub_sets)
        if key in parent.inherited:
            return None
        leaf_type = wrap(definition.type, self.leaves.leaf(named))
        required = is_non_null_type(definition.type)
        return ModelField(attribute_name(key), key, leaf_type, required, definition.description)

    @staticmethod
    def _typename_field(parent: _Parent, key: str) -> ModelField | None:
        if parent.narrowed or key in parent.inherited:
            return None
        python_name = TYPENAME_ATTRIBUTE if key == TYPENAME else attribute_name(key)
        return ModelField(python_name, key, PyName("str"), required=True)

    def _composite_field(
        self, parent: _Parent, key: str, definition: GraphQLField, sub_sets: list[SelectionSetNode]
    ) -> ModelField | None:
        named = get_named_type(definition.type)
        assert isinstance(named, GraphQLCompositeType)
        nested_name = nested_class_name(parent.class_name, key)
        sub_bases = nested_bases(nested_name, parent.inherited.get(key, []))
        scratch = Target(parent.target.module, [])
        inner = self.selection_type(nested_name, named, sub_sets, sub_bases, scratch)
        created = scratch.out[-1] if scratch.out else None
        if len(scratch.out) == 1 and created is not None and not created.fields and created.bases == sub_bases:
            # The field adds nothing to what the fragment already selects: keep the inherited field.
            self.table.remove(scratch.module, created.name)
            return None
        parent.target.out.extend(scratch.out)
        required = is_non_null_type(definition.type)
        return ModelField(attribute_name(key), key, wrap(definition.type, inner), required, definition.description)


def _check_names(class_name: str, fields: list[ModelField], inherited: dict[str, list[ModelField]]) -> None:
    """Raise when two fields of the class, its own or inherited, would take one Python name."""
    own_keys = {f.graphql_name for f in fields}
    inherited_names = [fs[0].python_name for key, fs in inherited.items() if key not in own_keys]
    check_unique([f.python_name for f in fields] + inherited_names, f"class {class_name}")
