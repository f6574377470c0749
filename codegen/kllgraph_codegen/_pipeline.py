"""The pipeline: load -> derive -> intermediate model -> one generator per file -> format once; write and check."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graphql import GraphQLSchema

from ._build import build_package
from ._config import CodegenConfig
from ._derive import derive_operations
from ._format import HEADER, format_sources, unparse
from ._generators import generate_modules
from ._load import find_operation_files, load_operations, load_schema_file, load_schema_url


def load_schema(config: CodegenConfig) -> GraphQLSchema:
    if config.schema is not None:
        return load_schema_file(config.schema, display_name=_display(config.schema, config.root))
    assert config.schema_url is not None  # CodegenConfig requires one of the two
    return load_schema_url(config.schema_url, headers=config.schema_headers)


def generate(config: CodegenConfig, *, schema: GraphQLSchema | None = None) -> dict[str, str]:
    """File name -> source text of the whole generated package (nothing is written)."""
    schema = schema or load_schema(config)
    loaded = load_operations(find_operation_files(config.operations), schema, root=config.root)
    loaded = derive_operations(schema, loaded)  # paginated `node(id:)` operations for nested connections
    package = build_package(schema, loaded, scalars=config.scalars)
    modules = generate_modules(package)
    return format_sources({name: unparse(module) for name, module in modules.items()})


@dataclass(frozen=True)
class Difference:
    """Generated files that differ from the output directory."""

    changed: tuple[str, ...]  # missing on disk or with other content
    obsolete: tuple[str, ...]  # generated earlier (carry our header) but no longer produced

    def __bool__(self) -> bool:
        return bool(self.changed or self.obsolete)


def compare(files: dict[str, str], output: Path) -> Difference:
    changed = tuple(
        name
        for name, text in files.items()
        if not (output / name).is_file() or (output / name).read_text(encoding="utf-8") != text
    )
    return Difference(changed, tuple(_obsolete(files, output)))


def write(files: dict[str, str], output: Path) -> Difference:
    """Bring `output` in line with `files`; returns what was different. Only files we generated are deleted."""
    difference = compare(files, output)
    output.mkdir(parents=True, exist_ok=True)
    for name in difference.changed:
        (output / name).write_text(files[name], encoding="utf-8")
    for name in difference.obsolete:
        (output / name).unlink()
    return difference


def _obsolete(files: dict[str, str], output: Path) -> list[str]:
    if not output.is_dir():
        return []
    return sorted(
        path.name
        for path in output.glob("*.py")
        if path.name not in files and path.read_text(encoding="utf-8").startswith(HEADER)
    )


def _display(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
