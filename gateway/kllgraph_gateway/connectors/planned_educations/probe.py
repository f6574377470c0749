"""`kllgraph-gateway doctor`: one cheap live request through this connector's api.py, validated by its models."""

from __future__ import annotations

from ..._upstream import SourceClient
from .api import adult_education_events


async def probe(client: SourceClient) -> str:
    # YH events: the path MYH's programmes are read through (myh has no API of its own), one event per page.
    page = await adult_education_events(client, type_of_school="yh", page=0, size=1)
    return f"GET /v4/adult-education-events?typeOfSchool=yh&size=1: {page.total} YH events"
