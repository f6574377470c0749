"""Live requests to Susa-navet 1.1. Paging is `page` (0-based) + `size` (M); list filters take comma lists (M)."""

from __future__ import annotations

from collections.abc import Sequence

from ..._upstream import Params, SourceClient
from .models import Document, Documents


def _filters(**values: str | Sequence[str] | None) -> Params:
    params: list[tuple[str, str]] = []
    for name, value in values.items():
        if value is None or value == () or value == []:
            continue
        # Several ids/codes go as ONE comma-separated value (`id=a,b`, `municipality=1060,1080`; M, clients).
        params.append((name, value if isinstance(value, str) else ",".join(value)))
    return params


def _paging(page: int, size: int) -> Params:
    return [("page", str(page)), ("size", str(size))]


async def events(
    client: SourceClient,
    *,
    ids: Sequence[str] = (),
    municipality: Sequence[str] = (),
    organisation_form: str | None = None,
    name: str | None = None,
    page: int,
    size: int,
) -> Documents:
    """`/events`: path and filters by analogy with `/infos` (L: one client calls `/events?vocational=True`)."""
    params = [*_filters(id=ids, municipality=municipality, organisationForm=organisation_form, name=name),
              *_paging(page, size)]
    return await client.get_model("/events", Documents, endpoint="events", params=params)


async def infos(client: SourceClient, *, ids: Sequence[str], page: int, size: int) -> Documents:
    """`/infos?id=...`: info ids, or a provider id for that provider's educations (both seen in clients; M)."""
    return await client.get_model("/infos", Documents, endpoint="infos",
                                  params=[*_filters(id=ids), *_paging(page, size)])


async def info(client: SourceClient, info_id: str) -> Document | None:
    return await client.get(f"/infos/{info_id}", Document, endpoint="info", not_found_ok=True)


async def providers(client: SourceClient, *, ids: Sequence[str], page: int, size: int) -> Documents:
    return await client.get_model("/providers", Documents, endpoint="providers",
                                  params=[*_filters(id=ids), *_paging(page, size)])
