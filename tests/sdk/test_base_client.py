import email.utils
import enum
import json
import time
from typing import Any

import httpx
import pydantic
import pytest

import kllgraph
from kllgraph._base_client import encode_variables, retry_after_seconds, retry_timeout, should_retry

from .fake_gateway import (
    NO_BACKOFF,
    AdsClient,
    AsyncAdsClient,
    FakeGateway,
    JobAd,
    graphql_error,
    graphql_response,
)

TYPENAME = "{ __typename }"


def answer(*responses: httpx.Response | Exception) -> FakeGateway:
    """A gateway that gives these answers in turn (an exception is raised as the transport's)."""
    queue = list(responses)

    def respond(request: httpx.Request, payload: dict[str, Any]) -> httpx.Response:
        item = queue.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    return FakeGateway(respond)


# --- requests -----------------------------------------------------------------------------------------------


def test_request_is_a_graphql_post_with_accept_header(gateway: FakeGateway) -> None:
    with kllgraph.Client("http://gw.test/graphql", transport=gateway.transport) as client:
        client.execute("query Q($n: Int) { x(n: $n) }", {"n": 1}, "Q")

    (request,) = gateway.requests
    assert request.method == "POST"
    assert request.url == "http://gw.test/graphql"
    assert request.headers["accept"] == "application/graphql-response+json, application/json"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"] == f"kllgraph-python/{kllgraph.__version__}"
    assert json.loads(request.content) == {
        "query": "query Q($n: Int) { x(n: $n) }",
        "variables": {"n": 1},
        "operationName": "Q",
    }


def test_base_url_from_environment_then_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KLLGRAPH_URL", "http://env.test/graphql")
    assert kllgraph.Client().base_url == "http://env.test/graphql"
    assert kllgraph.Client("http://arg.test/graphql").base_url == "http://arg.test/graphql"
    monkeypatch.delenv("KLLGRAPH_URL")
    assert kllgraph.Client().base_url == "http://127.0.0.1:8000/graphql"


def test_timeout_travels_with_the_request(gateway: FakeGateway) -> None:
    client = kllgraph.Client(transport=gateway.transport, timeout=httpx.Timeout(3.0, connect=1.0))
    client.execute(TYPENAME)
    assert gateway.requests[0].extensions["timeout"] == {"connect": 1.0, "read": 3.0, "write": 3.0, "pool": 3.0}


class Colour(enum.Enum):
    RED = "RED"


class FilterInput(kllgraph.GraphQLModel):
    municipality_code: str | None = pydantic.Field(default=None, alias="municipalityCode")
    remote: bool | None = None


def test_variables_drop_not_given_and_keep_explicit_none() -> None:
    encoded = encode_variables(
        {
            "query": None,
            "first": kllgraph.NOT_GIVEN,
            "colour": Colour.RED,
            "filter": FilterInput(municipalityCode="0180"),
            "nested": {"a": kllgraph.NOT_GIVEN, "b": [Colour.RED]},
        }
    )
    assert encoded == {
        "query": None,
        "colour": "RED",
        "filter": {"municipalityCode": "0180"},
        "nested": {"b": ["RED"]},
    }


# --- retries ------------------------------------------------------------------------------------------------


def test_retries_5xx_then_succeeds(sleeps: list[float]) -> None:
    gateway = answer(httpx.Response(502), httpx.Response(503), graphql_response({"__typename": "Query"}))
    client = kllgraph.Client(transport=gateway.transport, max_retries=2, **NO_BACKOFF)
    assert client.execute(TYPENAME) == {"__typename": "Query"}
    assert len(gateway.requests) == 3
    assert sleeps == [0.0, 0.0]


def test_gives_up_after_max_retries_with_status_error(sleeps: list[float]) -> None:
    gateway = answer(*[httpx.Response(500, text="boom")] * 3)
    client = kllgraph.Client(transport=gateway.transport, max_retries=2, **NO_BACKOFF)
    with pytest.raises(kllgraph.APIStatusError) as caught:
        client.execute(TYPENAME)
    assert len(gateway.requests) == 3
    assert caught.value.status_code == 500
    assert caught.value.request is gateway.requests[-1]
    assert "boom" in str(caught.value)


def test_429_honours_retry_after(sleeps: list[float]) -> None:
    gateway = answer(httpx.Response(429, headers={"retry-after": "7"}), graphql_response({"__typename": "Query"}))
    client = kllgraph.Client(transport=gateway.transport, **NO_BACKOFF)
    client.execute(TYPENAME)
    assert sleeps == [7.0]


def test_400_is_not_retried(sleeps: list[float]) -> None:
    gateway = answer(httpx.Response(400, text="bad"))
    client = kllgraph.Client(transport=gateway.transport, **NO_BACKOFF)
    with pytest.raises(kllgraph.APIStatusError):
        client.execute(TYPENAME)
    assert len(gateway.requests) == 1
    assert sleeps == []


