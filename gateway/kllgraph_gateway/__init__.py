"""kllgraph gateway: one GraphQL graph over the open data of the Swedish KLL agencies.

Everything public is importable from `kllgraph_gateway`; the `_modules` and the `connectors`/`graph` packages are
internals. `create_app(Settings(...))` builds the Starlette app; `app_from_env` is the ASGI factory for servers that
run their own workers (uvicorn `--factory`, gunicorn); `kllgraph-gateway` is the CLI.
"""

from ._app import app_from_env, create_app
from ._registry import SOURCES
from ._schema import build_schema, schema_sdl
from ._settings import Settings
from .connectors import Source

__all__ = ["SOURCES", "Settings", "Source", "app_from_env", "build_schema", "create_app", "schema_sdl"]

# Exported objects report the package as their home (reprs and docs say `kllgraph_gateway.Settings`).
for __name in __all__:
    __member = globals()[__name]
    if hasattr(__member, "__module__") and not isinstance(__member, tuple):
        __member.__module__ = "kllgraph_gateway"
del __name, __member
