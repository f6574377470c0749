"""Pydantic models of JobEd Connect payloads (field names as clients read them; extra fields tolerated).

"Swagger defines no explicit response schema" (an MCP client, code-index id 8250218288), so these follow client code
(M): `POST /v1/educations/match-by-occupation` → `{hits: [ {id, code, education_title, education_description,
education_form, education_type, education_provider_name, eventSummary{distance, paceOfStudyPercentage[]}} ]}` (client
interface code-index 4208029370; `result.data.hits` in 4201629280); `eventSummary.municipalityCode[]` and
`eventSummary.executions[{start, end}]` are read by two other clients (42569079891, 65746389020; L).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Execution(_Model):
    start: str | None = None
    end: str | None = None


class EventSummary(_Model):
    distance: bool | None = None
    paceOfStudyPercentage: list[float] = []
    municipalityCode: list[str] = []  # L
    executions: list[Execution] = []  # L


class MatchedEducation(_Model):
    id: str  # a Susa-navet education id, e.g. "i.sv.ft001" (match-by-education takes the same ids; M)
    code: str | None = None
    education_title: str | None = None
    education_description: str | None = None
    education_form: str | None = None  # Susa-navet organisationForm value, e.g. "yrkeshögskoleutbildning" (L)
    education_type: str | None = None  # e.g. "program", "kurs" (L)
    education_provider_name: str | None = None
    eventSummary: EventSummary | None = None


class EducationMatches(_Model):
    # Always sent (M: every client reads it), so required: a `{}` answer is drift, not "no educations". No total is
    # sent (M): paging ends on a short block.
    hits: list[MatchedEducation]


# --- `POST /v1/occupations/match-by-text` (M+: several independent clients agree on the answer's shape, e.g.
# zandrastr/mi-job-education-matcher-react `src/models/RelatedOccupationsInterface.ts`, code-index ids 2084003010,
# 49438063109): `{hits_total, hits_returned, identified_keywords_for_input: {competencies, occupations},
# related_occupations: [{id, occupation_label, concept_taxonomy_id, legacy_ams_taxonomy_id, occupation_group:
# {occupation_group_label, concept_taxonomy_id, ssyk}, metadata: {enriched_ads_count, enriched_ads_total_count,
# enriched_ads_percent_of_total, match_score}}]}`. `metadata` is sent with `include_metadata: true`.


class OccupationGroupRef(_Model):
    occupation_group_label: str | None = None
    concept_taxonomy_id: str | None = None
    ssyk: str | None = None


class MatchMetadata(_Model):
    enriched_ads_count: int | None = None
    enriched_ads_total_count: int | None = None
    enriched_ads_percent_of_total: float | None = None
    match_score: float | None = None


class RelatedOccupation(_Model):
    id: str | None = None
    occupation_label: str | None = None
    concept_taxonomy_id: str  # the taxonomy occupation-name id (M+): what the graph joins on
    legacy_ams_taxonomy_id: str | None = None
    occupation_group: OccupationGroupRef | None = None
    metadata: MatchMetadata | None = None


class OccupationMatches(_Model):
    hits_total: int | None = None
    hits_returned: int | None = None
    # Required: the list is what the call is for (`{}` would be drift, not "no match").
    related_occupations: list[RelatedOccupation]
