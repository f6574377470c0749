"""`enums.py`: one `StrEnum` per GraphQL enum the operations use."""

from __future__ import annotations

import ast

from .._model import ClientPackage
from ._ast import Imports, class_def, docstring, module

MODULE = "enums"


def generate(package: ClientPackage) -> ast.Module:
    imports = Imports(MODULE)
    classes: list[ast.stmt] = []
    for enum_class in package.enums:
        base = imports.from_("enum", "StrEnum")
        members = [
            ast.Assign(targets=[ast.Name(value.python_name)], value=ast.Constant(value.value))
            for value in enum_class.values
        ]
        classes.append(class_def(enum_class.name, [base], [*docstring(enum_class.description), *members]))
    return module(imports, classes, "Enums of the GraphQL schema used by the operations.")
