"""`client.py`: `GeneratedClient` and `GeneratedAsyncClient`, one method per operation.

Both classes come from `_client_class`, which takes the one difference (sync or async) as data; method bodies
are never written twice.

The module stays cheap to import (`import kllgraph` loads it): annotations are not evaluated
(`from __future__ import annotations`), the names they use are imported under `if TYPE_CHECKING:`, and each
method imports its document and its result module on its first call (imports inside the method body).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from .._model import ClientPackage, Operation, PyName, Variable
from ._ast import (
    RUNTIME_MODULE,
    Imports,
    annotation,
    call,
    class_def,
    docstring,
    future_annotations,
    module,
    type_checking_block,
    with_type_params,
)

MODULE = "client"


@dataclass(frozen=True)
class _Flavor:
    class_name: str
    base: str
    paginator: str
    is_async: bool


SYNC = _Flavor("GeneratedClient", "SyncClientBase", "SyncPaginator", is_async=False)
ASYNC = _Flavor("GeneratedAsyncClient", "AsyncClientBase", "AsyncPaginator", is_async=True)


@dataclass
class _Imports:
    """`runtime`: imported when the module loads (the bases, `NOT_GIVEN`); `typing`: names used only in
    annotations, imported under `if TYPE_CHECKING:`."""

    runtime: Imports
    typing: Imports


def generate(package: ClientPackage) -> ast.Module:
    imports = _Imports(Imports(MODULE), Imports(MODULE))
    classes = [_client_class(flavor, package.operations, imports) for flavor in (SYNC, ASYNC)]
    body = [*type_checking_block(imports.typing, imports.runtime), *classes]
    generated = module(imports.runtime, body, "Typed client methods, one per operation; the runtime does the I/O.")
    return future_annotations(generated)


def _client_class(flavor: _Flavor, operations: tuple[Operation, ...], imports: _Imports) -> ast.ClassDef:
    doc = (
        f"One {'async ' if flavor.is_async else ''}method per GraphQL operation; "
        f"I/O, caching and pagination come from `{RUNTIME_MODULE}.{flavor.base}`."
    )
    methods = [_method(flavor, operation, imports) for operation in operations]
    base = imports.runtime.from_(RUNTIME_MODULE, flavor.base)
    return class_def(flavor.class_name, [base], [*docstring(doc), *methods])


def _method(flavor: _Flavor, operation: Operation, imports: _Imports) -> ast.FunctionDef | ast.AsyncFunctionDef:
    # The operation's module is imported by the method itself, on its first call.
    local = Imports(MODULE)
    result_name = PyName(operation.result_class, operation.module_name, generated=True)
    result = imports.typing.reference(result_name)
    arguments: list[ast.arg] = []
    defaults: list[ast.expr | None] = []
    for variable in operation.variables:
        arguments.append(ast.arg(variable.python_name, annotation(variable.type, imports.typing)))
        defaults.append(None if variable.required else ast.Constant(None))

    calls: dict[str, ast.expr] = {
        "document": local.from_(".operations", operation.document_constant),
        "operation_name": ast.Constant(operation.graphql_name),
        "variables": ast.Name("variables"),
        "result_type": local.reference(result_name),
    }
    if operation.pagination is not None:
        node_type = annotation(operation.pagination.node_type, imports.typing)
        returns: ast.expr = ast.Subscript(
            imports.typing.from_(RUNTIME_MODULE, flavor.paginator), ast.Tuple([node_type, result])
        )
        arguments.append(ast.arg("max_items", ast.BinOp(ast.Name("int"), ast.BitOr(), ast.Constant(None))))
        defaults.append(ast.Constant(None))
        through = operation.pagination.through_node
        calls["connection"] = (
            local.from_("." + operation.module_name, through.function_name)
            if through is not None  # narrows `node(id:)` to the connection's parent type
            else ast.Lambda(
                _args([ast.arg("result")]), ast.Attribute(ast.Name("result"), operation.pagination.connection_attribute)
            )
        )
        calls["max_items"] = ast.Name("max_items")
    elif operation.lookup is not None:
        # A single lookup returns the entity (or None), which carries the response's extensions.
        returns = annotation(operation.lookup.type, imports.typing)
        calls["field"] = ast.Lambda(
            _args([ast.arg("result")]), ast.Attribute(ast.Name("result"), operation.lookup.attribute)
        )
    else:
        returns = result
    if operation.kind == "query":
        # Per-call cache override; mutations are never cached, so they do not offer it.
        not_given = imports.typing.from_(RUNTIME_MODULE, "NotGiven")
        cache_type = ast.BinOp(ast.BinOp(ast.Name("float"), ast.BitOr(), ast.Constant(None)), ast.BitOr(), not_given)
        arguments.append(ast.arg("cache_ttl", cache_type))
        defaults.append(imports.runtime.from_(RUNTIME_MODULE, "NOT_GIVEN"))
        calls["cache_ttl"] = ast.Name("cache_ttl")

    else:
        # Mutations are never cached: the operation's kind says so, no guess from the document's text.
        calls["cache_ttl"] = ast.Constant(None)
    runtime_method = (
        "_paginate" if operation.pagination is not None else "_lookup" if operation.lookup is not None else "_execute"
    )
    invocation: ast.expr = call(ast.Attribute(ast.Name("self"), runtime_method), **calls)
    is_coroutine = flavor.is_async and operation.pagination is None  # async paginators are returned, not awaited
    if is_coroutine:
        invocation = ast.Await(invocation)
    body: list[ast.stmt] = [
        *docstring(_method_doc(operation)),
        *local.statements(),
        *_variables_statements(operation.variables),
        ast.Return(invocation),
    ]
    signature = _args([ast.arg("self")], kwonly=arguments, kw_defaults=defaults)
    if is_coroutine:
        return with_type_params(
            ast.AsyncFunctionDef(operation.method_name, signature, body, decorator_list=[], returns=returns)
        )
    return with_type_params(ast.FunctionDef(operation.method_name, signature, body, decorator_list=[], returns=returns))


def _method_doc(operation: Operation) -> str:
    """The root field's description, then one line per argument with its description (as `help()` shows)."""
    lines = [operation.description or f"The {operation.kind} `{operation.graphql_name}`."]
    described = [v for v in operation.variables if v.description]
    if described:
        lines += ["", "Args:"]
        lines += [f"    {v.python_name}: {' '.join((v.description or '').split())}" for v in described]
    if operation.pagination is not None:
        lines += ["", "Returns a paginator: iterate it for every item, or call `first_page()` / `to_pandas()`."]
    elif operation.lookup is not None:
        lines += ["", "Returns the object, or None when there is none; its `.extensions` describe the answer."]
    return "\n".join(lines)


