"""Stage 3: one generator per output file, each turning the intermediate model into an `ast.Module`."""

from __future__ import annotations

import ast

from .._errors import UnsupportedError
from .._model import ClientPackage
from . import client, enums, fragments, inputs, operation, operations, package_init


def generate_modules(package: ClientPackage) -> dict[str, ast.Module]:
    """File name (e.g. `enums.py`) -> module, for every file of the generated package."""
    modules: dict[str, ast.Module] = {
        "__init__.py": package_init.generate(package),
        "client.py": client.generate(package),
        "operations.py": operations.generate(package),
    }
    if package.enums:
        modules["enums.py"] = enums.generate(package)
    if package.inputs:
        modules["inputs.py"] = inputs.generate(package)
    if package.fragments:
        modules["fragments.py"] = fragments.generate(package)
    for op in package.operations:
        file_name = op.module_name + ".py"
        if file_name in modules:
            raise UnsupportedError(f"operation {op.graphql_name!r} would overwrite {file_name}")
        modules[file_name] = operation.generate(op)
    return dict(sorted(modules.items()))
