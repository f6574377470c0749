"""What a newcomer tries first in GraphiQL answers offline without errors: every list root field with its joins."""
# ruff: noqa: E501  (GraphQL documents kept on one line each, as typed into GraphiQL)

from __future__ import annotations

import pytest

from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from .harness import running_gateway

QUERIES: dict[str, str] = {
    "jobAds": "{ jobAds { totalCount edges { node { headline occupation { label historicalDemand { year adCount } statistics { employees { value } } } } } } }",
    "occupations": "{ occupations { edges { node { label jobAds(first: 2) { totalCount } educations(first:2) { totalCount } statistics { monthlyWage { value } } historicalDemand { adCount } } } } }",
    "municipalities": "{ municipalities { edges { node { name population { value } region { name population { value } } jobAds(first: 2) { totalCount } schoolUnits(first: 2) { totalCount edges { node { name organiser { name } } } } educations(first: 2) { totalCount edges { node { title form } } } } } } }",
    "regions": "{ regions { name code population { value } municipalities { name } jobAds(first: 2) { totalCount } } }",
    "schoolUnits": "{ schoolUnits { totalCount edges { node { name municipality { name } organiser { name } programmes { name } educationEvents(first: 2) { totalCount } } } } }",
    "educations": "{ educations { totalCount edges { node { title form credits provider { name organisation { name } } municipality { name } } } } }",
    "subjects": "{ subjects { totalCount edges { node { code name courses { code name } } } } }",
    "programmes": "{ programmes { totalCount edges { node { code name } } } }",
    "educationEvents": "{ educationEvents { totalCount edges { node { schoolUnit { name } programme { name } } } } }",
    "statisticsTables": "{ statisticsTables { totalCount edges { node { id label } } } }",
    "datasets": "{ datasets { totalCount edges { node { title publisher { name organisation { name } } distributions { format } } } } }",
    "historicalJobAds": "{ historicalJobAds { totalCount edges { node { headline } } } }",
    "ssykGroups": "{ ssykGroups { totalCount edges { node { code label } } } }",
    "sunEducationLevels": "{ sunEducationLevels { totalCount edges { node { label } } } }",
    "geographyCrosswalk": "{ geographyCrosswalk { totalCount edges { node { municipalityCode countyCode nuts3Code } } } }",
    "sources": "{ sources { name agency baseUrl licence } }",
    "orgs": '{ a: organisation(organisationNumber: "2120000142") { name jobAds(first:2){totalCount} schoolUnits(first:2){totalCount} datasets(first:2){totalCount} researchProjects(first:2){totalCount} educations(first:2){totalCount} innovationProjects(first:2){totalCount} } b: organisation(organisationNumber: "2021002932") { name researchProjects(first:2){ totalCount edges { node { title funder { name } innovationProject { title } } } } educations(first:2){totalCount} } }',
}


@pytest.mark.parametrize("name", sorted(QUERIES))
async def test_root_field_with_joins_answers_offline(name: str) -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, body = await gateway.query(QUERIES[name])
    assert status == 200
    assert "errors" not in body, body["errors"][:2]
