"""`operations.py`: each operation's document (with the fragments it uses) as a string constant."""

from __future__ import annotations

import ast

from .._model import ClientPackage
from ._ast import Imports, call, module

MODULE = "operations"


def generate(package: ClientPackage) -> ast.Module:
    constants: list[ast.stmt] = []
    for operation in package.operations:
        # Joined from lines so that the formatted file shows the document line by line (ast.unparse would
        # write one long string full of `\n`).
        lines: list[ast.expr] = [ast.Constant(line) for line in operation.document.split("\n")]
        value = call(ast.Attribute(ast.Constant("\n"), "join"), ast.List(lines))
        constants.append(ast.AnnAssign(ast.Name(operation.document_constant), ast.Name("str"), value, simple=1))
    return module(Imports(MODULE), constants, "GraphQL documents of the operations, as sent to the server.")
