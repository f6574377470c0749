"""An error-free answer to a call that is not cached is validated straight from its bytes; anything else takes the
general path, so results, extensions and errors are the same either way."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

import kllgraph
from kllgraph._base_client import _read_validated
from kllgraph._generated.sources import SourcesResult

SOURCE = {"name": "scb", "agency": "SCB", "apiName": "PxWebApi 2.0", "licence": "CC0", "documentation": "d",
          "baseUrl": "https://statistikdatabasen.scb.se/api/v2", "cacheTtlSeconds": 21600.0, "offline": False}
EXTENSIONS = {"kllgraph": {"mode": "live"}}


def _response(body: Any, status: int = 200) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(body).encode(), headers={"content-type": "application/json"})


def test_an_error_free_answer_is_read_in_one_pass() -> None:
    read = _read_validated(SourcesResult, _response({"data": {"sources": [SOURCE]}, "extensions": EXTENSIONS}))
    assert read is not None
    result, extensions = read
    assert isinstance(result, SourcesResult) and result.sources[0].cache_ttl_seconds == 21600.0
    assert extensions == EXTENSIONS


@pytest.mark.parametrize("response", [
    _response({"data": {"sources": [SOURCE]}, "errors": [{"message": "scb: down"}]}),  # partial data
    _response({"data": None, "errors": [{"message": "bad"}]}),
    _response({"data": {"sources": [{"name": "scb"}]}}),  # does not fit the model
    _response({"errors": [{"message": "bad"}]}, status=400),
    _response({"data": {"sources": []}}, status=500),
    httpx.Response(200, content=b"<html>not json</html>"),
], ids=["partial", "errors", "misfit", "400", "500", "not-json"])
def test_anything_else_is_left_to_the_general_path(response: httpx.Response) -> None:
    assert _read_validated(SourcesResult, response) is None


@pytest.mark.parametrize("cache", [False, True])
def test_the_result_is_the_same_with_and_without_the_client_cache(cache: bool) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return _response({"data": {"sources": [SOURCE]}, "extensions": EXTENSIONS})

    with kllgraph.Client("http://sdk.test/graphql", transport=httpx.MockTransport(answer), cache=cache) as client:
        result = client.sources()
    assert result.sources[0].name == "scb" and result.extensions == EXTENSIONS


def test_a_misfit_answer_still_raises_the_validation_error() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return _response({"data": {"sources": [{"name": "scb"}]}})

    with (kllgraph.Client("http://sdk.test/graphql", transport=httpx.MockTransport(answer), cache=False) as client,
          pytest.raises(kllgraph.ResponseValidationError)):
        client.sources()
