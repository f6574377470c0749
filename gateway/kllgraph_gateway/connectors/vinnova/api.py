"""Live requests to Vinnova open data (agency-apis.md §8): `/{entity}/{YYYY-MM-DD}` = records changed since that
date, `/{entity}/{id},{id}...` = records by diarienummer, at most 20 per request."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..._upstream import SourceClient
from .models import Call, CallList, Project, ProjectList

MAX_IDS_PER_REQUEST = 20


def _id_path(entity: str, ids: Sequence[str]) -> str:
    if not ids or len(ids) > MAX_IDS_PER_REQUEST:
        raise ValueError(f"1..{MAX_IDS_PER_REQUEST} ids per request, got {len(ids)}")
    return f"/{entity}/{','.join(ids)}"


async def projects_changed_since(client: SourceClient, since: date) -> list[Project]:
    result = await client.get_model(f"/projekt/{since.isoformat()}", ProjectList, endpoint="projekt-since")
    return result.root


async def projects_by_ids(client: SourceClient, ids: Sequence[str]) -> list[Project]:
    # By-id lookups follow the gateway's rule for unknown ids: a 404 (or, offline, a lookup the snapshot lacks)
    # means none of these ids is known, not an error. Whether Vinnova answers 404 or `[]` is not evidenced (L).
    result = await client.get(_id_path("projekt", ids), ProjectList, endpoint="projekt", not_found_ok=True)
    return result.root if result is not None else []


async def calls_changed_since(client: SourceClient, since: date) -> list[Call]:
    result = await client.get_model(f"/utlysningar/{since.isoformat()}", CallList, endpoint="utlysningar-since")
    return result.root


async def calls_by_ids(client: SourceClient, ids: Sequence[str]) -> list[Call]:
    result = await client.get(_id_path("utlysningar", ids), CallList, endpoint="utlysningar", not_found_ok=True)
    return result.root if result is not None else []
