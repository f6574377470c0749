"""Fragment inheritance stage: which fields a selection has of its own and which it inherits from fragments.

A selection that spreads a named fragment (one that is a single class, see `_unions`) derives from the fragment's
class, so shared fragments are shared models; every other fragment's fields are collected into the selection.
`ClassTable` holds the classes built so far, by module and name, to look up what a base already provides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import FieldNode, FragmentSpreadNode, GraphQLCompositeType, SelectionSetNode

from ._errors import UnsupportedError
from ._leaves import innermost
from ._model import ModelClass, ModelField, PyName, TypeRef
from ._selections import Definitions, response_key
from ._unions import fragment_is_single_class


@dataclass
class Collected:
    """Fields (by response key, with the type each was selected on) and fragment bases of one selection."""

    fields: dict[str, list[tuple[FieldNode, GraphQLCompositeType]]] = field(default_factory=dict)
    fragment_bases: list[str] = field(default_factory=list)


def collect(
    definitions: Definitions,
    selection_set: SelectionSetNode,
    type_: GraphQLCompositeType,
    scope: GraphQLCompositeType,
    collected: Collected,
) -> None:
    """Gather what applies to `type_`; `scope` is the type the selections are written against."""
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            collected.fields.setdefault(response_key(selection), []).append((selection, scope))
            continue
        spread = definitions.spread(selection, scope)
        assert spread is not None
        condition, nested = spread
        if not definitions.covers(condition, type_):
            continue
        if isinstance(selection, FragmentSpreadNode) and fragment_is_single_class(definitions, selection.name.value):
            if selection.name.value not in collected.fragment_bases:
                collected.fragment_bases.append(selection.name.value)
        else:
            collect(definitions, nested, type_, condition, collected)


class ClassTable:
    """Every class built so far, by (module, name): to inherit from and to look into."""

    def __init__(self) -> None:
        self._classes: dict[tuple[str, str], ModelClass] = {}

    def add(self, module: str, model: ModelClass) -> None:
        if (module, model.name) in self._classes:
            raise UnsupportedError(f"two generated classes would be named {model.name!r} in module {module!r}")
        self._classes[(module, model.name)] = model

    def replace(self, module: str, model: ModelClass) -> None:
        self._classes[(module, model.name)] = model

    def remove(self, module: str, name: str) -> None:
        del self._classes[(module, name)]

    def base(self, name: PyName) -> ModelClass:
        return self._classes[(name.module or "", name.name)]

    def class_of(self, type_ref: TypeRef, module: str) -> ModelClass | None:
        """The generated class `type_ref` names (relative to `module`), if it is one."""
        if not isinstance(type_ref, PyName) or not type_ref.generated:
            return None
        return self._classes.get((type_ref.module or module, type_ref.name))

    def all_fields(self, model: ModelClass | None) -> dict[str, ModelField]:
        """Fields of `model` including inherited ones, by GraphQL response key (most derived wins)."""
        if model is None:
            return {}
        fields: dict[str, ModelField] = {}
        for base in reversed(model.bases):
            fields.update(self.all_fields(self.base(base)))
        fields.update({f.graphql_name: f for f in model.fields})
        return fields

    def inherited_fields(self, bases: tuple[PyName, ...]) -> dict[str, list[ModelField]]:
        """Fields that `bases` provide, by response key, one entry per base that has the key."""
        inherited: dict[str, list[ModelField]] = {}
        for base in bases:
            for key, inherited_field in self.all_fields(self.base(base)).items():
                inherited.setdefault(key, []).append(inherited_field)
        return inherited

    def without_ancestors(self, bases: list[PyName]) -> tuple[PyName, ...]:
        """Drop bases that another base already derives from, which would make the MRO inconsistent."""
        unique = list(dict.fromkeys(bases))
        covered = set().union(*(self._ancestors(base) for base in unique)) if unique else set()
        return tuple(base for base in unique if base not in covered)

    def _ancestors(self, name: PyName) -> set[PyName]:
        found: set[PyName] = set()
        for base in self.base(name).bases:
            found |= {base, *self._ancestors(base)}
        return found


def nested_bases(nested_name: str, inherited: list[ModelField]) -> tuple[PyName, ...]:
    """Bases of a nested class: the classes of the same field in the fragments its parent inherits from."""
    bases: list[PyName] = []
    for inherited_field in inherited:
        inner = innermost(inherited_field.type)
        if not isinstance(inner, PyName):
            raise UnsupportedError(
                f"{nested_name}: a field selected both directly and in a fragment that narrows it with "
                "`... on` is not supported; select it in one place"
            )
        if inner not in bases:
            bases.append(inner)
    return tuple(bases)
