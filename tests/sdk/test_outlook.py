"""The generated `occupation_outlook` method, typed, against the real in-process gateway on the offline snapshot."""

from __future__ import annotations

import pytest

import kllgraph
from kllgraph.types import DemandForecast, JobOpportunities, RecruitmentSituation

# The bundled snapshot is composed data: the SDK warns once per client (tests/sdk/test_provenance.py checks it).
pytestmark = pytest.mark.filterwarnings("ignore::kllgraph.ComposedDataWarning")

SPECIALKOCK = "YKhj_n5P_g4P"


def test_occupation_outlook_nationally_and_in_a_county() -> None:
    with kllgraph.Client.local(offline=True) as client:
        national = client.occupation_outlook(id=SPECIALKOCK)
        county = client.occupation_outlook(id=SPECIALKOCK, region="14")
        elsewhere = client.occupation_outlook(id=SPECIALKOCK, region="04")
    assert national is not None and national.outlook is not None
    assert national.label == "Specialkock"
    assert national.outlook.recruitment_situation is RecruitmentSituation.SHORTAGE
    assert national.outlook.job_opportunities is JobOpportunities.LARGE
    assert national.outlook.forecast is DemandForecast.UNCHANGED and national.outlook.forecast_word == "vara oförändrad"
    assert national.outlook.region is None and national.outlook.source.name == "yrkesbarometer"
    assert county is not None and county.outlook is not None and county.outlook.region is not None
    assert (county.outlook.region.code, county.outlook.recruitment_situation) == ("14", RecruitmentSituation.BALANCE)
    assert elsewhere is not None and elsewhere.outlook is None  # no row for that county in the snapshot


def test_a_malformed_region_raises_a_typed_error_naming_the_argument() -> None:
    with kllgraph.Client.local(offline=True) as client, pytest.raises(kllgraph.BadUserInputError) as raised:
        client.occupation_outlook(id=SPECIALKOCK, region="1")
    (error,) = raised.value.errors
    assert error.code == "BAD_USER_INPUT" and error.extensions["argument"] == "region"
    assert error.path == ("occupation", "outlook")
