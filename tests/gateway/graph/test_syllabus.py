"""Syllabus entities end to end: offline root fields, programmes of a school unit via one cached list, bad input."""

from __future__ import annotations

import httpx

from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from ..harness import CountingTransport, running_gateway


async def test_offline_root_fields() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        _, body = await gateway.query(
            '{ subjects(first: 5) { totalCount edges { node { code name courses { code name points } } } } '
            '  subject(code: "MAT") { name englishName courses { code } } '
            "  programmes(first: 10) { totalCount edges { node { code name } } } "
            '  programme(code: "NA") { name } course(code: "MATMAT01a") { name subjectCode } }')
    assert "errors" not in body, body
    data = body["data"]
    assert data["subjects"]["totalCount"] > 0 and data["subjects"]["edges"][0]["node"]["courses"]
    assert data["subject"]["englishName"] == "Mathematics"  # the real spec example, served verbatim
    assert data["programmes"]["totalCount"] > 0 and data["programme"]["name"] == "Naturvetenskapsprogrammet"
    assert data["course"] == {"name": "Matematik 1a", "subjectCode": "MAT"}


async def test_unit_programmes_use_one_programme_list_request() -> None:
    def upstream(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/v1/programs"):
            return httpx.Response(200, json={"programs": [{"code": "NA", "name": "Naturvetenskapsprogrammet"},
                                                          {"code": "EK", "name": "Ekonomiprogrammet"}]})
        if path.endswith("/v2/school-units"):
            return httpx.Response(200, json={"data": {"attributes": [
                {"schoolUnitCode": f"9990010{i}", "name": "x", "status": "AKTIV"} for i in range(1, 4)]}})
        code = path.rsplit("/", 1)[1]
        return httpx.Response(200, json={"data": {"schoolUnitCode": code, "attributes": {
            "schoolTypeProperties": {"gy": {"programmes": ["NA", "EK"]}}}}})

    counting = CountingTransport(httpx.MockTransport(upstream))
    async with running_gateway(counting) as gateway:
        _, body = await gateway.query('{ schoolUnits(municipality: "0180", first: 3) '
                                      "{ edges { node { programmes { code name } } } } }")
    assert "errors" not in body, body
    assert [p["code"] for p in body["data"]["schoolUnits"]["edges"][0]["node"]["programmes"]] == ["NA", "EK"]
    assert counting.counts[("api.skolverket.se", "/syllabus/v1/programs")] == 1


async def test_bad_codes() -> None:
    counting = CountingTransport(httpx.MockTransport(lambda request: httpx.Response(500)))
    async with running_gateway(counting) as gateway:
        _, subject = await gateway.query('{ subject(code: "m a t") { name } }')
        _, course = await gateway.query('{ course(code: "../x") { name } }')
    for body in (subject, course):
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert not counting.counts
