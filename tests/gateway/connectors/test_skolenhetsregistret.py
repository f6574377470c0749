"""Skolenhetsregistret v2: the live request shapes pinned against agency-apis.md §2.2 (repeated array filters, no
paging), parsed from payloads shaped by the official spec's schemas (the spec has no example bodies)."""

from __future__ import annotations

import httpx

from kllgraph_gateway.connectors import skolenhetsregistret

from ..harness import running_gateway


def _detail() -> dict[str, object]:
    # Schema-shaped (SchoolUnitInfoResponse); values from the real Planned Educations sample of the same unit.
    return {
        "meta": {"extractDate": "2025-05-08T00:06:10.19+02:00"},
        "data": {"type": "schoolunit", "schoolUnitCode": "76026322", "attributes": {
            "displayName": "Abisko skola", "status": "AKTIV", "municipalityCode": "2584",
            "schoolTypes": ["FKLASS", "GR"],
            "schoolTypeProperties": {"gr": {"grades": ["1", "2", "3"]}, "gy": {"programmes": ["NA", "EK"]},
                                     "gyan": {"programmes": ["EK", "AH"]}},
            "addresses": [{"type": "BESOKSADRESS", "streetAddress": "Kalle Jons väg 1", "postalCode": "98107",
                           "locality": "Abisko", "geoCoordinates": {"latitude": "68.35", "longitude": "18.83"}}],
        }},
        "included": {"type": "organization", "organizationNumber": "2120002783",
                     "attributes": {"displayName": "Kiruna kommun", "organizerType": "KOMMUN"}},
    }


async def test_school_units_request_shape() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"meta": {"extractDate": "2025-05-08T00:06:10.19+02:00"}, "data": {
            "type": "schoolunit", "attributes": [{"schoolUnitCode": "76026322", "name": "Abisko skola",
                                                  "status": "AKTIV"}]}})

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        response = await skolenhetsregistret.api.school_units(
            gateway.upstream.client("skolenhetsregistret"), organization_numbers=("2120002783",),
            municipality_codes=("2584",), school_types=("GR", "FKLASS"), statuses=("AKTIV",))
    (request,) = seen
    assert request.url.host == "api.skolverket.se" and request.url.path == "/skolenhetsregistret/v2/school-units"
    assert request.url.params.multi_items() == [
        ("organization_number", "2120002783"), ("municipality_code", "2584"), ("school_type", "GR"),
        ("school_type", "FKLASS"), ("status", "AKTIV"),
    ]
    assert response.data.attributes[0].schoolUnitCode == "76026322"


async def test_detail_and_organizers_shapes() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        path = request.url.path
        if path.endswith("/school-units/76026322"):
            return httpx.Response(200, json=_detail())
        if path.endswith("/v2/organizers"):
            return httpx.Response(200, json={"meta": {}, "data": {"type": "organizer", "attributes": [
                {"organizationNumber": "2120002783", "displayName": "Kiruna kommun", "organizerType": "KOMMUN"}]}})
        if path.endswith("/organizers/2120002783"):
            return httpx.Response(200, json={"data": {
                "type": "organizer", "organizationNumber": "2120002783",
                "attributes": {"displayName": "Kiruna kommun", "companyForm": {"code": "81", "displayName": "x"},
                               "municipalities": [{"municipalityCode": "2584", "displayName": "Kiruna"}]},
                "relationships": {"schoolunit": {"data": [{"type": "schoolunit", "schoolUnitCode": "76026322"}]}}}})
        return httpx.Response(404, json={"title": "Not Found"})

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        client = gateway.upstream.client("skolenhetsregistret")
        detail = await skolenhetsregistret.api.school_unit(client, "76026322")
        missing = await skolenhetsregistret.api.school_unit(client, "12345678")
        organizers = await skolenhetsregistret.api.organizers(client)
        organizer = await skolenhetsregistret.api.organizer(client, "2120002783")
    assert [r.url.path for r in seen] == [
        "/skolenhetsregistret/v2/school-units/76026322", "/skolenhetsregistret/v2/school-units/12345678",
        "/skolenhetsregistret/v2/organizers", "/skolenhetsregistret/v2/organizers/2120002783",
    ]
    assert all(not r.url.params for r in seen)
    assert missing is None
    assert detail is not None and detail.included is not None
    assert detail.included.organizationNumber == "2120002783"
    assert detail.data.attributes.programme_codes() == ["NA", "EK", "AH"]
    assert organizers.data.attributes[0].displayName == "Kiruna kommun"
    assert organizer is not None and organizer.data.relationships is not None
    assert organizer.data.relationships.schoolunit is not None
    assert organizer.data.relationships.schoolunit.data[0].schoolUnitCode == "76026322"
