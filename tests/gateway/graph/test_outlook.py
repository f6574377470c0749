"""Occupation.outlook and outlook_for end to end: offline from the bundled snapshot, live against fakes in the real
shapes (the Taxonomy's mirrors and the Yrkesbarometer file), the region filter, bad input, null where there is no
row, partial failure naming the source, and what a request costs (at most one download; none when preloaded)."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from kllgraph_gateway._errors import BadUserInput
from kllgraph_gateway._settings import BUNDLED_SNAPSHOT
from kllgraph_gateway._snapshot import load_exchanges
from kllgraph_gateway.graph._context import Context
from kllgraph_gateway.graph.outlook import DemandForecast, JobOpportunities, RecruitmentSituation, outlook_for

from ..connectors.test_yrkesbarometer import world_rows
from ..harness import Gateway, ad_occupations, make_settings, running_gateway, world

SPECIALKOCK, DEVELOPER, FRONTEND, CONSULTANT = "YKhj_n5P_g4P", "rQds_YGd_quU", "GDHs_eoz_uKx", "TT8h_qKk_1iu"
SPECIALIST_DOCTOR, DEPRECATED = "oHyy_M2j_HUP", "zKll_dep_001"  # the latter: no barometer occupation relates to it
KOCKAR = "i5zY_AwC_RGf"

OUTLOOK = """barometerOccupation { id type label } regionCode region { code name }
  jobOpportunities jobOpportunitiesWord jobOpportunitiesText recruitmentSituation recruitmentSituationWord
  recruitmentSituationText paradox forecast forecastWord round taxonomyVersion occupationArea ssykCode ssykText
  description highestAssessmentLevel ssykCoverage source { name licence }"""

FileAnswer = Callable[[httpx.Request], httpx.Response]


class Agencies(httpx.AsyncBaseTransport):
    """The Taxonomy (answering by operation name from the JobTech world) and the Yrkesbarometer file (the world's
    rows unless `rows` or `answer` replace them), counting what each is asked."""

    def __init__(self, *, rows: list[dict[str, Any]] | None = None, answer: FileAnswer | None = None,
                 barometer: dict[str, Any] | None = None, down: frozenset[str] = frozenset()) -> None:
        self.rows = world_rows() if rows is None else rows
        self.answer = answer
        self.down = down  # taxonomy operations answering 503
        self.taxonomy = {
            "KllOccupations": world("taxonomy_occupations.json"),
            "KllMunicipalities": world("taxonomy_municipalities.json"),
            "KllBarometerOccupations": barometer or world("taxonomy_barometer_occupations.json"),
        }
        self.asked: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "data.arbetsformedlingen.se":
            self.asked["file"] += 1
            return self.answer(request) if self.answer else httpx.Response(200, json=self.rows)
        if request.url.host != "taxonomy.api.jobtechdev.se":
            return httpx.Response(404, json={"message": "not an agency these tests fake"})
        operation = json.loads(request.content).get("operationName", "")
        self.asked[operation] += 1
        if operation in self.down:
            return httpx.Response(503, json={"message": "down"})
        answer = self.taxonomy.get(operation)
        return httpx.Response(200, json=answer) if answer else httpx.Response(400, json={"errors": ["unknown"]})


async def ask(gateway: Gateway, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    status, body = await gateway.query(query, variables)
    assert status == 200, body
    return body


# --- offline, from the bundled snapshot --------------------------------------------------------------------------


async def test_outlook_nationally_and_in_a_county_offline() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        body = await ask(gateway, f"""query($id: ID!) {{ occupation(id: $id) {{ label
            outlook {{ {OUTLOOK} }}  same: outlook(region: "00") {{ regionCode }}
            vg: outlook(region: "14") {{ {OUTLOOK} }} }} }}""", {"id": SPECIALKOCK})
    assert "errors" not in body, body
    occupation = body["data"]["occupation"]
    national = occupation["outlook"]
    assert national["barometerOccupation"] == {"id": KOCKAR, "type": "barometer-occupation", "label": "Kockar"}
    assert (national["regionCode"], national["region"]) == ("00", None)
    assert occupation["same"] == {"regionCode": "00"}
    # Round 2026-1's national assessment of Kockar, as one client's extract of the real file has it.
    assert (national["jobOpportunities"], national["jobOpportunitiesWord"]) == ("LARGE", "stora")
    assert (national["recruitmentSituation"], national["recruitmentSituationWord"]) == ("SHORTAGE", "brist")
    assert (national["forecast"], national["forecastWord"]) == ("UNCHANGED", "vara oförändrad")
    assert national["recruitmentSituationText"].startswith("Nationellt bedöms rekryteringssituationen för kockar")
    assert (national["round"], national["ssykCode"], national["ssykText"], national["ssykCoverage"]) == (
        "2026-1", "5120", "Kockar och kallskänkor", "delvis")
    assert national["occupationArea"] == "Hotell, restaurang, storhushåll" and national["paradox"] == []
    assert national["source"]["name"] == "yrkesbarometer" and national["source"]["licence"].startswith("CC0")
    county = occupation["vg"]
    assert county["region"] == {"code": "14", "name": "Västra Götalands län"}
    assert (county["regionCode"], county["recruitmentSituation"], county["jobOpportunities"]) == (
        "14", "BALANCE", "MEDIUM")
    assert county["recruitmentSituationText"].startswith("Komponerad text:")


async def test_null_where_the_barometer_has_no_row_offline() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        body = await ask(gateway, f"""{{
          consultant: occupation(id: "{CONSULTANT}") {{ norrbotten: outlook(region: "25") {{ regionCode }}
                                                      uppsala: outlook(region: "03") {{ regionCode }} }}
          kock: occupation(id: "{SPECIALKOCK}") {{ sodermanland: outlook(region: "04") {{ regionCode }} }}
          deprecated: occupation(id: "{DEPRECATED}") {{ deprecated outlook {{ regionCode }} }}
          doctor: occupation(id: "{SPECIALIST_DOCTOR}") {{ stockholm: outlook(region: "01") {{
            highestAssessmentLevel jobOpportunities recruitmentSituation forecast recruitmentSituationText }} }}
        }}""")
    assert "errors" not in body, body
    data = body["data"]
    # No row for that barometer occupation in Norrbotten (a deliberate gap of the world), in Södermanland (a county
    # the snapshot's file has no rows for), and no barometer occupation related to a deprecated occupation-name.
    assert data["consultant"] == {"norrbotten": None, "uppsala": {"regionCode": "03"}}
    assert data["kock"] == {"sodermanland": None}
    assert data["deprecated"] == {"deprecated": True, "outlook": None}
    # A row whose county assessment is empty (assessed nationally only) answers its nulls as they are.
    assert data["doctor"]["stockholm"] == {"highestAssessmentLevel": "nationellt", "jobOpportunities": None,
                                           "recruitmentSituation": None, "forecast": None,
                                           "recruitmentSituationText": None}


async def test_every_occupation_of_the_snapshot_has_a_national_outlook_offline() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        body = await ask(gateway, "{ occupations(first: 100) { edges { node { id ssykCode outlook { ssykCode "
                                  "forecast } } } } }")
        calls = gateway.upstream.calls
        downloads = calls[("yrkesbarometer", "yrkesbarometer")]
    assert "errors" not in body, body
    nodes = [edge["node"] for edge in body["data"]["occupations"]["edges"]]
    core = [node for node in nodes if node["id"] in ad_occupations()]  # the career-move targets may have none
    assert len(core) == 12 and downloads == 1
    for node in core:
        assert node["outlook"] is not None and node["outlook"]["ssykCode"] == node["ssykCode"], node


def test_the_snapshots_composed_texts_carry_the_marker() -> None:
    (exchange,) = [e for e in load_exchanges(BUNDLED_SNAPSHOT).values() if e.source == "yrkesbarometer"]
    rows = json.loads(exchange.content)
    texts = [(row["lan"], key, row[key]) for row in rows for key in ("text_jobbmojligheter",
                                                                      "text_rekryteringssituation") if row[key]]
    real = [(lan, key) for lan, key, text in texts if not text.startswith("Komponerad text:")]
    # Only the national recruitment texts are real (one client's extract of round 2026-1, PROVENANCE.md).
    assert real and set(real) == {("00", "text_rekryteringssituation")}
    assert len(real) == len({row["yb_concept_id"] for row in rows})


# --- bad input -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("region", ["1", "001", "AB", "01 "])
async def test_a_malformed_region_is_bad_user_input_naming_the_argument(region: str) -> None:
    agencies = Agencies()
    async with running_gateway(agencies) as gateway:
        body = await ask(gateway, f'query($r: String) {{ occupation(id: "{SPECIALKOCK}") {{ label '
                                  "outlook(region: $r) { regionCode } } }", {"r": region})
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["argument"] == "region"
    assert error["path"] == ["occupation", "outlook"] and region in error["message"]
    assert body["data"]["occupation"] == {"label": "Specialkock", "outlook": None}
    assert agencies.asked["file"] == 0 and agencies.asked["KllBarometerOccupations"] == 0


async def test_outlook_for_checks_the_region_before_any_upstream_request() -> None:
    agencies = Agencies()
    async with running_gateway(agencies) as gateway:
        ctx = Context(upstream=gateway.upstream, settings=make_settings())
        with pytest.raises(BadUserInput) as raised:
            await outlook_for(ctx, SPECIALKOCK, "1")
    assert raised.value.argument == "region" and not agencies.asked


# --- live, against fakes in the real shapes -----------------------------------------------------------------------


async def test_many_outlooks_in_one_request_cost_one_download_and_one_mirror_read() -> None:
    agencies = Agencies()
    async with running_gateway(agencies) as gateway:
        body = await ask(gateway, """{ occupations(first: 100) { edges { node { id
            outlook { forecast } r01: outlook(region: "01") { jobOpportunities region { code } }
            r25: outlook(region: "25") { recruitmentSituation } } } } }""")
        again = await ask(gateway, '{ occupation(id: "rQds_YGd_quU") { outlook(region: "25") { jobOpportunities } } }')
    assert "errors" not in body and "errors" not in again, (body, again)
    nodes = {edge["node"]["id"]: edge["node"] for edge in body["data"]["occupations"]["edges"]}
    assert len(nodes) == len(world("taxonomy_occupations.json")["data"]["concepts"]) - 1  # all but the deprecated
    assert nodes[DEVELOPER]["r25"] == {"recruitmentSituation": "BALANCE"}  # Norrbotten differs from the country
    assert nodes[DEVELOPER]["outlook"] == {"forecast": "INCREASE"}
    assert nodes[CONSULTANT]["r25"] is None
    assert again["data"]["occupation"]["outlook"] == {"jobOpportunities": "MEDIUM"}
    # Every occupation x 3 outlooks, then another request: one file download and one barometer mirror read in all.
    assert agencies.asked["file"] == 1 and agencies.asked["KllBarometerOccupations"] == 1


async def test_outlook_for_batches_ten_calls_without_extra_requests() -> None:
    agencies = Agencies()
    async with running_gateway(agencies) as gateway:
        ctx = Context(upstream=gateway.upstream, settings=make_settings())
        ids = [SPECIALKOCK, DEVELOPER, FRONTEND, CONSULTANT, SPECIALIST_DOCTOR, DEPRECATED, "bXNH_MNX_dUR",
               "4zLr_jP5_peZ", "GQSf_fnq_kjF", "unknown_id_1"]
        found = await asyncio.gather(*(outlook_for(ctx, i, "12") for i in ids))
        national = await outlook_for(ctx, SPECIALKOCK, None)
    assert agencies.asked == Counter({"KllBarometerOccupations": 1, "file": 1})
    by_id = dict(zip(ids, found, strict=True))
    assert by_id[DEPRECATED] is None and by_id["unknown_id_1"] is None
    kock = by_id[SPECIALKOCK]
    assert kock is not None and kock.region_code == "12"
    assert (kock.job_opportunities, kock.recruitment_situation, kock.forecast) == (
        JobOpportunities.LARGE, RecruitmentSituation.SHORTAGE, DemandForecast.UNCHANGED)
    assert national is not None and national.region_code == "00"
    # Two occupations of one barometer occupation share its assessment.
    developer, frontend = by_id[DEVELOPER], by_id[FRONTEND]
    assert developer is not None and frontend is not None
    assert developer.barometer_occupation.id == frontend.barometer_occupation.id
    assert developer.recruitment_situation_text == frontend.recruitment_situation_text


async def test_no_request_reaches_the_file_when_preloaded() -> None:
    agencies = Agencies()
    async with running_gateway(agencies, settings=make_settings(preload_metadata=True,
                                                                response_cache=False)) as gateway:
        at_startup = Counter(agencies.asked)
        body = await ask(gateway, """{ occupations(first: 100) { edges { node {
            outlook { forecast } r14: outlook(region: "14") { forecast } } } } }""")
    assert "errors" not in body, body
    assert at_startup["file"] == 1 and at_startup["KllBarometerOccupations"] == 1
    assert agencies.asked["file"] == 1 and agencies.asked["KllBarometerOccupations"] == 1  # nothing in the request


async def test_a_failing_mirror_neither_stops_the_file_preload_nor_nulls_more_than_the_outlook() -> None:
    agencies = Agencies(down=frozenset({"KllBarometerOccupations"}))
    async with running_gateway(agencies, settings=make_settings(preload_metadata=True,
                                                                response_cache=False)) as gateway:
        preloaded = agencies.asked["file"]
        body = await ask(gateway, f'{{ occupation(id: "{SPECIALKOCK}") {{ label outlook {{ forecast }} }} }}')
    assert preloaded == 1 and agencies.asked["file"] == 1
    assert body["data"] == {"occupation": {"label": "Specialkock", "outlook": None}}
    (error,) = body["errors"]
    assert error["extensions"]["source"] == "taxonomy" and error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"


async def test_a_refresh_round_downloads_the_file_only_when_it_would_expire_soon() -> None:
    agencies = Agencies()
    settings = make_settings(preload_metadata=True, metadata_refresh_seconds=3600.0)
    async with running_gateway(agencies, settings=settings) as gateway:
        preloader = gateway.client._transport.app.state.preloader  # type: ignore[attr-defined]
        assert "outlook" not in await preloader.load(refresh=True)  # the fake answers only what outlook reads
        fresh_round = agencies.asked["file"]
    # Kept a day, refreshed hourly: the refresh round leaves the fresh file alone but re-reads the mirror.
    assert fresh_round == 1 and agencies.asked["KllBarometerOccupations"] == 2

    agencies = Agencies()
    short = make_settings(preload_metadata=True, metadata_refresh_seconds=3600.0,
                          source_ttls={"yrkesbarometer": 600.0})
    async with running_gateway(agencies, settings=short) as gateway:
        preloader = gateway.client._transport.app.state.preloader  # type: ignore[attr-defined]
        assert "outlook" not in await preloader.load(refresh=True)
    # Kept 10 minutes, less than two refresh intervals: each round downloads it again.
    assert agencies.asked["file"] == 2


async def test_unknown_words_are_answered_as_words_and_never_guessed_live() -> None:
    rows = [{**row, "jobbmojligheter": "mycket stora", "rekryteringssituation": None, "prognos": "öka kraftigt",
             "paradox": ["deltid"]} if row["yb_concept_id"] == KOCKAR and row["lan"] == "00" else row
            for row in world_rows()]
    async with running_gateway(Agencies(rows=rows)) as gateway:
        body = await ask(gateway, f'{{ occupation(id: "{SPECIALKOCK}") {{ outlook {{ jobOpportunities '
                                  "jobOpportunitiesWord recruitmentSituation recruitmentSituationWord forecast "
                                  "forecastWord paradox } } }")
    assert "errors" not in body, body
    assert body["data"]["occupation"]["outlook"] == {
        "jobOpportunities": None, "jobOpportunitiesWord": "mycket stora", "recruitmentSituation": None,
        "recruitmentSituationWord": None, "forecast": None, "forecastWord": "öka kraftigt", "paradox": ["deltid"]}


async def test_an_occupation_related_to_two_barometer_occupations_has_no_single_outlook() -> None:
    barometer = world("taxonomy_barometer_occupations.json")
    kockar = next(c for c in barometer["data"]["concepts"] if c["id"] == KOCKAR)
    # The developers' barometer occupation also relates to Specialkock (composed for this test).
    for concept in barometer["data"]["concepts"]:
        if concept["preferred_label"] == "Mjukvaru- och systemutvecklare":
            concept["related"].append(kockar["related"][0])
    async with running_gateway(Agencies(barometer=barometer)) as gateway:
        body = await ask(gateway, f'{{ a: occupation(id: "{SPECIALKOCK}") {{ outlook {{ regionCode }} }} '
                                  f'b: occupation(id: "{DEVELOPER}") {{ outlook {{ regionCode }} }} }}')
    assert "errors" not in body, body
    assert body["data"] == {"a": {"outlook": None}, "b": {"outlook": {"regionCode": "00"}}}


# --- a failing Yrkesbarometer nulls only the outlook --------------------------------------------------------------


@pytest.mark.parametrize(("answer", "code"), [
    (lambda _: httpx.Response(500, text="Internal Server Error"), "UPSTREAM_UNAVAILABLE"),
    (lambda _: httpx.Response(200, json={"rows": "moved"}), "UPSTREAM_BAD_PAYLOAD"),
    (lambda _: httpx.Response(200, json=[{"yb_yrke": "Kockar", "lan": "00"}]), "UPSTREAM_BAD_PAYLOAD"),
], ids=["http-500", "not-an-array", "row-without-concept-id"])
async def test_a_failing_file_nulls_only_the_outlook_and_names_the_source(answer: FileAnswer, code: str) -> None:
    agencies = Agencies(answer=answer)
    async with running_gateway(agencies) as gateway:
        body = await ask(gateway, f"""{{ occupation(id: "{SPECIALKOCK}") {{ label ssykCode
            outlook {{ forecast }} county: outlook(region: "14") {{ forecast }} }}
            region(code: "14") {{ name }} }}""")
    assert body["data"] == {"occupation": {"label": "Specialkock", "ssykCode": "5120", "outlook": None,
                                           "county": None},
                            "region": {"name": "Västra Götalands län"}}
    assert {tuple(error["path"]) for error in body["errors"]} == {("occupation", "outlook"),
                                                                 ("occupation", "county")}
    for error in body["errors"]:
        assert error["extensions"]["code"] == code and error["extensions"]["source"] == "yrkesbarometer", error
    assert agencies.asked["file"] == 1  # both fields share the one failed read (retry_attempts=1 in tests)
