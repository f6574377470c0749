"""`kllgraph-codegen [--config pyproject.toml] [--check]`: generate (or check) a typed client package."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ._config import load_config
from ._errors import CodegenError
from ._pipeline import compare, generate, write

EXIT_OK = 0
EXIT_STALE = 1
EXIT_ERROR = 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="kllgraph-codegen",
        description="Generate a typed Python client from a GraphQL schema and .graphql operation files.",
    )
    parser.add_argument(
        "--config", type=Path, default=Path("pyproject.toml"), help="TOML file with [tool.kllgraph-codegen]"
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 and list stale files if the output is outdated"
    )
    arguments = parser.parse_args(argv)
    try:
        config = load_config(arguments.config)
        files = generate(config)
        if arguments.check:
            difference = compare(files, config.output)
            for name in difference.changed:
                print(f"stale: {_shown(config.output / name)}")
            for name in difference.obsolete:
                print(f"obsolete: {_shown(config.output / name)}")
            if difference:
                print("run `kllgraph-codegen` to regenerate", file=sys.stderr)
                return EXIT_STALE
            print(f"{_shown(config.output)} is up to date ({len(files)} files)")
            return EXIT_OK
        difference = write(files, config.output)
        for name in difference.changed:
            print(f"wrote {_shown(config.output / name)}")
        for name in difference.obsolete:
            print(f"removed {_shown(config.output / name)}")
        if not difference:
            print(f"{_shown(config.output)} is up to date ({len(files)} files)")
        return EXIT_OK
    except CodegenError as error:
        print(f"kllgraph-codegen: error: {error}", file=sys.stderr)
        return EXIT_ERROR


def _shown(path: Path) -> str:
    cwd = Path.cwd()
    return path.relative_to(cwd).as_posix() if path.is_relative_to(cwd) else path.as_posix()
