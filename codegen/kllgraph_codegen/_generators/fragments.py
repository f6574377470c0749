"""`fragments.py`: the models of named fragments, which operation models derive from."""

from __future__ import annotations

import ast

from .._model import ClientPackage
from ._ast import Imports, model_class, module

MODULE = "fragments"


def generate(package: ClientPackage) -> ast.Module:
    imports = Imports(MODULE)
    classes: list[ast.stmt] = [model_class(model, imports) for model in package.fragments]
    return module(imports, classes, "Models of the named fragments shared by the operations.")
