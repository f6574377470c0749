"""`inputs.py`: one model per GraphQL input type reachable from the operations' variables."""

from __future__ import annotations

import ast

from .._leaves import innermost
from .._model import ClientPackage, PyName
from ._ast import Imports, annotation, class_def, docstring, field_statement, module

MODULE = "inputs"


def generate(package: ClientPackage) -> ast.Module:
    imports = Imports(MODULE)
    defined: set[str] = set()
    classes: list[ast.stmt] = []
    for model in package.inputs:
        body: list[ast.stmt] = list(docstring(model.description))
        for model_field in model.fields:
            type_node = annotation(model_field.type, imports)
            inner = innermost(model_field.type)
            if isinstance(inner, PyName) and inner.generated and inner.module == MODULE and inner.name not in defined:
                # Recursive inputs refer to a class defined later: a string annotation, resolved by pydantic.
                type_node = ast.Constant(ast.unparse(type_node))
            body.append(field_statement(model_field, imports, type_node))
        classes.append(class_def(model.name, [imports.from_("kllgraph", "GraphQLModel")], body))
        defined.add(model.name)
    return module(imports, classes, "Input types of the GraphQL schema used by the operations' variables.")