def test_timeouts_are_retried_then_raise_api_timeout_error(sleeps: list[float]) -> None:
    def time_out(request: httpx.Request, payload: dict[str, Any]) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    gateway = FakeGateway(time_out)
    client = kllgraph.Client(transport=gateway.transport, max_retries=3, **NO_BACKOFF)
    with pytest.raises(kllgraph.APITimeoutError) as caught:
        client.execute(TYPENAME)
    assert len(gateway.requests) == 4
    assert isinstance(caught.value, kllgraph.APIConnectionError)
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert caught.value.request.url == client.base_url


def test_connection_error_recovers_on_retry(sleeps: list[float]) -> None:
    gateway = answer(httpx.ConnectError("refused"), graphql_response({"__typename": "Query"}))
    client = kllgraph.Client(transport=gateway.transport, **NO_BACKOFF)
    assert client.execute(TYPENAME) == {"__typename": "Query"}
    assert len(gateway.requests) == 2


def test_max_retries_zero_means_one_attempt(sleeps: list[float]) -> None:
    gateway = answer(httpx.ConnectError("refused"))
    client = kllgraph.Client(transport=gateway.transport, max_retries=0)
    with pytest.raises(kllgraph.APIConnectionError) as caught:
        client.execute(TYPENAME)
    assert type(caught.value) is kllgraph.APIConnectionError
    assert len(gateway.requests) == 1


def test_should_retry_statuses() -> None:
    assert [code for code in (200, 400, 404, 408, 429, 500, 503) if should_retry(httpx.Response(code))] == [
        408,
        429,
        500,
        503,
    ]


def test_retry_timeout_backoff_is_exponential_capped_and_jittered() -> None:
    for retries_taken, ceiling in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (9, 8.0)]:
        delay = retry_timeout(retries_taken, None)
        assert ceiling * 0.75 <= delay <= ceiling


def test_retry_after_seconds_date_and_garbage() -> None:
    assert retry_after_seconds(httpx.Headers({"retry-after": "2.5"})) == 2.5
    in_ten = email.utils.formatdate(time.time() + 10, usegmt=True)
    date_wait = retry_after_seconds(httpx.Headers({"retry-after": in_ten}))
    assert date_wait is not None and 8 < date_wait <= 10
    assert retry_after_seconds(httpx.Headers({"retry-after": "soon"})) is None
    assert retry_after_seconds(None) is None
    # An unreasonable wait is not honoured: the backoff applies.
    assert retry_timeout(0, httpx.Headers({"retry-after": "3600"})) <= 0.5


# --- GraphQL responses --------------------------------------------------------------------------------------


def test_errors_without_data_raise_typed_error() -> None:
    gateway = answer(graphql_response(None, [graphql_error("No job ad ad-9", "NOT_FOUND", path=["jobAd"])]))
    client = AdsClient(transport=gateway.transport)
    with pytest.raises(kllgraph.NotFoundError) as caught:
        client.job_ad(id="ad-9")
    error = caught.value
    assert error.data is None and error.partial is None
    assert error.errors == [
        kllgraph.GraphQLErrorDetail(
            message="No job ad ad-9",
            path=("jobAd",),
            locations=((2, 3),),
            code="NOT_FOUND",
            extensions={"code": "NOT_FOUND"},
        )
    ]
    assert error.request is gateway.requests[0]
    assert str(error) == "No job ad ad-9 [NOT_FOUND] at jobAd"


def test_partial_data_raises_with_data_and_validated_partial() -> None:
    partial = {"jobAd": {"id": "ad-1", "headline": "Lärare", "employer": {"name": "Skolverket"}}}
    upstream = graphql_error(
        "Arbetsförmedlingen unavailable", "UPSTREAM_UNAVAILABLE", path=["jobAd", "wage"], source="jobtech"
    )
    gateway = answer(graphql_response(partial, [upstream]))
    client = AdsClient(transport=gateway.transport)
    with pytest.raises(kllgraph.UpstreamError) as caught:
        client.job_ad(id="ad-1")
    assert caught.value.data == partial
    assert isinstance(caught.value.partial, JobAd)
    assert caught.value.partial.job_ad.employer.name == "Skolverket"
    assert caught.value.sources == ["jobtech"]
    assert caught.value.codes == ["UPSTREAM_UNAVAILABLE"]


def test_partial_data_that_does_not_validate_leaves_partial_none() -> None:
    gateway = answer(
        graphql_response({"jobAd": None}, [graphql_error("down", "UPSTREAM_TIMEOUT", path=["jobAd"], source="scb")])
    )
    with pytest.raises(kllgraph.UpstreamError) as caught:
        AdsClient(transport=gateway.transport).job_ad(id="ad-1")
    assert caught.value.data == {"jobAd": None}
    assert caught.value.partial is None