def _args(
    positional: list[ast.arg], *, kwonly: list[ast.arg] | None = None, kw_defaults: list[ast.expr | None] | None = None
) -> ast.arguments:
    return ast.arguments(
        posonlyargs=[], args=positional, vararg=None, kwonlyargs=kwonly or [], kw_defaults=kw_defaults or [],
        kwarg=None, defaults=[],
    )  # fmt: skip


def _variables_statements(variables: tuple[Variable, ...]) -> list[ast.stmt]:
    """`variables = {required...}` then one `if x is not None:` per optional variable.

    Optional variables left at None are not sent, so the server applies the operation's defaults. Values stay
    Python objects (dates, enums, input models): the runtime's `encode_variables` makes them JSON.
    """
    required = [v for v in variables if v.required]
    initial = ast.Dict(
        keys=[ast.Constant(v.graphql_name) for v in required],
        values=[ast.Name(v.python_name) for v in required],
    )
    dict_type = ast.Subscript(ast.Name("dict"), ast.Tuple([ast.Name("str"), ast.Name("object")]))
    statements: list[ast.stmt] = [ast.AnnAssign(ast.Name("variables"), dict_type, initial, simple=1)]
    for variable in variables:
        if variable.required:
            continue
        name = ast.Name(variable.python_name)
        target = ast.Subscript(ast.Name("variables"), ast.Constant(variable.graphql_name))
        statements.append(
            ast.If(
                test=ast.Compare(name, [ast.IsNot()], [ast.Constant(None)]),
                body=[ast.Assign([target], name)],
                orelse=[],
            )
        )
    return statements
