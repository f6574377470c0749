"""Doctor probe for MYH: YH as it is read, i.e. Susa-navet emil3 events with `schoolType=YH`.

MYH has no API of its own that the gateway calls; its source's base URL is therefore the emil3 base (source.py).
"""

from __future__ import annotations

from ..._upstream import SourceClient
from ..susanavet import api


async def probe(client: SourceClient) -> str:
    """GET /educationEvents?schoolType=YH&page=0&size=1 through the Susa-navet connector's api.py and models."""
    found = await api.education_events(client, school_types=("YH",), page=0, size=1)
    total = found.page.totalElements if found.page else None
    return f"GET /educationEvents?schoolType=YH&page=0&size=1: {len(found.educationEvents)} YH event(s), " \
           f"totalElements {total}"
