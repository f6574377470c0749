"""The checker can fail: non-conforming requests and answers are rejected, and the allowances are what let the
real payloads through."""

from __future__ import annotations

import json

from .checker import ACTIVE_SPECS, SPECS, Exchange, check, load_allowances, patched_spec

SCB_DATA = {"selection": [{"variableCode": "Tid", "valueCodes": ["2024"]}]}


def test_rejects_a_value_outside_the_spec() -> None:
    bad = check(Exchange("skolenhetsregistret", "GET", "/v2/school-units", (("status", "STANGD"),)))
    good = check(Exchange("skolenhetsregistret", "GET", "/v2/school-units", (("status", "AKTIV"),)))
    assert bad is not None and not bad.conforms and "STANGD" in " ".join(bad.errors)
    assert good is not None and good.conforms


def test_rejects_an_unknown_path_and_a_wrong_method() -> None:
    for exchange in (Exchange("planned_educations", "GET", "/v4/no-such-resource", ()),
                     Exchange("scb", "DELETE", "/tables/TAB5932", ())):
        verdict = check(exchange)
        assert verdict is not None and verdict.covered and not verdict.conforms


def test_rejects_a_non_conforming_answer() -> None:
    unit = {"meta": {}, "data": {"type": "schoolunit", "schoolUnitCode": "76026322",
                                 "attributes": {"displayName": "Abisko skola", "reportsStudents": None}}}
    verdict = check(Exchange("skolenhetsregistret", "GET", "/v2/school-units/76026322", (), status=200,
                             content=json.dumps(unit).encode()))
    assert verdict is not None and any("reportsStudents" in e for e in verdict.errors)


def test_scb_is_checked_by_generic_paths_whatever_the_table_id() -> None:
    for table in ("TAB5932", "LoneSpridSektYrk4AN"):
        verdict = check(Exchange("scb", "POST", f"/tables/{table}/data",
                                 (("lang", "sv"), ("outputFormat", "json-stat2")), body=SCB_DATA))
        assert verdict is not None and verdict.conforms, verdict.errors if verdict else None


def test_the_valuecodes_allowance_is_what_lets_real_requests_through() -> None:
    as_published = patched_spec("pxwebapi-2.openapi.yaml", ())
    allowed = patched_spec("pxwebapi-2.openapi.yaml", load_allowances())
    assert as_published["components"]["schemas"]["VariableSelection"]["required"] == ["variableCode", "values"]
    assert allowed["components"]["schemas"]["VariableSelection"]["required"] == ["variableCode", "valueCodes"]


def test_every_allowance_names_a_vendored_spec_and_evidence() -> None:
    files = {p.name for p in SPECS.iterdir()}
    for allowance in load_allowances():
        assert allowance.spec in files and allowance.evidence and allowance.why
        patched_spec(allowance.spec, [allowance])  # its `test` operations still match the vendored text


def test_syllabus_paths_beyond_the_vendored_subjects_spec_are_not_covered() -> None:
    verdict = check(Exchange("syllabus", "GET", "/v1/courses/MATMAT01c", ()))
    assert verdict is not None and not verdict.covered and not verdict.conforms


def test_emil3_paging_limits_are_checked() -> None:
    assert "susanavet" in ACTIVE_SPECS
    paged = Exchange("susanavet", "GET", "/educationEvents", (("schoolType", "HS"), ("page", "0"), ("size", "100")))
    too_big = Exchange("susanavet", "GET", "/educationEvents", (("size", "5000"),))
    ok, bad = check(paged), check(too_big)
    assert ok is not None and ok.conforms, ok.errors if ok else None
    assert bad is not None and not bad.conforms
