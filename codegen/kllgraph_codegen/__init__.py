"""kllgraph-codegen: a GraphQL schema plus `.graphql` operations in, a typed Python client package out.

The pipeline (one private module per stage): `_load` (schema and operations, validated) -> `_derive` (a paginated
`node(id:)` operation per connection nested in a Node) -> `_build` (intermediate model of `_model` dataclasses, in
stages: `_unions`, `_objects`, `_inherit`, `_leaves`, `_pagination`) -> `_generators` (one `ast.Module` per output
file) -> `_format` (`ast.unparse` + `ruff format`, once). `_pagination` alone decides what a paginated connection is.
`generate(config)` runs it; the CLI writes or checks the result.
"""

from __future__ import annotations

from ._config import CodegenConfig, config_from_table, load_config
from ._errors import CodegenError, ConfigError, OperationError, SchemaLoadError, UnsupportedError
from ._pipeline import Difference, compare, generate, write

__all__ = [
    "CodegenConfig",
    "CodegenError",
    "ConfigError",
    "Difference",
    "OperationError",
    "SchemaLoadError",
    "UnsupportedError",
    "compare",
    "config_from_table",
    "generate",
    "load_config",
    "write",
]

for _name in __all__:
    globals()[_name].__module__ = __name__  # exported objects report the public package as their home
del _name
