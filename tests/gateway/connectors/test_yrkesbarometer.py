"""Yrkesbarometer: the one live request (the whole file), parsing of real-shaped rows, tolerance of unknown words,
drift, and the body cap the ~5.7 MB file must pass."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from kllgraph_gateway._errors import UpstreamBadPayload
from kllgraph_gateway.connectors import yrkesbarometer
from kllgraph_gateway.connectors.yrkesbarometer.api import FILE_PATH

from ...conftest import REPO
from ..harness import make_settings, running_gateway

WORLD_FILE = REPO / "tools" / "snapshot_world" / "yrkesbarometer" / "yrkesbarometer.json"

# A national row of round 2026-1 as the file's fields: "Administrativa assistenter" from one client's extract of the
# real file (code-index id 69403946748: `area`, `name`, `ssyk` (its title), `situation`, `chances`, `trend`, `note`,
# kept verbatim). Not in the extract, so composed here: the SSYK code 4119 (SCB's code for the title), the concept
# id, `text_jobbmojligheter`, `hogsta_bedomningsniva`, `delvis_helt`, `taxonomi_version`.
ADMINISTRATIVA_ASSISTENTER: dict[str, Any] = {
    "yrkesomrade": "Administration, ekonomi, juridik", "yb_yrke": "Administrativa assistenter",
    "yb_concept_id": "zKll_ybo_901", "lan": "00", "ssyk": "4119",
    "ssyk_text": "Övriga kontorsassistenter och sekreterare", "yb_beskrivning": None,
    "jobbmojligheter": "små", "rekryteringssituation": "överskott", "paradox": [], "prognos": "vara oförändrad",
    "text_jobbmojligheter": "Komponerad text: möjligheterna till arbete bedöms vara små.",
    "text_rekryteringssituation": "Nationellt bedöms rekryteringssituationen för administrativa assistenter "
    "kännetecknas av överskott. På fem års sikt förväntas efterfrågan på administrativa assistenter vara oförändrad.",
    "hogsta_bedomningsniva": None, "delvis_helt": None, "omgang": "2026-1", "taxonomi_version": 31,
}


def world_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(WORLD_FILE.read_text(encoding="utf-8"))
    return rows


async def test_the_file_request_shape_and_parse() -> None:
    seen: list[httpx.Request] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[ADMINISTRATIVA_ASSISTENTER, *world_rows()])

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        client = gateway.upstream.client("yrkesbarometer")
        rows = await yrkesbarometer.api.rows(client)
        again = await yrkesbarometer.api.rows(client)
    (request,) = seen  # read once, then cached (and parsed once: the same list)
    assert again is rows
    assert (request.method, str(request.url)) == (
        "GET", "https://data.arbetsformedlingen.se/prognoser/yrkesbarometer.json")
    assert request.headers["accept"] == "application/json"
    assert "authorization" not in request.headers and request.content == b""
    assert len(rows) == 1 + 76
    first = rows[0]
    assert (first.yb_yrke, first.lan, first.ssyk, first.jobbmojligheter, first.rekryteringssituation,
            first.prognos, first.omgang) == ("Administrativa assistenter", "00", "4119", "små", "överskott",
                                             "vara oförändrad", "2026-1")
    kockar = next(r for r in rows if r.yb_concept_id == "i5zY_AwC_RGf" and r.lan == "00")
    assert (kockar.ssyk_text, kockar.delvis_helt, kockar.paradox) == ("Kockar och kallskänkor", "delvis", [])


async def test_unknown_words_and_missing_optional_fields_do_not_fail_a_row() -> None:
    odd = {**ADMINISTRATIVA_ASSISTENTER, "jobbmojligheter": "mycket stora", "rekryteringssituation": "kaos",
           "prognos": "öka kraftigt", "paradox": ["deltid"], "antal_ssyk": 2, "a_field_added_later": True}
    # Every optional field absent, the required ones null.
    sparse = {"yb_yrke": "Kockar", "yb_concept_id": "i5zY_AwC_RGf", "lan": "14", "jobbmojligheter": None,
              "rekryteringssituation": None, "prognos": None, "text_jobbmojligheter": None,
              "text_rekryteringssituation": None}

    async with running_gateway(httpx.MockTransport(lambda _: httpx.Response(200, json=[odd, sparse]))) as gateway:
        rows = await yrkesbarometer.api.rows(gateway.upstream.client("yrkesbarometer"))
    assert (rows[0].jobbmojligheter, rows[0].rekryteringssituation, rows[0].prognos) == (
        "mycket stora", "kaos", "öka kraftigt")
    assert rows[0].paradox == ["deltid"] and rows[0].antal_ssyk == 2
    assert rows[1].jobbmojligheter is None and rows[1].paradox is None and rows[1].omgang is None


@pytest.mark.parametrize("payload", [
    {"rows": []},  # not the top-level array
    [{k: v for k, v in ADMINISTRATIVA_ASSISTENTER.items() if k != "yb_concept_id"}],  # a join key missing
    [{**ADMINISTRATIVA_ASSISTENTER, "lan": None}],
    # A field the gateway answers renamed: drift, not a silent null.
    [{("text_rekrytering" if k == "text_rekryteringssituation" else k): v
      for k, v in ADMINISTRATIVA_ASSISTENTER.items()}],
], ids=["object", "no-concept-id", "null-lan", "renamed-text"])
async def test_drift_is_a_bad_payload_naming_the_source(payload: object) -> None:
    async with running_gateway(httpx.MockTransport(lambda _: httpx.Response(200, json=payload))) as gateway:
        with pytest.raises(UpstreamBadPayload) as raised:
            await yrkesbarometer.api.rows(gateway.upstream.client("yrkesbarometer"))
    assert raised.value.source == "yrkesbarometer"
    assert "yrkesbarometer.json" in raised.value.message


def full_size_file() -> bytes:
    """4,818 rows (219 barometer occupations x 22, the size of round 2026-1) in the world's shape, padded (with a
    description) to the ~5.7 MB one client measured, as the real rows' texts are longer than the world's."""
    template = world_rows()
    rows = [{**template[i % len(template)], "yb_concept_id": f"zKll_{i // 22:03d}_big", "lan": f"{i % 22:02d}",
             "yb_beskrivning": "Komponerad beskrivning. " * 20} for i in range(219 * 22)]
    return json.dumps(rows, ensure_ascii=False).encode()


async def test_a_full_size_file_passes_the_default_body_cap_but_not_a_smaller_one() -> None:
    body = full_size_file()
    assert len(body) > 5_700_000

    def upstream(_: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    async with running_gateway(httpx.MockTransport(upstream)) as gateway:
        assert gateway.upstream.runtimes["yrkesbarometer"].max_response_bytes >= 2 * 5_700_000
        rows = await yrkesbarometer.api.rows(gateway.upstream.client("yrkesbarometer"))
    assert len(rows) == 4818

    capped = make_settings(source_max_bytes={"yrkesbarometer": 1_000_000})
    async with running_gateway(httpx.MockTransport(upstream), settings=capped) as gateway:
        with pytest.raises(UpstreamBadPayload, match="KLLGRAPH_YRKESBAROMETER_MAX_BYTES"):
            await yrkesbarometer.api.rows(gateway.upstream.client("yrkesbarometer"))


async def test_doctor_probe_reads_the_file() -> None:
    async with running_gateway(httpx.MockTransport(lambda _: httpx.Response(200, json=world_rows()))) as gateway:
        line = await yrkesbarometer.probe(gateway.upstream.client("yrkesbarometer"))
    assert line == f"GET {FILE_PATH}: 76 rows, round 2026-1"
