"""`<operation>.py`: the result models of one operation, nested classes first, the result class last."""

from __future__ import annotations

import ast

from .._model import Operation
from ._ast import Imports, model_class, module


def generate(operation: Operation) -> ast.Module:
    imports = Imports(operation.module_name)
    classes: list[ast.stmt] = [model_class(model, imports) for model in operation.classes]
    return module(imports, classes, f"Result models of the {operation.kind} `{operation.graphql_name}`.")
