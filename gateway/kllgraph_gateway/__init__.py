"""kllgraph gateway: one GraphQL graph over the open data of the Swedish KLL agencies."""

from ._app import create_app
from ._registry import SOURCES
from ._schema import build_schema, schema_sdl
from ._settings import Settings

__all__ = ["SOURCES", "Settings", "build_schema", "create_app", "schema_sdl"]
