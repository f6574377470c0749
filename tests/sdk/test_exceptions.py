import httpx
import pytest

import kllgraph
from kllgraph._exceptions import graphql_error_class

REQUEST = httpx.Request("POST", "http://gw.test/graphql")


def detail(code: str | None, source: str | None = None) -> kllgraph.GraphQLErrorDetail:
    return kllgraph.GraphQLErrorDetail(message=code or "plain", code=code, source=source)


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["UPSTREAM_UNAVAILABLE"], kllgraph.UpstreamError),
        (["UPSTREAM_RATE_LIMITED"], kllgraph.UpstreamError),
        (["BAD_USER_INPUT"], kllgraph.BadUserInputError),
        (["NOT_FOUND"], kllgraph.NotFoundError),
        ([None], kllgraph.GraphQLError),
        (["INTERNAL_SERVER_ERROR"], kllgraph.GraphQLError),
        ([None, "NOT_FOUND", "BAD_USER_INPUT"], kllgraph.NotFoundError),
    ],
)
def test_error_class_by_first_known_code(codes: list[str | None], expected: type[kllgraph.GraphQLError]) -> None:
    assert graphql_error_class([detail(code) for code in codes]) is expected


def test_detail_from_json_reads_extensions() -> None:
    parsed = kllgraph.GraphQLErrorDetail.from_json(
        {
            "message": "SCB timed out",
            "path": ["occupation", "wages", 0],
            "locations": [{"line": 1, "column": 9}],
            "extensions": {"code": "UPSTREAM_TIMEOUT", "source": "scb", "retryAfter": 3},
        }
    )
    assert parsed.path == ("occupation", "wages", 0)
    assert parsed.locations == ((1, 9),)
    assert (parsed.code, parsed.source) == ("UPSTREAM_TIMEOUT", "scb")
    assert parsed.extensions["retryAfter"] == 3
    assert str(parsed) == "SCB timed out [UPSTREAM_TIMEOUT] at occupation.wages.0"


@pytest.mark.parametrize("entry", ["just text", {"message": 3, "path": "x", "locations": [{"line": 1}]}, {}])
def test_detail_from_json_is_lenient(entry: object) -> None:
    parsed = kllgraph.GraphQLErrorDetail.from_json(entry)
    assert isinstance(parsed.message, str)
    assert parsed.path is None and parsed.locations == () and parsed.code is None


def test_upstream_error_sources_are_distinct_and_ordered() -> None:
    error = kllgraph.UpstreamError(
        "x",
        request=REQUEST,
        response=None,
        errors=[
            detail("UPSTREAM_TIMEOUT", "scb"),
            detail("UPSTREAM_ERROR", "jobtech"),
            detail("UPSTREAM_TIMEOUT", "scb"),
            detail("SNAPSHOT_MISSING", "susanavet"),
        ],
        data={"a": None},
    )
    # Every error naming a source is an upstream failure, the offline SNAPSHOT_MISSING included.
    assert error.sources == ["scb", "jobtech", "susanavet"]
    assert error.codes == ["UPSTREAM_TIMEOUT", "UPSTREAM_ERROR", "SNAPSHOT_MISSING"]


def test_tree() -> None:
    assert issubclass(kllgraph.APITimeoutError, kllgraph.APIConnectionError)
    for error_class in (kllgraph.UpstreamError, kllgraph.BadUserInputError, kllgraph.NotFoundError):
        assert issubclass(error_class, kllgraph.GraphQLError)
    for top_level in (
        kllgraph.APIConnectionError,
        kllgraph.APIStatusError,
        kllgraph.GraphQLError,
        kllgraph.ResponseValidationError,
    ):
        assert issubclass(top_level, kllgraph.KllgraphError)


def test_status_error_carries_response_and_its_request() -> None:
    response = httpx.Response(503, request=REQUEST)
    error = kllgraph.APIStatusError("down", response=response)
    assert (error.status_code, error.response, error.request) == (503, response, REQUEST)
