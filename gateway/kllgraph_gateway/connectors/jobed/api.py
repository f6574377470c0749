"""Live requests to JobEd Connect. Paging is offset/limit (M)."""

from __future__ import annotations

from ..._upstream import SourceClient
from .models import EducationMatches


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
