"""GraphQL over HTTP: the endpoint in front of the schema, driven through an in-process ASGI transport."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import strawberry
from graphql import GraphQLError
from graphql.validation import ValidationRule
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Mount, Route
from starlette.types import Message
from strawberry.extensions import AddValidationRules, SchemaExtension

from kllgraph_gateway._http import GraphQLHTTPEndpoint

GQL = "application/graphql-response+json; charset=utf-8"
JSON = "application/json; charset=utf-8"
GQL_ACCEPT = {"accept": "application/graphql-response+json"}
JSON_ACCEPT = {"accept": "application/json"}
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
GRAPHIQL = "<!doctype html><title>GraphiQL</title>"


@strawberry.type
class Query:
    @strawberry.field
    def greet(self, name: str) -> str:
        return f"Hej {name}"

    @strawberry.field
    def boom(self) -> str | None:
        raise RuntimeError("resolver exploded")

    @strawberry.field
    def missing(self) -> str | None:
        # What the gateway's ErrorExtensions produce: an error that already carries code and source.
        raise GraphQLError("no such table", extensions={"code": "NOT_FOUND", "source": "scb"})

    @strawberry.field
    def must(self) -> str:
        raise RuntimeError("non-null field exploded")


@strawberry.type
class Mutation:
    @strawberry.mutation
    def bump(self, by: int = 1) -> int:
        return by + 1


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def ticks(self) -> AsyncIterator[int]:
        yield 1


class NoBadWords(ValidationRule):
    """A validation rule whose errors bring their own code, like a depth limiter would."""

    def enter_field(self, node: Any, *_args: Any) -> None:
        if node.name.value == "__schema":
            self.report_error(GraphQLError("introspection is off", node, extensions={"code": "NO_SCHEMA"}))


class ExplodingExtension(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        if self.execution_context.operation_name == "Explode":
            raise RuntimeError("extension exploded with secret detail")
        yield


SCHEMA = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    extensions=[lambda: AddValidationRules([NoBadWords]), ExplodingExtension],
)

seen_contexts: list[dict[str, object]] = []


async def context_getter(request: Request) -> object:
    if request.headers.get("x-fail") == "crash":
        raise RuntimeError("context exploded")
    if request.headers.get("x-fail") == "http":
        raise HTTPException(401, "who are you")
    context: dict[str, object] = {"request": request}
    if request.method == "POST" and request.headers.get("x-read-body"):
        context["body"] = await request.body()
    seen_contexts.append(context)
    return context


def make_app(
    *, graphiql: bool = True, max_body_bytes: int = 1_000_000, mount: bool = False, max_query_length: int | None = None
) -> Starlette:
    endpoint = GraphQLHTTPEndpoint(
        SCHEMA,
        context_getter=context_getter,
        graphiql_page=(lambda: GRAPHIQL) if graphiql else None,
        max_body_bytes=max_body_bytes,
        max_query_length=max_query_length,
    )
    route = (
        Mount("/graphql", app=endpoint)
        if mount
        else Route("/graphql", endpoint=endpoint, methods=["GET", "POST"])
    )
    return Starlette(routes=[route])


def client_for(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(make_app()) as c:
        yield c


async def post(
    client: httpx.AsyncClient, body: object, accept: str | None = "application/graphql-response+json"
) -> httpx.Response:
    headers = {"content-type": "application/json"}
    if accept is not None:
        headers["accept"] = accept
    return await client.post("/graphql", content=json.dumps(body), headers=headers)


def assert_bad_request(response: httpx.Response, status: int) -> str:
    assert response.status_code == status
    assert response.headers["content-type"] in (GQL, JSON)
    body = response.json()
    assert set(body) == {"errors"}
    [error] = body["errors"]
    assert error["extensions"] == {"code": "BAD_REQUEST"}
    assert "Traceback" not in response.text
    message: str = error["message"]
    return message


# --- happy path and negotiation --------------------------------------------------------------------------


async def test_post_query_with_argument(client: httpx.AsyncClient) -> None:
    r = await post(client, {"query": "query G($n: String!) { greet(name: $n) }", "variables": {"n": "Åsa"}})
    assert r.status_code == 200
    assert r.headers["content-type"] == GQL
    assert r.headers["vary"] == "Accept"
    assert r.json() == {"data": {"greet": "Hej Åsa"}}
    assert "Åsa".encode() in r.content  # raw UTF-8, not \u escapes


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),  # spec: no Accept means application/json
        ("*/*", JSON),
        ("application/*", JSON),
        ("application/json", JSON),
        ("application/graphql-response+json", GQL),
        ("application/json, application/graphql-response+json", GQL),  # both named: prefer the new type
        ("application/graphql-response+json;q=0.5, application/json", JSON),
        ("application/graphql-response+json, application/json;q=0.9", GQL),
        ("application/json;q=0.2, */*", GQL),  # */* gives the GraphQL type more weight than JSON
        ("application/json;q=0, */*", GQL),
        (BROWSER_ACCEPT, JSON),
    ],
)
async def test_accept_negotiation(client: httpx.AsyncClient, accept: str | None, expected: str) -> None:
    r = await post(client, {"query": '{ greet(name: "x") }'}, accept=accept)
    assert r.status_code == 200
    assert r.headers["content-type"] == expected
    assert r.headers["vary"] == "Accept"
    assert r.json() == {"data": {"greet": "Hej x"}}


@pytest.mark.parametrize(
    "accept",
    [
        "text/plain",
        "application/graphql-response+json;q=0, application/json;q=0",
        "application/xml",
        "text/*",
    ],
)
async def test_not_acceptable(client: httpx.AsyncClient, accept: str) -> None:
    r = await post(client, {"query": "{ __typename }"}, accept=accept)
    assert assert_bad_request(r, 406)
    assert r.headers["content-type"] == JSON
    assert r.headers["vary"] == "Accept"


async def test_get_query_with_url_params(client: httpx.AsyncClient) -> None:
    params = {
        "query": 'query A { greet(name: "a") } query B($n: String!) { greet(name: $n) }',
        "operationName": "B",
        "variables": json.dumps({"n": "b"}),
        "extensions": json.dumps({"some": "value"}),
    }
    r = await client.get("/graphql", params=params, headers=GQL_ACCEPT)
    assert r.status_code == 200
    assert r.headers["content-type"] == GQL
    assert r.json() == {"data": {"greet": "Hej b"}}


async def test_get_without_accept_answers_json(client: httpx.AsyncClient) -> None:
    r = await client.get("/graphql", params={"query": "{ __typename }"}, headers={"accept": ""})
    assert r.status_code == 200
    assert r.headers["content-type"] == JSON
    assert r.json() == {"data": {"__typename": "Query"}}


async def test_post_mutation(client: httpx.AsyncClient) -> None:
    r = await post(client, {"query": "mutation { bump(by: 2) }"})
    assert r.status_code == 200
    assert r.json() == {"data": {"bump": 3}}


async def test_get_mutation_is_405_allow_post(client: httpx.AsyncClient) -> None:
    r = await client.get("/graphql", params={"query": "mutation { bump }"}, headers=GQL_ACCEPT)
    assert r.status_code == 405
    assert r.headers["allow"] == "POST"
    assert r.headers["content-type"] == GQL
    assert r.json()["errors"][0]["extensions"] == {"code": "BAD_REQUEST"}
    assert "data" not in r.json()


async def test_get_named_mutation_in_mixed_document_is_405(client: httpx.AsyncClient) -> None:
    params = {"query": "query Q { __typename } mutation M { bump }", "operationName": "M"}
    r = await client.get("/graphql", params=params, headers=JSON_ACCEPT)
    assert r.status_code == 405
    assert r.headers["allow"] == "POST"


async def test_subscription_over_http_is_a_request_error(client: httpx.AsyncClient) -> None:
    r = await post(client, {"query": "subscription { ticks }"})
    assert r.status_code == 400
    assert r.headers["content-type"] == GQL
    assert r.json()["errors"][0]["extensions"]["code"] == "OPERATION_NOT_SUPPORTED"


async def test_other_methods_are_405_through_route(client: httpx.AsyncClient) -> None:
    r = await client.put("/graphql", content=b"{}")
    assert r.status_code == 405


async def test_other_methods_are_405_when_mounted() -> None:
    async with client_for(make_app(mount=True)) as c:
        # A Mount matches "/graphql/" (starlette redirects the bare path); the endpoint ignores the path.
        r = await c.delete("/graphql/", headers=GQL_ACCEPT)
        assert_bad_request(r, 405)
        assert r.headers["allow"] == "GET, POST"
        assert r.headers["content-type"] == GQL
        # ... and the mounted endpoint serves GraphQL like the routed one.
        ok = await c.post(
            "/graphql/",
            content=json.dumps({"query": '{ greet(name: "m") }'}),
            headers={"content-type": "application/json"},
        )
        assert ok.status_code == 200
        assert ok.json() == {"data": {"greet": "Hej m"}}


# --- malformed requests ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b'{ "not a JSON',
        b"[]",
        b'"query"',
        b"null",
        b"",
        b"   ",
        b'{"query": NaN}',
        b"\xff\xfe{}",
        b"[" * 100_000,
    ],
)
async def test_malformed_body_is_400(client: httpx.AsyncClient, body: bytes) -> None:
    r = await client.post(
        "/graphql", content=body, headers={"content-type": "application/json", **GQL_ACCEPT}
    )
    assert_bad_request(r, 400)
    assert r.headers["content-type"] == GQL


@pytest.mark.parametrize("depth", [101, 5_000, 100_000])
async def test_deeply_nested_json_is_refused_saying_the_limit(client: httpx.AsyncClient, depth: int) -> None:
    # Valid JSON, nested beyond the limit: not "invalid JSON", but refused saying what the limit is.
    variables = "[" * (depth - 2) + "]" * (depth - 2)
    body = b'{"query": "{ __typename }", "variables": {"v": ' + variables.encode() + b"}}"
    r = await client.post("/graphql", content=body, headers={"content-type": "application/json", **GQL_ACCEPT})
    assert_bad_request(r, 400)
    message = r.json()["errors"][0]["message"]
    assert "valid JSON nested more than 100 levels deep; at most 100 are accepted" in message


async def test_json_nested_up_to_the_limit_is_read(client: httpx.AsyncClient) -> None:
    body = b'{"query": "{ __typename }", "variables": {"v": ' + b"[" * 98 + b"]" * 98 + b"}}"
    r = await client.post("/graphql", content=body, headers={"content-type": "application/json", **GQL_ACCEPT})
    assert r.status_code == 200 and r.json()["data"] == {"__typename": "Query"}


@pytest.mark.parametrize(
    "body",
    [
        {"notquery": "{ __typename }"},
        {"query": None},
        {"query": ""},
        {"query": {"obj": "ect"}},
        {"query": 0},
        {"query": False},
        {"query": ["array"]},
        {"query": "{ __typename }", "variables": "string"},
        {"query": "{ __typename }", "variables": ["array"]},
        {"query": "{ __typename }", "variables": 0},
        {"query": "{ __typename }", "operationName": {"obj": "ect"}},
        {"query": "{ __typename }", "operationName": 1},
        {"query": "{ __typename }", "extensions": "string"},
        {"query": "{ __typename }", "extensions": False},
    ],
)
async def test_invalid_parameters_are_400(client: httpx.AsyncClient, body: dict[str, object]) -> None:
    r = await post(client, body, accept="application/json")
    assert_bad_request(r, 400)
    assert r.headers["content-type"] == JSON


async def test_null_optional_parameters_are_fine(client: httpx.AsyncClient) -> None:
    body = {"query": "{ __typename }", "variables": None, "operationName": None, "extensions": None}
    r = await post(client, body)
    assert r.status_code == 200
    assert r.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"query": "{ __typename }", "variables": "{nope"},
        {"query": "{ __typename }", "variables": "[1]"},
        {"query": "{ __typename }", "extensions": "1"},
        {"query": ["{ __typename }", "{ __typename }"]},
    ],
)
async def test_invalid_get_parameters_are_400(client: httpx.AsyncClient, params: dict[str, Any]) -> None:
    r = await client.get("/graphql", params=params, headers=GQL_ACCEPT)
    assert_bad_request(r, 400)
    assert r.headers["content-type"] == GQL


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain;charset=UTF-8",
        "application/graphql",
        "application/json; charset=latin-1",
        "multipart/form-data",
    ],
)
async def test_unsupported_content_type_is_415(client: httpx.AsyncClient, content_type: str | None) -> None:
    headers = dict(GQL_ACCEPT)
    if content_type is not None:
        headers["content-type"] = content_type
    r = await client.post("/graphql", content=json.dumps({"query": "{ __typename }"}), headers=headers)
    assert_bad_request(r, 415)


async def test_utf8_charset_is_accepted(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/graphql",
        content=json.dumps({"query": '{ greet(name: "Run🏃Swim🏊") }'}, ensure_ascii=False).encode(),
        headers={"content-type": "application/json; charset=UTF-8", **GQL_ACCEPT},
    )
    assert r.status_code == 200
    assert r.json() == {"data": {"greet": "Hej Run🏃Swim🏊"}}


async def test_body_too_large_is_413() -> None:
    body = json.dumps({"query": "{ __typename }", "extensions": {"pad": "x" * 200}}).encode()
    async with client_for(make_app(max_body_bytes=100)) as c:
        r = await c.post("/graphql", content=body, headers={"content-type": "application/json"})
        assert_bad_request(r, 413)

        async def chunks() -> AsyncIterator[bytes]:  # chunked: no Content-Length to go by
            for i in range(0, len(body), 10):
                yield body[i : i + 10]

        r = await c.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
        assert "content-length" not in r.request.headers
        assert_bad_request(r, 413)

        small = await post(c, {"query": "{ __typename }"})
        assert small.status_code == 200


@pytest.mark.parametrize(("method", "accept", "status"), [
    ("POST", "application/graphql-response+json", 400), ("POST", "application/json", 200),
    ("GET", "application/graphql-response+json", 400),
])
async def test_too_long_document_is_a_request_error(method: str, accept: str, status: int) -> None:
    query = '{ greet(name: "' + "x" * 100 + '") }'
    async with client_for(make_app(max_query_length=100)) as c:
        if method == "GET":
            r = await c.get("/graphql", params={"query": query}, headers={"accept": accept})
        else:
            r = await post(c, {"query": query}, accept=accept)
        assert r.status_code == status
        body = r.json()
        assert "data" not in body
        assert body["errors"][0]["extensions"] == {"code": "GRAPHQL_PARSE_FAILED", "limit": "max_query_length"}
        assert f"{len(query)} characters" in body["errors"][0]["message"]
        within = await post(c, {"query": '{ greet(name: "x") }'}, accept=accept)
        assert within.status_code == 200 and within.json() == {"data": {"greet": "Hej x"}}


async def test_declared_oversize_body_is_refused_unread() -> None:
    body = json.dumps({"query": "{ __typename }", "extensions": {"pad": "x" * 200}}).encode()
    pulled: list[bytes] = []

    async def chunks() -> AsyncIterator[bytes]:
        pulled.append(body)
        yield body

    async with client_for(make_app(max_body_bytes=100)) as c:
        headers = {"content-type": "application/json", "content-length": str(len(body))}
        r = await c.post("/graphql", content=chunks(), headers=headers)
        assert_bad_request(r, 413)
        assert pulled == []  # Content-Length alone decided: the body was never read


async def test_invalid_content_length_is_400(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ __typename }"}'

    headers = {"content-type": "application/json", "content-length": "lots"}
    r = await client.post("/graphql", content=chunks(), headers=headers)
    assert_bad_request(r, 400)


async def test_lone_surrogate_never_500s(client: httpx.AsyncClient) -> None:
    # JSON may escape a lone surrogate, UTF-8 cannot carry one: echoing it back must not crash.
    body = b'{"query": "query G($n: String!) { greet(name: $n) }", "variables": {"n": "\\ud800"}}'
    r = await client.post(
        "/graphql", content=body, headers={"content-type": "application/json", **GQL_ACCEPT}
    )
    assert r.status_code == 200
    assert r.json() == {"data": {"greet": "Hej \ud800"}}

    in_query = b'{"query": "{ greet(name: \\"\\ud800\\") }"}'
    r = await client.post(
        "/graphql", content=in_query, headers={"content-type": "application/json", **GQL_ACCEPT}
    )
    assert r.status_code == 400
    assert r.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


# --- GraphQL request errors vs execution errors ----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"query": "{"}, "GRAPHQL_PARSE_FAILED"),
        ({"query": "{ 8f31403dfe404bccbb0e835f2629c6a7 }"}, "GRAPHQL_PARSE_FAILED"),
        ({"query": "{ nope }"}, "GRAPHQL_VALIDATION_FAILED"),
        ({"query": "{ greet }"}, "GRAPHQL_VALIDATION_FAILED"),
        ({"query": "query G($n: String!) { greet(name: $n) }"}, "BAD_USER_INPUT"),
        ({"query": "query G($n: String!) { greet(name: $n) }", "variables": {"n": 3}}, "BAD_USER_INPUT"),
        ({"query": "query A { __typename }", "operationName": "B"}, "OPERATION_NOT_FOUND"),
        ({"query": "fragment F on Query { __typename }"}, "OPERATION_NOT_FOUND"),
    ],
)
async def test_request_errors(client: httpx.AsyncClient, body: dict[str, object], code: str) -> None:
    r = await post(client, body)
    assert r.status_code == 400
    assert r.headers["content-type"] == GQL
    payload = r.json()
    assert "data" not in payload
    assert payload["errors"]
    assert all(e["extensions"]["code"] == code for e in payload["errors"])

    legacy = await post(client, body, accept="application/json")
    assert legacy.status_code == 200  # application/json: 200 for every well-formed request
    assert legacy.headers["content-type"] == JSON
    assert legacy.json() == payload


async def test_request_error_keeps_its_own_code(client: httpx.AsyncClient) -> None:
    r = await post(client, {"query": "{ __schema { queryType { name } } }"})
    assert r.status_code == 400
    [error] = r.json()["errors"]
    assert error["extensions"] == {"code": "NO_SCHEMA"}


async def test_field_error_keeps_data_and_is_200(client: httpx.AsyncClient) -> None:
    r = await post(client, {"query": '{ greet(name: "a") boom }'})
    assert r.status_code == 200
    assert r.headers["content-type"] == GQL
    payload = r.json()
    assert payload["data"] == {"greet": "Hej a", "boom": None}
    [error] = payload["errors"]
    assert error["message"] == "resolver exploded"
    assert error["path"] == ["boom"]
    assert "extensions" not in error  # execution errors pass through unchanged


async def test_error_extensions_pass_through_unchanged(client: httpx.AsyncClient) -> None:
    r = await post(client, {"query": "{ missing }"})
    assert r.status_code == 200
    [error] = r.json()["errors"]
    assert error == {
        "message": "no such table",
        "locations": [{"line": 1, "column": 3}],
        "path": ["missing"],
        "extensions": {"code": "NOT_FOUND", "source": "scb"},
    }


async def test_null_data_from_execution_is_still_200(client: httpx.AsyncClient) -> None:
    # A non-null root field failing nulls all of data: it executed, so `data` is present and status 200.
    r = await post(client, {"query": "{ must }"})
    assert r.status_code == 200
    payload = r.json()
    assert "data" in payload
    assert payload["data"] is None
    assert payload["errors"][0]["path"] == ["must"]


# --- GraphiQL --------------------------------------------------------------------------------------------


async def test_browser_get_without_query_serves_graphiql(client: httpx.AsyncClient) -> None:
    r = await client.get("/graphql", headers={"accept": BROWSER_ACCEPT})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.text == GRAPHIQL


async def test_browser_get_with_query_executes(client: httpx.AsyncClient) -> None:
    r = await client.get("/graphql", params={"query": "{ __typename }"}, headers={"accept": BROWSER_ACCEPT})
    assert r.status_code == 200
    assert r.headers["content-type"] == JSON
    assert r.json() == {"data": {"__typename": "Query"}}


async def test_json_get_without_query_is_400_even_with_graphiql(client: httpx.AsyncClient) -> None:
    r = await client.get("/graphql", headers={"accept": "application/json, text/html;q=0.5"})
    assert_bad_request(r, 400)


@pytest.mark.parametrize("accept", [BROWSER_ACCEPT, "text/html"])
async def test_browser_get_without_graphiql_is_400(accept: str) -> None:
    async with client_for(make_app(graphiql=False)) as c:
        r = await c.get("/graphql", headers={"accept": accept})
        assert_bad_request(r, 400)
        assert r.headers["content-type"] == JSON
        # A well-formed query with that Accept is one we cannot answer in any acceptable type.
        r = await c.get("/graphql", params={"query": "{ __typename }"}, headers={"accept": "text/html"})
        assert_bad_request(r, 406)


# --- context and failures --------------------------------------------------------------------------------


async def test_context_getter_sees_request_and_body(client: httpx.AsyncClient) -> None:
    seen_contexts.clear()
    body = json.dumps({"query": "{ __typename }"}).encode()
    r = await client.post(
        "/graphql", content=body, headers={"content-type": "application/json", "x-read-body": "1"}
    )
    assert r.status_code == 200
    [context] = seen_contexts
    assert isinstance(context["request"], Request)
    assert context["body"] == body


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        ({"query": "query Explode { __typename }"}, {}),
        ({"query": "{ __typename }"}, {"x-fail": "crash"}),
    ],
)
async def test_unexpected_failure_is_generic_500(
    client: httpx.AsyncClient,
    caplog: pytest.LogCaptureFixture,
    body: dict[str, object],
    headers: dict[str, str],
) -> None:
    caplog.set_level(logging.ERROR, logger="kllgraph_gateway.http")
    r = await client.post(
        "/graphql",
        content=json.dumps(body),
        headers={"content-type": "application/json", **GQL_ACCEPT, **headers},
    )
    assert r.status_code == 500
    assert r.headers["content-type"] == GQL
    assert r.json() == {
        "errors": [{"message": "Internal server error.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]
    }
    assert "exploded" not in r.text
    [record] = [rec for rec in caplog.records if rec.name == "kllgraph_gateway.http"]
    assert record.exc_info is not None


async def test_http_exception_from_context_getter_reaches_the_app(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/graphql",
        content=json.dumps({"query": "{ __typename }"}),
        headers={"content-type": "application/json", "x-fail": "http"},
    )
    assert r.status_code == 401


async def test_websocket_is_refused() -> None:
    endpoint = GraphQLHTTPEndpoint(SCHEMA, context_getter=context_getter)
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "websocket.connect"}

    async def send(message: Message) -> None:
        sent.append(message)

    await endpoint({"type": "websocket", "path": "/graphql", "headers": []}, receive, send)
    assert sent == [{"type": "websocket.close", "code": 1000}]
