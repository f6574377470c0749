"""The one live request: the whole Yrkesbarometer file (about 5.7 MB), cached for the source's TTL.

The file has no query interface: it is read whole and indexed in the graph module (graph/outlook.py), which
preloads it at startup and refreshes it in the background, so a client's request reads the cached copy.
"""

from __future__ import annotations

from ..._upstream import SourceClient
from .models import BarometerRow, Yrkesbarometer

FILE_PATH = "/prognoser/yrkesbarometer.json"  # M+ (source.py)


async def rows(client: SourceClient) -> list[BarometerRow]:
    """Every row of the file (each cache fill parses it once; the same list is handed out until it expires)."""
    return (await client.get_model(FILE_PATH, Yrkesbarometer, endpoint="yrkesbarometer")).root
