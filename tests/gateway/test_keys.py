from __future__ import annotations

from collections.abc import Callable

import pytest

from kllgraph_gateway._errors import BadUserInput
from kllgraph_gateway._keys import (
    is_concept_id,
    municipality_code,
    organisation_number,
    organisation_number_prefix,
    region_code,
    ssyk_code,
)


@pytest.mark.parametrize("value", ["2021002114", "202100-2114", "SE2021002114", "se202100211401", " 202100-2114 "])
def test_organisation_number_forms(value: str) -> None:
    assert organisation_number(value) == "2021002114"


@pytest.mark.parametrize("value", ["202100211", "20210021145", "SE20210021", "abc", ""])
def test_organisation_number_rejects(value: str) -> None:
    with pytest.raises(BadUserInput):
        organisation_number(value)


def test_employer_prefix_keeps_short_prefixes() -> None:
    assert organisation_number_prefix("2") == "2"
    assert organisation_number_prefix("212000-2783") == "2120002783"


def test_codes_and_concept_ids() -> None:
    assert municipality_code("0180") == "0180"
    with pytest.raises(BadUserInput):
        municipality_code("180")
    assert is_concept_id("DJh5_yyF_hEM")
    assert not is_concept_id("0180")


@pytest.mark.parametrize(("check", "value"), [
    (municipality_code, "٠١٨٠"),  # Arabic-Indic digits: `\d` would take them and send them upstream
    (municipality_code, "０１８０"),  # fullwidth digits
    (region_code, "٠١"),
    (ssyk_code, "２５１２"),
    (organisation_number, "٢٠٢١٠٠٢١١٤"),
    (organisation_number_prefix, "٢٠٢"),
])
def test_codes_take_ascii_digits_only(check: Callable[[str], str], value: str) -> None:
    with pytest.raises(BadUserInput):
        check(value)


def test_concept_ids_match_whole_strings() -> None:
    assert not is_concept_id("DJh5_yyF_hEM\n")  # `$` would let the newline through
    assert not is_concept_id("DJh5_yyF_hEM_")
