"""What an answer says about itself (`extensions`) reaches the caller: results, raw `execute()`, pages,
DataFrames; composed offline data warns once per client."""

import warnings
from pathlib import Path
from typing import Any

import httpx
import pytest

import kllgraph

from .fake_gateway import AdsClient, AsyncAdsClient, FakeGateway, graphql_response, job_ad_json, job_ads_json

COMPOSED = {
    "kllgraph": {
        "mode": "offline",
        "snapshot": {"composedOn": "2026-11-27", "provenance": "composed", "note": "composed in the agencies' shapes"},
    }
}
SDK_DIR = str(Path(kllgraph.__file__).parent)
RECORDED = {"kllgraph": {"mode": "offline", "snapshot": {"recordedOn": "2026-11-01", "provenance": "recorded"}}}


def answering(extensions: dict[str, Any]) -> FakeGateway:
    def respond(request: httpx.Request, payload: dict[str, Any]) -> httpx.Response:
        if payload.get("operationName") == "JobAd":
            data: dict[str, Any] = {"jobAd": job_ad_json(1)}
        elif payload.get("operationName") == "JobAds":
            data = job_ads_json(7, payload.get("variables") or {})
        else:
            data = {"__typename": "Query"}
        response = graphql_response(data)
        body = response.json() | {"extensions": extensions}
        return httpx.Response(200, json=body, headers=response.headers)

    return FakeGateway(respond)


def test_typed_result_raw_execute_and_pages_carry_extensions() -> None:
    client = AdsClient(transport=answering(RECORDED).transport)
    assert client.job_ad(id="ad-1").extensions == RECORDED
    data = client.execute("{ __typename }")
    assert data == {"__typename": "Query"} and isinstance(data, dict)
    assert data.extensions == RECORDED
    paginator = client.job_ads(first=3)
    assert paginator.extensions == {}  # nothing fetched yet
    assert paginator.first_page().extensions == RECORDED
    assert paginator.extensions == RECORDED


def test_cached_answers_keep_their_extensions() -> None:
    gateway = answering(RECORDED)
    client = AdsClient(transport=gateway.transport)
    client.job_ad(id="ad-1")
    again = client.job_ad(id="ad-1")
    assert len(gateway.requests) == 1
    assert again.extensions == RECORDED


def test_live_answers_have_empty_extensions_and_models_built_by_hand_too() -> None:
    client = AdsClient(transport=FakeGateway().transport)
    assert client.job_ad(id="ad-2").extensions == {}
    assert kllgraph.GraphQLModel().extensions == {}


def test_dataframes_carry_the_notice_in_attrs() -> None:
    client = AdsClient(transport=answering(RECORDED).transport)
    frame = client.job_ads(first=3, max_items=5).to_pandas(progress=False)
    assert frame.attrs["kllgraph"] == RECORDED["kllgraph"]
    assert len(frame) == 5
    assert client.job_ads(first=3).first_page().to_pandas().attrs["kllgraph"]["snapshot"]["provenance"] == "recorded"
    assert AdsClient(transport=FakeGateway().transport).job_ads().to_pandas().attrs["kllgraph"] == {}


def test_composed_data_warns_once_per_client() -> None:
    client = AdsClient(transport=answering(COMPOSED).transport)
    with pytest.warns(kllgraph.ComposedDataWarning, match="composedOn 2026-11-27") as caught:
        client.job_ad(id="ad-1")
        client.execute("{ __typename }")
        list(client.job_ads(first=3))
    assert len(caught) == 1
    assert not caught[0].filename.startswith(SDK_DIR)  # points at the caller's line, not into the SDK
    with pytest.warns(kllgraph.ComposedDataWarning):  # another client warns again: its own first time
        AdsClient(transport=answering(COMPOSED).transport).execute("{ __typename }")


def test_recorded_and_live_data_do_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        AdsClient(transport=answering(RECORDED).transport).execute("{ __typename }")
        AdsClient(transport=FakeGateway().transport).execute("{ __typename }")


async def test_async_results_carry_extensions_and_warn_once() -> None:
    client = AsyncAdsClient(transport=answering(COMPOSED).transport)
    with pytest.warns(kllgraph.ComposedDataWarning) as caught:
        assert (await client.job_ad(id="ad-1")).extensions == COMPOSED
        assert (await client.execute("{ __typename }")).extensions == COMPOSED
        frame = await client.job_ads(first=3).to_pandas(progress=False)
    assert len(caught) == 1
    assert not caught[0].filename.startswith(SDK_DIR)
    assert frame.attrs["kllgraph"]["snapshot"]["composedOn"] == "2026-11-27"


def test_errors_carry_extensions() -> None:
    def respond(request: httpx.Request, payload: dict[str, Any]) -> httpx.Response:
        body = {"data": None, "errors": [{"message": "bad", "extensions": {"code": "BAD_USER_INPUT"}}]}
        return httpx.Response(200, json=body | {"extensions": RECORDED})

    client = AdsClient(transport=FakeGateway(respond).transport)
    with pytest.raises(kllgraph.BadUserInputError) as raised:
        client.execute("{ __typename }")
    assert raised.value.extensions == RECORDED


def test_offline_gateway_marks_every_kind_of_call_as_composed() -> None:
    """Against the bundled (composed) snapshot: execute, a typed call and to_pandas all say so; one warning."""
    with pytest.warns(kllgraph.ComposedDataWarning) as caught, kllgraph.Client.local(offline=True) as client:
        raw = client.execute("{ __typename }")
        paginator = client.municipalities(first=5, max_items=5)
        frame = paginator.to_pandas(progress=False)
    assert len(caught) == 1
    for extensions in (raw.extensions, paginator.extensions, {"kllgraph": frame.attrs["kllgraph"]}):
        snapshot = extensions["kllgraph"]["snapshot"]
        assert snapshot["provenance"] == "composed"
        assert snapshot["composedOn"]
