"""Live requests to the Taxonomy GraphQL endpoint.

Each concept type we need is mirrored whole with one query (a few thousand occupation-names at most) and cached
for a day: lookups by id, SSYK code or municipality code are then local, so any number of ads costs one taxonomy
request per type, and the service's office-hours SLA does not take the gateway down with it.
"""

from __future__ import annotations

from ..._upstream import SourceClient
from .models import MunicipalitiesResponse, MunicipalityConcept, OccupationNameConcept, OccupationsResponse

GRAPHQL_PATH = "/v1/taxonomy/graphql"

OCCUPATIONS_QUERY = """query KllOccupations {
  concepts(type: "occupation-name") {
    id type preferred_label deprecated_legacy_id
    broader(type: "ssyk-level-4") {
      id type preferred_label ssyk_code_2012
      broader(type: "occupation-field") { id type preferred_label }
    }
    related(type: "occupation-collection") { id type preferred_label }
  }
}"""

MUNICIPALITIES_QUERY = """query KllMunicipalities {
  concepts(type: "municipality") {
    id type preferred_label lau_2_code_2015
    broader(type: "region") { id type preferred_label national_nuts_level_3_code_2019 nuts_level_3_code_2021 }
  }
}"""


async def occupation_names(client: SourceClient) -> list[OccupationNameConcept]:
    response = await client.post_model(
        GRAPHQL_PATH, OccupationsResponse, endpoint="graphql",
        json={"query": OCCUPATIONS_QUERY, "operationName": "KllOccupations"},
    )
    return response.data.concepts


async def municipalities(client: SourceClient) -> list[MunicipalityConcept]:
    response = await client.post_model(
        GRAPHQL_PATH, MunicipalitiesResponse, endpoint="graphql",
        json={"query": MUNICIPALITIES_QUERY, "operationName": "KllMunicipalities"},
    )
    return response.data.concepts
