"""The `[tool.kllgraph-codegen]` table of a pyproject.toml, read into a `CodegenConfig`.

Paths in the table are relative to the directory of the file they are written in, so the CLI gives the same
result from any working directory.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ._errors import ConfigError

TABLE_NAME = "kllgraph-codegen"
_KNOWN_KEYS = frozenset({"schema", "schema_url", "schema_headers", "operations", "output", "package", "scalars"})


@dataclass(frozen=True)
class CodegenConfig:
    """Where the schema and operations come from and where the generated package goes."""

    operations: tuple[Path, ...]
    output: Path
    package: str
    schema: Path | None = None
    schema_url: str | None = None
    schema_headers: dict[str, str] = field(default_factory=dict)
    # GraphQL scalar name -> dotted Python type ("decimal.Decimal"); overrides the built-in mapping.
    scalars: dict[str, str] = field(default_factory=dict)
    # Directory that relative paths in messages are shown against.
    root: Path = field(default_factory=Path.cwd)

    def __post_init__(self) -> None:
        if (self.schema is None) == (self.schema_url is None):
            raise ConfigError("set exactly one of `schema` (an SDL file) and `schema_url` (an introspection URL)")
        if not self.operations:
            raise ConfigError("`operations` must list at least one .graphql file or directory")
        if not all(part.isidentifier() for part in self.package.split(".")):
            raise ConfigError(f"`package` {self.package!r} is not a dotted Python module name")
        # Generated modules import each other relatively, but a package name that does not match the output
        # directory is almost always a typo in the config; catch it before writing files to the wrong place.
        if self.output.parts[-len(self.package.split(".")) :] != tuple(self.package.split(".")):
            raise ConfigError(f"`output` {str(self.output)!r} does not end with the path of `package` {self.package!r}")
        for scalar, dotted in self.scalars.items():
            module, _, name = dotted.rpartition(".")
            if not module or not name.isidentifier():
                raise ConfigError(f"scalar {scalar!r} maps to {dotted!r}; expected a path like 'decimal.Decimal'")


def load_config(path: Path) -> CodegenConfig:
    """Read `[tool.kllgraph-codegen]` from `path` (a pyproject.toml or any TOML file with that table)."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ConfigError(f"{path}: file not found") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from error
    table = document.get("tool", {}).get(TABLE_NAME)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: no [tool.{TABLE_NAME}] table")
    return config_from_table(table, root=path.resolve().parent, origin=str(path))


def config_from_table(table: dict[str, object], *, root: Path, origin: str = "config") -> CodegenConfig:
    """Validate a parsed `[tool.kllgraph-codegen]` table; relative paths are resolved against `root`."""
    unknown = sorted(set(table) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{origin}: unknown key(s) in [tool.{TABLE_NAME}]: {', '.join(unknown)}")

    def text(key: str, *, required: bool) -> str | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{origin}: `{key}` must be a non-empty string")
        return value

    def string_table(key: str) -> dict[str, str]:
        value = table.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise ConfigError(f"{origin}: `{key}` must be a table of strings")
        return dict(value)

    operations = _paths(table.get("operations"), origin)
    output = text("output", required=True)
    assert output is not None  # required=True raised otherwise
    schema = text("schema", required=False)
    package = text("package", required=False) or Path(output).name
    try:
        return CodegenConfig(
            schema=root / schema if schema else None,
            schema_url=text("schema_url", required=False),
            schema_headers=string_table("schema_headers"),
            operations=tuple(root / item for item in operations),
            output=root / output,
            package=package,
            scalars=string_table("scalars"),
            root=root,
        )
    except ConfigError as error:
        raise ConfigError(f"{origin}: {error}") from None


def _paths(operations: object, origin: str) -> list[str]:
    """`operations`: one path or a list of them."""
    if isinstance(operations, str):
        return [operations]
    if not isinstance(operations, list) or not all(isinstance(item, str) for item in operations):
        raise ConfigError(f"{origin}: `operations` must be a list of paths")
    return operations