def test_partial_data_returned_when_asked_not_to_raise() -> None:
    partial = {"jobAd": {"id": "ad-1", "headline": "Lärare", "employer": {"name": "Skolverket"}}}
    gateway = answer(graphql_response(partial, [graphql_error("x", "UPSTREAM_ERROR", path=["a"], source="scb")]))
    client = AdsClient(transport=gateway.transport, raise_on_partial_data=False)
    assert client.job_ad(id="ad-1").job_ad.headline == "Lärare"


def test_graphql_errors_on_4xx_raise_graphql_error_not_status_error() -> None:
    gateway = answer(
        graphql_response(
            None,
            [graphql_error("first must be <= 100", "BAD_USER_INPUT", path=["jobAds"])],
            status_code=400,
        )
    )
    with pytest.raises(kllgraph.BadUserInputError) as caught:
        kllgraph.Client(transport=gateway.transport).execute("{ jobAds(first: 1000) { totalCount } }")
    assert caught.value.response is not None and caught.value.response.status_code == 400


def test_error_without_code_is_plain_graphql_error() -> None:
    gateway = answer(graphql_response(None, [{"message": "Cannot query field 'nope' on type 'Query'."}]))
    with pytest.raises(kllgraph.GraphQLError) as caught:
        kllgraph.Client(transport=gateway.transport).execute("{ nope }")
    assert type(caught.value) is kllgraph.GraphQLError


def test_result_that_does_not_fit_the_model_raises_response_validation_error() -> None:
    gateway = answer(graphql_response({"jobAd": {"id": "ad-1"}}))
    with pytest.raises(kllgraph.ResponseValidationError) as caught:
        AdsClient(transport=gateway.transport).job_ad(id="ad-1")
    assert isinstance(caught.value.__cause__, pydantic.ValidationError)
    assert caught.value.data == {"jobAd": {"id": "ad-1"}}
    assert caught.value.request is gateway.requests[0]


def test_non_graphql_body_raises_response_validation_error() -> None:
    gateway = answer(httpx.Response(200, text="<html>proxy</html>"))
    with pytest.raises(kllgraph.ResponseValidationError, match="not a GraphQL response"):
        kllgraph.Client(transport=gateway.transport).execute(TYPENAME)


def test_execute_returns_a_copy_callers_may_mutate(gateway: FakeGateway) -> None:
    client = AdsClient(transport=gateway.transport)
    first = client.execute("query JobAd($id: ID!) { jobAd(id: $id) { id } }", {"id": "ad-1"}, "JobAd")
    first["jobAd"]["id"] = "mutated"
    second = client.execute("query JobAd($id: ID!) { jobAd(id: $id) { id } }", {"id": "ad-1"}, "JobAd")
    assert second["jobAd"]["id"] == "ad-1"
    assert len(gateway.requests) == 1


def test_typed_execute(gateway: FakeGateway) -> None:
    with AdsClient(transport=gateway.transport) as client:
        assert client.job_ad(id="ad-2").job_ad.employer.organisation_number == "232100-0002"
    assert gateway.payloads[0]["operationName"] == "JobAd"
    assert gateway.payloads[0]["variables"] == {"id": "ad-2"}


# --- the async twin -----------------------------------------------------------------------------------------


async def test_async_typed_execute(gateway: FakeGateway) -> None:
    async with AsyncAdsClient(transport=gateway.transport) as client:
        result = await client.job_ad(id="ad-2")
        assert result.job_ad.headline == "Sjuksköterska 2"
        assert await client.execute(TYPENAME) is not None


async def test_async_retries_and_retry_after(sleeps: list[float]) -> None:
    gateway = answer(
        httpx.Response(503, headers={"retry-after": "1"}),
        httpx.ConnectError("reset"),
        graphql_response({"__typename": "Query"}),
    )
    async with kllgraph.AsyncClient(transport=gateway.transport, **NO_BACKOFF) as client:
        assert await client.execute(TYPENAME) == {"__typename": "Query"}
    assert len(gateway.requests) == 3
    assert sleeps == [1.0, 0.0]


async def test_async_timeout_raises_api_timeout_error(sleeps: list[float]) -> None:
    def time_out(request: httpx.Request, payload: dict[str, Any]) -> httpx.Response:
        raise httpx.ConnectTimeout("slow", request=request)

    gateway = FakeGateway(time_out)
    async with kllgraph.AsyncClient(transport=gateway.transport, max_retries=1, **NO_BACKOFF) as client:
        with pytest.raises(kllgraph.APITimeoutError):
            await client.execute(TYPENAME)
    assert len(gateway.requests) == 2


async def test_async_partial_data() -> None:
    partial = {"jobAd": {"id": "ad-1", "headline": "Lärare", "employer": {"name": "Skolverket"}}}
    gateway = answer(graphql_response(partial, [graphql_error("x", "UPSTREAM_ERROR", path=["a"], source="scb")]))
    async with AsyncAdsClient(transport=gateway.transport) as client:
        with pytest.raises(kllgraph.UpstreamError) as caught:
            await client.job_ad(id="ad-1")
    assert isinstance(caught.value.partial, JobAd)
