"""Live requests to JobEd Connect. Paging is offset/limit (M)."""

from __future__ import annotations

from ..._upstream import SourceClient
from .models import EducationMatches, OccupationMatches


async def educations_by_occupation(
    client: SourceClient, occupation_id: str, *, offset: int, limit: int
) -> EducationMatches:
    """Educations leading to one occupation (taxonomy occupation-name concept id).

    `POST /v1/educations/match-by-occupation` with every argument in the query string and no body (M: three
    independent clients, code-index ids 4201629280, 8250218288, 61819750463). The endpoint takes ONE
    `occupation_id`; no batch form was found, so N distinct occupations cost N requests (see graph/educations.py).
    """
    params = [("occupation_id", occupation_id), ("limit", str(limit)), ("offset", str(offset)),
              ("include_metadata", "false")]
    return await client.post_model("/v1/educations/match-by-occupation", EducationMatches,
                                   endpoint="educations-match-by-occupation", json=None, params=params)


async def occupations_by_text(client: SourceClient, text: str, *, limit: int) -> OccupationMatches:
    """Occupations a free text (a person's experience) points to, with JobEd's match score.

    `POST /v1/occupations/match-by-text` (M+ for the endpoint and the answer). The text is a person's: it goes in
    the JSON body, never in the query string, so no URL (and no access log of any hop) carries it, and the call is
    never cached (`post_private`). Some clients send `input_text` as a query parameter instead; which form the
    server reads was not verified (M). If the live API reads only the query string, this call fails with
    UPSTREAM_REJECTED naming the source, and the field says so rather than moving the text into a URL.
    """
    body = {"input_text": text, "input_headline": "", "limit": limit, "offset": 0, "include_metadata": True}
    return await client.post_private("/v1/occupations/match-by-text", OccupationMatches,
                                     endpoint="occupations-match-by-text", json=body)
