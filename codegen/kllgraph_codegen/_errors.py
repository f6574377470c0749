"""Errors raised by kllgraph-codegen.

CodegenError
 ├── ConfigError           -- missing or malformed `[tool.kllgraph-codegen]`
 ├── SchemaLoadError       -- schema file/URL unreadable or not a valid schema
 ├── OperationError        -- `.graphql` files that do not parse or validate (one line per problem, file:line:col)
 └── UnsupportedError      -- valid GraphQL that the generator cannot turn into typed Python
"""

from __future__ import annotations


class CodegenError(Exception):
    """Base of every error kllgraph-codegen raises on purpose; the CLI prints these without a traceback."""


class ConfigError(CodegenError):
    """The configuration table is missing or has wrong keys or values."""


class SchemaLoadError(CodegenError):
    """The schema could not be read, fetched or built."""


class OperationError(CodegenError):
    """One or more operation documents do not parse or do not validate against the schema."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class UnsupportedError(CodegenError):
    """The operation is valid GraphQL but uses a shape this generator does not support."""
