"""Pydantic models of the Yrkesbarometer file: one JSON array of rows, field names exactly as the file has them.

Evidence (research: shared career-switch-apis.md §2). The file's existence, meaning and the taxonomy join are H
(official taxonomy docs, barometer-occupation.html; official news, jobtechdev.se/sv/nyheter/yrkesbarometern); the
URL and field names are M+ (four independent clients agree: code-index ids 65745032855, 53433509734, 6225301806,
69403946748). Round 2026-1 has 4,818 rows = 219 barometer occupations x (the whole country "00" + 21 län), M.

What the gateway answers is required as a key: the join keys, the three assessments and their two texts (M+:
every client reads them), so a renamed or missing field is drift (UPSTREAM_BAD_PAYLOAD), not a silent null. Their
values may be null (the clients' own types allow it), and the assessments are plain strings, so a word outside the
documented value sets never fails a row (graph/outlook.py maps the known words to enums and keeps the raw word).
Every other field is optional.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, RootModel


class BarometerRow(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    yrkesomrade: str | None = None  # occupation area, e.g. "Data/IT" (M+)
    yb_yrke: str  # the barometer occupation's name, e.g. "Kockar" (M+)
    yb_concept_id: str  # the taxonomy id of its barometer-occupation concept (M: by name and taxonomi_version)
    yb_beskrivning: str | None = None  # description; null in every row seen (M)
    # Seen in one client's row type only (code-index id 36794977606), meaning not stated: L.
    antal_ssyk: int | None = None
    del_av_ssyk: int | None = None
    ssyk: str | None = None  # SSYK 2012 code, e.g. "5120"; how several groups are written is not seen (L)
    ssyk_text: str | None = None  # the SSYK group's title, e.g. "Kockar och kallskänkor" (M+)
    lan: str  # SCB länskod, 2 digits; "00" = the whole country (M+)
    jobbmojligheter: str | None  # "små" / "medelstora" / "stora" / null (M+)
    rekryteringssituation: str | None  # "överskott" / "balans" / "paradox" / "brist" / null (M+)
    paradox: list[str] | None = None  # words qualifying a paradox situation; values not documented (M for the list)
    prognos: str | None  # five-year demand: "öka" / "vara oförändrad" / "minska" / null (M+)
    text_jobbmojligheter: str | None  # AF's own sentence on job opportunities (M+)
    text_rekryteringssituation: str | None  # AF's own sentence on the recruitment situation (M+)
    hogsta_bedomningsniva: str | None = None  # e.g. "nationellt" (M for the word; meaning L)
    delvis_helt: str | None = None  # e.g. "delvis" (M for the word; meaning L: part or whole of the SSYK group)
    omgang: str | None = None  # the round, "YYYY-1" (spring) or "YYYY-2" (autumn), e.g. "2026-1" (M+)
    taxonomi_version: int | None = None  # the taxonomy version the concept ids belong to (M)


class Yrkesbarometer(RootModel[list[BarometerRow]]):
    """The whole file: a JSON array of rows (M+: every client reads a top-level array)."""

    model_config = ConfigDict(frozen=True)
