"""Live requests to the Taxonomy GraphQL endpoint.

Each concept type we need is mirrored whole with one query (a few thousand occupation-names at most) and cached
for a day: lookups by id, SSYK code or municipality code are then local, so any number of ads costs one taxonomy
request per type, and the service's office-hours SLA does not take the gateway down with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from pydantic import BaseModel

from ..._upstream import SourceClient
from .models import (
    BarometerOccupationConcept,
    BarometerOccupationsResponse,
    MunicipalitiesResponse,
    MunicipalityConcept,
    OccupationNameConcept,
    OccupationSkillsConcept,
    OccupationSkillsResponse,
    OccupationsResponse,
    SkillConcept,
    SkillsResponse,
    SsykIscoConcept,
    SsykIscoResponse,
    SubstitutabilityConcept,
    SubstitutabilityResponse,
    SunFieldConcept,
    SunFieldsResponse,
    SunLevelConcept,
    SunLevelsResponse,
)

GRAPHQL_PATH = "/v1/taxonomy/graphql"

# Deprecated occupation-names are mirrored too (`include_deprecated: true`), so ads from before a taxonomy change
# (historical ads) still join their occupation; each carries `deprecated` and the live concepts it is `replaced_by`.
# Evidence: JobTech's own ad importer queries `concepts(type: "occupation-name", include_deprecated: true)` with
# `replaced_by { ... broader(type: "ssyk-level-4") { ... } }` (github JobtechSwe/elastic-importers,
# importers/taxonomy/queries.py, commit 033a24f4; H for the argument and `replaced_by`), and a taxonomy client
# reads `{ id preferred_label deprecated replaced_by { id preferred_label } }` with `include_deprecated: true`
# (code-index id 71601680765; M for the boolean `deprecated`). A deprecated concept may have lost its broader
# ssyk-level-4 relation; the importer then takes the group from its replacement (converter.py there), as we do.
OCCUPATION_SELECTION = """
    id type preferred_label deprecated_legacy_id deprecated
    broader(type: "ssyk-level-4") {
      id type preferred_label ssyk_code_2012
      broader(type: "occupation-field") { id type preferred_label }
    }
    replaced_by {
      id type preferred_label
      broader(type: "ssyk-level-4") {
        id type preferred_label ssyk_code_2012
        broader(type: "occupation-field") { id type preferred_label }
      }
    }
    related(type: "occupation-collection") { id type preferred_label }"""

OCCUPATIONS_QUERY = f"""query KllOccupations {{
  concepts(type: "occupation-name", include_deprecated: true) {{{OCCUPATION_SELECTION}
  }}
}}"""

# The mirror is a cache: an id it lacks (a concept added since it was loaded) is read by id, in one request for a
# batch, with the mirror's selection. `concepts(id: [...])` is how JobTech's docs and clients read concepts by id
# (M: career-switch-apis.md §1b's profile query, `concepts(id: $id)` with `$id: [ID]`); `type` keeps other concept
# types out, so an id of, e.g., a municipality is not an occupation.
OCCUPATIONS_BY_ID_QUERY = f"""query KllOccupationsById($ids: [ID]) {{
  concepts(id: $ids, type: "occupation-name", include_deprecated: true) {{{OCCUPATION_SELECTION}
  }}
}}"""

MUNICIPALITIES_QUERY = """query KllMunicipalities {
  concepts(type: "municipality") {
    id type preferred_label lau_2_code_2015
    broader(type: "region") { id type preferred_label national_nuts_level_3_code_2019 nuts_level_3_code_2021 }
  }
}"""


_Response = TypeVar("_Response", bound=BaseModel)


async def _mirror(client: SourceClient, model: type[_Response], query: str, operation: str) -> _Response:
    """One whole concept type with one GraphQL POST (cached for the source's TTL like every upstream call)."""
    return await client.post_model(
        GRAPHQL_PATH, model, endpoint="graphql", json={"query": query, "operationName": operation}
    )


async def occupation_names(client: SourceClient) -> list[OccupationNameConcept]:
    return (await _mirror(client, OccupationsResponse, OCCUPATIONS_QUERY, "KllOccupations")).data.concepts


async def occupation_names_by_id(client: SourceClient, ids: Sequence[str]) -> list[OccupationNameConcept] | None:
    """The occupation-names with these ids (a batch, one request); None offline when the snapshot holds no
    recording of the request (it does not know them). An id the taxonomy does not know is simply not listed."""
    body = {"query": OCCUPATIONS_BY_ID_QUERY, "operationName": "KllOccupationsById",
            "variables": {"ids": sorted(set(ids))}}
    response = await client.post(GRAPHQL_PATH, OccupationsResponse, endpoint="graphql", json=body, not_found_ok=True)
    return response.data.concepts if response is not None else None


async def municipalities(client: SourceClient) -> list[MunicipalityConcept]:
    return (await _mirror(client, MunicipalitiesResponse, MUNICIPALITIES_QUERY, "KllMunicipalities")).data.concepts


# Crosswalk mirrors: one query per concept type, cached like the ones above. The ISCO side is read through the
# ssyk-level-4 concepts' `related(type: "isco-level-4")` (the taxonomy relates the two, agency-apis.md §1.3), so one
# request serves both SSYK -> ISCO and ISCO -> SSYK; `narrower(type: "occupation-name")` from ssyk-level-4 is used
# by JobTech's taxonomy editor (code-index id 46745803011).
SSYK_ISCO_QUERY = """query KllSsykIsco {
  concepts(type: "ssyk-level-4") {
    id type preferred_label ssyk_code_2012
    related(type: "isco-level-4") { id type preferred_label isco_code_08 }
    narrower(type: "occupation-name") { id type preferred_label }
  }
}"""

# SUN trees read top-down with `narrower`, as JobTech's taxonomy editor does (code-index id 46745803011).
SUN_LEVELS_QUERY = """query KllSunLevels {
  concepts(type: "sun-education-level-1") {
    id type preferred_label sun_education_level_code_2020
    narrower(type: "sun-education-level-2") {
      id type preferred_label sun_education_level_code_2020
      narrower(type: "sun-education-level-3") { id type preferred_label sun_education_level_code_2020 }
    }
  }
}"""

SUN_FIELDS_QUERY = """query KllSunFields {
  concepts(type: "sun-education-field-1") {
    id type preferred_label sun_education_field_code_2020
    narrower(type: "sun-education-field-2") {
      id type preferred_label sun_education_field_code_2020
      narrower(type: "sun-education-field-3") {
        id type preferred_label sun_education_field_code_2020
        narrower(type: "sun-education-field-4") { id type preferred_label sun_education_field_code_2020 }
      }
    }
  }
}"""


async def ssyk_isco_groups(client: SourceClient) -> list[SsykIscoConcept]:
    return (await _mirror(client, SsykIscoResponse, SSYK_ISCO_QUERY, "KllSsykIsco")).data.concepts


async def sun_education_levels(client: SourceClient) -> list[SunLevelConcept]:
    return (await _mirror(client, SunLevelsResponse, SUN_LEVELS_QUERY, "KllSunLevels")).data.concepts


async def sun_education_fields(client: SourceClient) -> list[SunFieldConcept]:
    return (await _mirror(client, SunFieldsResponse, SUN_FIELDS_QUERY, "KllSunFields")).data.concepts


# --- Career moves (career-switch-apis.md §1a, §1b). Three mirrors, each its own request, so that a field name the live
# schema might not know (the M ones) fails only the fields that read it.

# Substitutability between occupation-names, both directions, with the strength (25 low, 75 high). H for the payload
# shape and meaning (the official static distribution `substitutability-relations-between-occupations.json` has
# exactly these keys per concept and item), M+ for the GraphQL field and argument names (two independent live
# GraphQL clients: mrraage/taxonomyatlasv2, kingkong-projek/semantic-taxonomy-search).
SUBSTITUTABILITY_QUERY = """query KllSubstitutability {
  concepts(type: "occupation-name") {
    id
    substitutes(type: "occupation-name") { id type preferred_label substitutability_percentage }
    substituted_by(type: "occupation-name") { id type preferred_label substitutability_percentage }
  }
}"""

# Every skill with its headline (H: official skill.html, the 2019 REFERENCE), its exact ESCO match (H: the official
# forum post for taxonomy version 11 gives `exact_match(type: "esco-skill") { ... esco_uri }`) and the SSYK 2012
# groups it is related to (H: "skills are generally related to one or more SSYK level 4 groups"; JobTech's taxonomy
# editor reads `related(type: "ssyk-level-4")` from a skill). The taxonomy calls the group links "suggestions ...
# without declaring their importance".
SKILLS_QUERY = """query KllSkills {
  concepts(type: "skill") {
    id type preferred_label
    broader(type: "skill-headline") { id type preferred_label }
    exact_match(type: "esco-skill") { id esco_uri }
    related(type: "ssyk-level-4") { id type preferred_label ssyk_code_2012 }
  }
}"""

# Curated occupation-name -> skill links. M for the names `essential`/`optional` (one independent client ran them
# live against taxonomy v31 for all 2,105 occupations without errors; about 7 % of occupations have essential skills,
# 38 % optional ones); H that such links exist (official skills.html draws occupation-name -> skill).
OCCUPATION_SKILLS_QUERY = """query KllOccupationSkills {
  concepts(type: "occupation-name") {
    id
    essential(type: "skill") { id }
    optional(type: "skill") { id }
  }
}"""


async def substitutability(client: SourceClient) -> list[SubstitutabilityConcept]:
    response = await _mirror(client, SubstitutabilityResponse, SUBSTITUTABILITY_QUERY, "KllSubstitutability")
    return response.data.concepts


async def skills(client: SourceClient) -> list[SkillConcept]:
    return (await _mirror(client, SkillsResponse, SKILLS_QUERY, "KllSkills")).data.concepts


async def occupation_skills(client: SourceClient) -> list[OccupationSkillsConcept]:
    response = await _mirror(client, OccupationSkillsResponse, OCCUPATION_SKILLS_QUERY, "KllOccupationSkills")
    return response.data.concepts


# Barometer occupations (Arbetsförmedlingen's Yrkesbarometer clusters) with the occupation-names they aggregate: the
# official docs give this query verbatim (barometer-occupation.html, "Get all barometer occupations with related
# occupation name concepts"), and JobTech's taxonomy editor reads `related(type: "occupation-name")` from them
# (code-index id 46745803011): H. One request for the whole type, cached like the other mirrors.
BAROMETER_OCCUPATIONS_QUERY = """query KllBarometerOccupations {
  concepts(type: "barometer-occupation") {
    id type preferred_label
    related(type: "occupation-name") { id type preferred_label }
  }
}"""


async def barometer_occupations(client: SourceClient) -> list[BarometerOccupationConcept]:
    return (await _mirror(client, BarometerOccupationsResponse, BAROMETER_OCCUPATIONS_QUERY,
                          "KllBarometerOccupations")).data.concepts
