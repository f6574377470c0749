"""Shared `ast` building blocks: imports collected per module, type annotations, model classes."""

from __future__ import annotations

import ast
import sys
from collections.abc import Sequence
from typing import TypeVar

from .._model import ListOf, LiteralOf, ModelClass, ModelField, Nullable, PyName, TypeRef

RUNTIME_MODULE = "kllgraph"
DISCRIMINATOR = "typename__"


class Imports:
    """The imports one generated module needs, rendered in isort order (stdlib, third party, package)."""

    def __init__(self, module: str) -> None:
        self.module = module
        self._plain: set[str] = set()
        self._from: dict[str, set[str]] = {}

    def from_(self, module: str, name: str) -> ast.Name:
        self._from.setdefault(module, set()).add(name)
        return ast.Name(name)

    def plain(self, module: str) -> None:
        """`import module`."""
        self._plain.add(module)

    def reference(self, type_name: PyName) -> ast.expr:
        """An expression naming `type_name`, importing it as needed."""
        if type_name.module is None or (type_name.generated and type_name.module == self.module):
            return ast.Name(type_name.name)
        if type_name.generated:
            return self.from_("." + type_name.module, type_name.name)
        if type_name.module == "typing":
            return self.from_("typing", type_name.name)
        # Qualified (`datetime.date`) so that a type never collides with a generated name.
        self._plain.add(type_name.module)
        expression: ast.expr = ast.Name(type_name.module.split(".")[0])
        for part in [*type_name.module.split(".")[1:], type_name.name]:
            expression = ast.Attribute(expression, part)
        return expression

    def statements(self) -> list[ast.stmt]:
        # Per section `import x` lines first, then `from x import y`, each sorted by module (isort's default).
        statements: list[ast.stmt] = []
        for section in (0, 1, 2):
            plain = sorted(m for m in self._plain if _section(m) == section)
            statements.extend(ast.Import(names=[ast.alias(m)]) for m in plain)
            for module in sorted((m for m in self._from if _section(m) == section), key=lambda m: m.lstrip(".")):
                names = [ast.alias(name) for name in sorted(self._from[module], key=_isort_key)]
                level = len(module) - len(module.lstrip("."))
                statements.append(ast.ImportFrom(module=module.lstrip(".") or None, names=names, level=level))
        return statements


def _section(module: str) -> int:
    return 2 if module.startswith(".") else 0 if _is_stdlib(module) else 1


def _is_stdlib(module: str) -> bool:
    return module.split(".")[0] in sys.stdlib_module_names


def _isort_key(name: str) -> tuple[int, str]:
    # isort's default "force_sort_within_sections=false, case sensitive": CONSTANTS, Classes, functions.
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return (kind, name)


def annotation(type_ref: TypeRef, imports: Imports) -> ast.expr:
    if isinstance(type_ref, PyName):
        return imports.reference(type_ref)
    if isinstance(type_ref, ListOf):
        return ast.Subscript(ast.Name("list"), annotation(type_ref.item, imports))
    if isinstance(type_ref, Nullable):
        return ast.BinOp(annotation(type_ref.inner, imports), ast.BitOr(), ast.Constant(None))
    if isinstance(type_ref, LiteralOf):
        values: list[ast.expr] = [ast.Constant(value) for value in type_ref.values]
        return ast.Subscript(imports.from_("typing", "Literal"), values[0] if len(values) == 1 else ast.Tuple(values))
    members = [imports.reference(member) for member in type_ref.members]
    union = members[0]
    for member in members[1:]:
        union = ast.BinOp(union, ast.BitOr(), member)
    discriminator = call(imports.from_("pydantic", "Field"), discriminator=ast.Constant(DISCRIMINATOR))
    return ast.Subscript(imports.from_("typing", "Annotated"), ast.Tuple([union, discriminator]))


def call(function: ast.expr, *args: ast.expr, **keywords: ast.expr) -> ast.Call:
    return ast.Call(function, list(args), [ast.keyword(name, value) for name, value in keywords.items()])


def class_def(name: str, bases: Sequence[ast.expr], body: Sequence[ast.stmt]) -> ast.ClassDef:
    node = ast.ClassDef(name=name, bases=list(bases), keywords=[], body=list(body) or [ast.Pass()], decorator_list=[])
    return with_type_params(node)


_Definition = TypeVar("_Definition", ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def with_type_params(node: _Definition) -> _Definition:
    """Python >= 3.12 nodes have `type_params`, which ast.unparse reads; older ones do not have the field."""
    if "type_params" in type(node)._fields:
        setattr(node, "type_params", [])  # noqa: B010 -- the attribute is absent from 3.11's typeshed
    return node


def docstring(text: str | None) -> list[ast.stmt]:
    return [ast.Expr(ast.Constant(text.strip()))] if text and text.strip() else []


def field_statement(model_field: ModelField, imports: Imports, annotation_node: ast.expr | None = None) -> ast.stmt:
    """`name: T`, `name: T | None = None`, or with `Field(alias=..., description=...)` when the GraphQL name
    differs or the schema describes the field (so that `help()` and IDE hovers show the description)."""
    target = ast.Name(model_field.python_name)
    type_node = annotation_node or annotation(model_field.type, imports)
    description = (model_field.description or "").strip()
    if model_field.python_name == model_field.graphql_name and not description:
        value: ast.expr | None = None if model_field.required else ast.Constant(None)
    else:
        keywords: dict[str, ast.expr] = {} if model_field.required else {"default": ast.Constant(None)}
        if model_field.python_name != model_field.graphql_name:
            keywords["alias"] = ast.Constant(model_field.graphql_name)
        if description:
            keywords["description"] = ast.Constant(description)
        value = call(imports.from_("pydantic", "Field"), **keywords)
    return ast.AnnAssign(target=target, annotation=type_node, value=value, simple=1)


def model_class(model: ModelClass, imports: Imports) -> ast.ClassDef:
    bases = [imports.reference(base) for base in model.bases] or [imports.from_(RUNTIME_MODULE, "GraphQLModel")]
    body = [*docstring(model.description), *(field_statement(f, imports) for f in model.fields)]
    return class_def(model.name, bases, body)


def module(imports: Imports, body: Sequence[ast.stmt], doc: str | None = None) -> ast.Module:
    return ast.Module(body=[*docstring(doc), *imports.statements(), *body], type_ignores=[])


def type_checking_block(typing_imports: Imports, runtime_imports: Imports) -> list[ast.stmt]:
    """`if TYPE_CHECKING:` with `typing_imports` (names only annotations use), or nothing when there are none."""
    statements = typing_imports.statements()
    if not statements:
        return []
    return [ast.If(test=runtime_imports.from_("typing", "TYPE_CHECKING"), body=statements, orelse=[])]


def future_annotations(generated: ast.Module) -> ast.Module:
    """`generated` with `from __future__ import annotations` after its docstring: annotations stay unevaluated,
    so names imported under `if TYPE_CHECKING:` may appear in them."""
    body = list(generated.body)
    at = 1 if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) else 0
    body.insert(at, ast.ImportFrom(module="__future__", names=[ast.alias("annotations")], level=0))
    return ast.Module(body=body, type_ignores=[])
