"""The issue's acceptance queries against the bundled offline snapshot, end to end through HTTP."""

from __future__ import annotations

import logging

import pytest

from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from .harness import running_gateway

ACCEPTANCE = """query Page($after: String) {
  jobAds(first: 5, after: $after) {
    totalCount
    edges { cursor node { id headline employer { name } occupation { label ssykCode } } }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def test_first_page_then_next_page_offline() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, body = await gateway.query(ACCEPTANCE)
        assert status == 200 and "errors" not in body
        page = body["data"]["jobAds"]
        assert page["totalCount"] >= 40
        assert len(page["edges"]) == 5
        for edge in page["edges"]:
            occupation = edge["node"]["occupation"]
            assert occupation["label"]
            assert len(occupation["ssykCode"]) == 4 and occupation["ssykCode"].isdigit()
            assert edge["node"]["employer"]["name"]
        assert page["pageInfo"]["hasNextPage"] is True

        status, body = await gateway.query(ACCEPTANCE, {"after": page["pageInfo"]["endCursor"]})
        second = body["data"]["jobAds"]
        assert status == 200 and len(second["edges"]) == 5
        first_ids = {e["node"]["id"] for e in page["edges"]}
        assert first_ids.isdisjoint(e["node"]["id"] for e in second["edges"])


async def test_paging_through_everything_visits_each_ad_once() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        seen: list[str] = []
        after = None
        while True:
            _, body = await gateway.query(ACCEPTANCE, {"after": after})
            page = body["data"]["jobAds"]
            seen.extend(edge["node"]["id"] for edge in page["edges"])
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        assert len(seen) == len(set(seen)) == page["totalCount"]
        # One upstream block served every window.
        assert gateway.upstream.calls[("jobsearch", "search")] == 1


async def test_filters_by_scb_codes_and_ssyk_offline() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        _, body = await gateway.query("""{
          sthlm: jobAds(municipality: "0180", first: 50) {
            totalCount edges { node { workplace { municipalityCode } } }
          }
          lan: jobAds(region: "14", first: 50) { edges { node { workplace { regionCode } } } }
          nurses: jobAds(occupation: "2221", first: 50) { totalCount edges { node { occupation { ssykCode } } } }
        }""")
        assert "errors" not in body, body
        data = body["data"]
        assert data["sthlm"]["totalCount"] >= 5
        assert {e["node"]["workplace"]["municipalityCode"] for e in data["sthlm"]["edges"]} == {"0180"}
        assert {e["node"]["workplace"]["regionCode"] for e in data["lan"]["edges"]} == {"14"}
        assert {e["node"]["occupation"]["ssykCode"] for e in data["nurses"]["edges"]} == {"2221"}


async def test_occupation_lookup_and_its_ads_offline() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        _, body = await gateway.query("""{
          occupations(first: 100) { totalCount edges { node { id label ssykCode occupationField { label } } } }
        }""")
        occupations = [e["node"] for e in body["data"]["occupations"]["edges"]]
        assert len(occupations) >= 8
        some = occupations[0]
        _, body = await gateway.query(
            "query($id: ID!) { occupation(id: $id) { label jobAds(first: 10) { totalCount edges { node { id } } } } }",
            {"id": some["id"]},
        )
        assert body["data"]["occupation"]["label"] == some["label"]
        assert body["data"]["occupation"]["jobAds"]["totalCount"] >= 2


async def test_job_ad_by_id_and_unknown_id_offline() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        _, body = await gateway.query("{ jobAds(first: 1) { edges { node { id headline } } } }")
        ad = body["data"]["jobAds"]["edges"][0]["node"]
        _, body = await gateway.query("query($id: ID!) { jobAd(id: $id) { id headline url } }", {"id": ad["id"]})
        assert body["data"]["jobAd"]["headline"] == ad["headline"]
        assert body["data"]["jobAd"]["url"].endswith(ad["id"])


async def test_request_missing_from_snapshot_is_a_clear_error_not_a_crash() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, body = await gateway.query(
            '{ jobAds(query: "no such recording", first: 3) { totalCount } occupations(first: 1) { totalCount } }'
        )
        assert status == 200
        (error,) = body["errors"]
        assert error["extensions"] == {"code": "SNAPSHOT_MISSING", "source": "jobsearch"}
        assert "/search?q=no such recording" in error["message"]
        assert body["data"]["jobAds"] is None
        assert body["data"]["occupations"]["totalCount"] >= 8  # the rest of the query still answers


async def test_bad_input_gets_bad_user_input() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        for query, argument in [
            ("{ jobAds(first: -1) { totalCount } }", "first"),
            ("{ jobAds(first: 101) { totalCount } }", "first"),
            ('{ jobAds(after: "not-a-cursor") { totalCount } }', "after"),
            ('{ jobAds(municipality: "180") { totalCount } }', "municipality"),
            ('{ jobAds(employer: "12-34") { totalCount } }', "employer"),
            ('{ occupation(id: "../etc") { label } }', "id"),
            ('{ jobAd(id: "../../x") { id } }', "id"),
        ]:
            status, body = await gateway.query(query)
            assert status == 200, query
            (error,) = body["errors"]
            assert error["extensions"]["code"] == "BAD_USER_INPUT", query
            assert error["extensions"]["argument"] == argument, query
            assert "Traceback" not in str(body)


async def test_offline_answers_say_they_come_from_the_snapshot() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        _, body = await gateway.query("{ occupations(first: 1) { totalCount } }")
    notice = body["extensions"]["kllgraph"]
    assert notice["mode"] == "offline"
    assert notice["snapshot"]["provenance"] == "composed" and notice["snapshot"]["composedOn"] == "2026-11-27"


async def test_the_graphiql_default_query_answers_offline() -> None:
    from kllgraph_gateway._app import DEFAULT_QUERY

    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, body = await gateway.query(DEFAULT_QUERY)
    assert status == 200 and "errors" not in body, body.get("errors")
    assert len(body["data"]["municipality"]["jobAds"]["edges"]) == 3


async def test_unknown_ids_answer_null_offline_not_an_error() -> None:
    # The one rule: a nullable by-id lookup the snapshot has no recording of is an unknown id.
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        for query in ('{ jobAd(id: "12345678") { id } }', '{ schoolUnit(code: "12345678") { code } }',
                      '{ course(code: "XYZXYZ01") { code } }', '{ researchProject(id: "2020-99999_VR") { id } }',
                      '{ innovationProject(id: "2020-99999") { id } }', '{ innovationCall(id: "2020-99999") { id } }',
                      '{ occupation(id: "xxxx_yyy_zzz") { id } }'):
            status, body = await gateway.query(query)
            assert status == 200 and "errors" not in body, (query, body)
            assert list(body["data"].values()) == [None], query


async def test_a_municipality_outside_the_snapshot_names_its_coverage() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        for query in ('{ municipality(code: "2580") { name } }',
                      '{ jobAds(municipality: "2580", first: 1) { totalCount } }'):
            _, body = await gateway.query(query)
            (error,) = body["errors"]
            assert error["extensions"] == {"code": "SNAPSHOT_MISSING", "source": "taxonomy"}, query
            assert "municipality 2580 is outside the offline snapshot" in error["message"]
            assert "0180 Stockholm" in error["message"] and "kllgraph-gateway snapshot info" in error["message"]
        _, body = await gateway.query('{ municipality(code: "0180") { name } }')
        assert body["data"]["municipality"]["name"] == "Stockholm"


async def test_snapshot_missing_message_is_short_and_leaves_out_long_query_strings() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        _, body = await gateway.query('{ datasets(query: "lång fritext om öppna data i kommuner", first: 2) '
                                      '{ totalCount } }')
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "SNAPSHOT_MISSING", "source": "dataportal"}
    assert error["message"].startswith("dataportal: the offline snapshot holds no answer to GET /search?")
    assert len(error["message"]) < 200 and "rdfType" in error["message"] and "kommuner" not in error["message"]


async def test_offline_log_lines_say_replayed_never_a_live_http_call(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        _, body = await gateway.query("{ jobAds(first: 2) { totalCount } }")
    assert "errors" not in body
    upstream_lines = [r.getMessage() for r in caplog.records
                      if r.name in ("httpx", "kllgraph_gateway.upstream") and "/search" in r.getMessage()]
    assert {r.name for r in caplog.records if "/search" in r.getMessage()} >= {"httpx", "kllgraph_gateway.upstream"}
    assert upstream_lines
    for line in upstream_lines:
        assert "replayed from the offline snapshot" in line, line
        assert "HTTP/1.1" not in line, line
