"""GraphQL over HTTP: the ASGI endpoint that serves ``/graphql``.

Follows the GraphQL-over-HTTP draft (https://graphql.github.io/graphql-over-http/draft/):

* ``POST`` with an ``application/json`` body, ``GET`` with URL parameters (queries only; a mutation via
  ``GET`` is ``405`` with ``Allow: POST``).
* The response media type is negotiated from ``Accept``: ``application/graphql-response+json`` when the
  client names it (preferred on ties), ``application/json`` when the client asks only for that, sends
  ``*/*`` or no ``Accept`` at all (the spec's legacy default), ``406`` when neither is acceptable.
* Malformed HTTP requests are ``4xx`` with ``extensions.code = BAD_REQUEST``. GraphQL *request errors*
  (parse, validation, unknown operation, variable coercion) have no ``data`` entry and are ``400`` with
  ``application/graphql-response+json`` but ``200`` with ``application/json``; a response with ``data``
  is always ``200``.

    Request error                     extensions.code (unless the error already has one)
    ├── document does not parse       GRAPHQL_PARSE_FAILED   (also: longer than ``max_query_length``, not parsed)
    ├── document fails validation     GRAPHQL_VALIDATION_FAILED
    ├── operationName not found       OPERATION_NOT_FOUND
    └── variables fail coercion       BAD_USER_INPUT

Caching (``_answers``): an error-free answer is stored whole and a repeated request is answered with its bytes,
before any parsing; such an answer says ``extensions.kllgraph.responseCache: "hit"`` (an executed answer is
unchanged, so it reads exactly as without the cache). GET answers that are cached carry ``Cache-Control: public,
max-age=<seconds left>`` and a weak ``ETag``, and a GET whose ``If-None-Match`` matches is answered ``304``
without a body; other GET answers carry ``Cache-Control: no-store``. POST answers carry the ETag only. Public,
because nothing in an answer depends on who asks: the gateway has no users, its upstream credentials are its own,
and the key holds everything else the answer depends on.

Automatic persisted queries (Apollo's APQ protocol): ``extensions.persistedQuery = {version: 1, sha256Hash}`` with
a query registers it (the hash must be the sha256 of the query's UTF-8 text, else BAD_REQUEST); with the hash alone
the registered query runs, and an unknown hash is answered ``PersistedQueryNotFound`` with code
``PERSISTED_QUERY_NOT_FOUND``, HTTP 200 and ``Cache-Control: private, no-cache, must-revalidate`` whatever the
media type, as Apollo Server 4 answers, so that Apollo clients send the query next. GET works too, so a frontend
can send hashes in URLs.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from typing import Final

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError, get_operation_ast, parse
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from ._answers import AnswerCache, CachedAnswer, PersistedQueries, query_sha256
from ._http_request import (
    APPLICATION_JSON,
    GRAPHQL_RESPONSE_JSON,
    BadRequest,
    GraphQLParams,
    JSONObject,
    check_content_type,
    loads_json,
    negotiate,
    params_from_mapping,
    params_from_url,
    prefers_html,
    read_body,
    replaying_receive,
)
from ._personal import PERSONAL_TEXT_FIELDS, names_personal_field
from ._resilience import RequestBudget

__all__ = ["GraphQLHTTPEndpoint"]

logger = logging.getLogger("kllgraph_gateway.http")

_GET_OPERATIONS: Final = frozenset({OperationType.QUERY})
_POST_OPERATIONS: Final = frozenset({OperationType.QUERY, OperationType.MUTATION})


# --- responses -------------------------------------------------------------------------------------------


def _dump(payload: JSONObject) -> bytes:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates (from a `\ud800` escape in the request) cannot be UTF-8; escape everything.
        return json.dumps(payload, separators=(",", ":"), allow_nan=False).encode("ascii")


def _json_response(
    payload: JSONObject, *, status: int, media_type: str, headers: Mapping[str, str] | None = None
) -> Response:
    all_headers = {"Vary": "Accept", **(headers or {})}
    return Response(
        _dump(payload), status_code=status, headers=all_headers, media_type=f"{media_type}; charset=utf-8"
    )


def _marked_hit(payload: JSONObject) -> JSONObject:
    """The payload as stored for hits, with `extensions.kllgraph.responseCache = "hit"` (a copy)."""
    extensions = dict(payload.get("extensions") or {})
    extensions["kllgraph"] = {**(extensions.get("kllgraph") or {}), "responseCache": "hit"}
    return {**payload, "extensions": extensions}


def _etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 13.1.2: `*` or any listed tag, compared weakly (the W/ prefix ignored)."""
    if if_none_match is None:
        return False
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in if_none_match.split(","))


def _error_payload(message: str, code: str) -> JSONObject:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


def _with_code(error: GraphQLError, code: str) -> JSONObject:
    formatted = dict(error.formatted)
    extensions = dict(error.extensions or {})
    extensions.setdefault("code", code)
    formatted["extensions"] = extensions
    return formatted


class _UnexpectedError(Exception):
    """Execution blew up outside any resolver (e.g. in a schema extension hook)."""


def _request_error_code(error: GraphQLError) -> str:
    return "GRAPHQL_PARSE_FAILED" if isinstance(error, GraphQLSyntaxError) else "GRAPHQL_VALIDATION_FAILED"


def _is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


def _build_execution_error_code(query: str, operation_name: str | None) -> str:
    # Only reached on the error path, so parsing again is cheap enough and keeps the happy path single-pass.
    document = parse(query)
    return "OPERATION_NOT_FOUND" if get_operation_ast(document, operation_name) is None else "BAD_USER_INPUT"


def _pre_execution_errors(errors: list[GraphQLError]) -> JSONObject:
    """Strawberry returns PreExecutionError for parse/validation failures and for exceptions it caught around the
    execution (extension hooks); the latter are bugs, not the client's fault."""
    if any(_is_unexpected(e) for e in errors):
        first = next(e for e in errors if _is_unexpected(e))
        raise _UnexpectedError(str(first)) from first.original_error
    return {"errors": [_with_code(e, _request_error_code(e)) for e in errors]}


def _result_payload(result: ExecutionResult, query: str, params: GraphQLParams) -> tuple[JSONObject, bool]:
    """Shape the execution result; the flag says whether it is a request error (no ``data`` entry)."""
    errors = result.errors or []
    payload: JSONObject
    if isinstance(result, PreExecutionError):
        payload = _pre_execution_errors(errors)
        is_request_error = True
    elif result.data is None and errors and all(e.path is None for e in errors):
        # graphql-core returns data=None without a path only when it could not start executing
        # (operation selection, variable coercion); every field error carries a path.
        code = _build_execution_error_code(query, params.operation_name)
        payload = {"errors": [_with_code(e, code) for e in errors]}
        is_request_error = True
    else:
        payload = {}
        if errors:
            payload["errors"] = [e.formatted for e in errors]
        payload["data"] = result.data
        is_request_error = False
    if result.extensions:
        payload["extensions"] = result.extensions
    return payload, is_request_error


class GraphQLHTTPEndpoint:
    """ASGI endpoint for GraphQL over HTTP; mount it as a Starlette ``Route`` or ``Mount``."""

    def __init__(
        self,
        schema: strawberry.Schema,
        *,
        context_getter: Callable[[Request], Awaitable[object]],
        graphiql_page: Callable[[], str] | None = None,
        max_body_bytes: int = 1_000_000,
        max_query_length: int | None = None,
        on_rejected: Callable[[str], None] | None = None,
        answers: AnswerCache | None = None,
        persisted_queries: PersistedQueries | None = None,
        on_response_cache: Callable[[str], None] | None = None,
    ) -> None:
        self.schema = schema
        self.context_getter = context_getter
        self.graphiql_page = graphiql_page
        self.max_body_bytes = max_body_bytes
        self.max_query_length = max_query_length
        # Told why a request was refused before execution (for metrics): the limit's name, or the error code.
        self.on_rejected = on_rejected or (lambda reason: None)
        # The whole-response cache (None: off) and the APQ registry (None: persisted queries not supported).
        self.answers = answers
        self.persisted_queries = persisted_queries
        # Told "hit", "miss" or "bypass" per executed-or-served answer while the whole-response cache is on.
        self.on_response_cache = on_response_cache or (lambda result: None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            # Subscriptions over WebSocket are not offered; refuse the handshake.
            await send({"type": "websocket.close", "code": 1000})
            return
        if scope["type"] != "http":
            return
        response = await self._respond(Request(scope, receive))
        await response(scope, receive, send)

    async def _respond(self, request: Request) -> Response:
        accept = request.headers.get("accept")
        media_type, json_match = negotiate(accept)
        # Errors that precede negotiation still need a body a JSON client can read.
        fallback = media_type or APPLICATION_JSON
        try:
            if request.method not in ("GET", "POST"):
                raise BadRequest(
                    f"Method {request.method} is not allowed; use GET or POST.",
                    status=405,
                    headers={"Allow": "GET, POST"},
                )
            if (
                request.method == "GET"
                and self.graphiql_page is not None
                and "query" not in request.query_params
                and prefers_html(accept, json_match)
            ):
                return HTMLResponse(self.graphiql_page(), headers={"Vary": "Accept"})
            body, body_sha256, stored = await self._read_body(request, media_type)
            if stored is not None:
                return stored
            params, allowed, request = self._read_request(request, body, body_sha256)
            # After parsing, so a malformed request is reported as such whatever it accepts.
            if media_type is None:
                raise BadRequest(
                    f"Nothing in Accept can be served; use {GRAPHQL_RESPONSE_JSON} or {APPLICATION_JSON}.",
                    status=406,
                )
            resolved = await self._complete(request, params, media_type)
            if isinstance(resolved, Response):
                return resolved
            params = resolved
        except BadRequest as exc:
            self.on_rejected("body_too_large" if exc.status == 413 else "BAD_REQUEST")
            return _json_response(
                _error_payload(exc.message, "BAD_REQUEST"),
                status=exc.status,
                media_type=fallback,
                headers=exc.headers,
            )
        try:
            return await self._execute(request, params, allowed, media_type)
        except HTTPException:
            raise  # deliberate HTTP answers (e.g. from the context getter) belong to the app's handlers
        except Exception:
            logger.exception("GraphQL request failed unexpectedly")
            return _json_response(
                _error_payload("Internal server error.", "INTERNAL_SERVER_ERROR"),
                status=500,
                media_type=media_type,
            )

    async def _read_body(self, request: Request, media_type: str | None,
                         ) -> tuple[bytes | None, str | None, Response | None]:
        """A POST's body (None for a GET); with the response cache on, its sha256 and, when this body was seen before
        and its answer is stored, that answer: the stored bytes, without parsing the body again."""
        if request.method != "POST":
            return None, None, None
        check_content_type(request.headers.get("content-type"))
        body = await read_body(request, self.max_body_bytes)
        if self.answers is None:
            return body, None, None
        body_sha256 = hashlib.sha256(body).hexdigest()
        key = self.answers.key_of_body(body_sha256)
        stored = await self.answers.get(key) if key is not None and media_type is not None else None
        if stored is None or media_type is None:
            return body, body_sha256, None
        self.on_response_cache("hit")
        return body, body_sha256, self._cached_response(request, stored, media_type, body=stored.body)

    @staticmethod
    def _read_request(request: Request, body: bytes | None, body_sha256: str | None,
                      ) -> tuple[GraphQLParams, frozenset[OperationType], Request]:
        """The GraphQL parameters of a GET (URL) or POST (its JSON `body`; the request is rebuilt to replay it)."""
        if request.method == "GET" or body is None:
            return params_from_url(request), _GET_OPERATIONS, request
        if not body.strip():
            raise BadRequest("The request body is empty.")
        raw = loads_json(body, "The request body")
        if not isinstance(raw, dict):
            raise BadRequest("The request body must be a JSON object.")
        replayed = Request(request.scope, replaying_receive(body, request.receive))
        params = params_from_mapping(raw)
        if body_sha256 is not None and params.query_hash is None:  # remembered with its key (see `_read_body`)
            params = replace(params, body_sha256=body_sha256)
        return params, _POST_OPERATIONS, replayed

    async def _complete(self, request: Request, params: GraphQLParams, media_type: str) -> GraphQLParams | Response:
        """The request's document (from the APQ registry when only its hash came), refused over GET when it names a
        person's text (`_personal`: a URL lands in access logs and browser history)."""
        if params.query_hash is not None:
            resolved = await self._resolve_persisted(params, media_type)
            if isinstance(resolved, Response):
                return resolved
            params = resolved
        if request.method == "GET" and names_personal_field(params.query):
            raise BadRequest(f"{' and '.join(sorted(PERSONAL_TEXT_FIELDS))} takes a person's text: send it with "
                             "POST, never in a URL (a URL lands in access logs and browser history).",
                             status=405, headers={"Allow": "POST"})
        return params

    async def _resolve_persisted(self, params: GraphQLParams, media_type: str) -> GraphQLParams | Response:
        """APQ: the registered query for a hash alone; a query sent with its hash is checked against it."""
        if self.persisted_queries is None:
            return self._persisted_error("PersistedQueryNotSupported", "PERSISTED_QUERY_NOT_SUPPORTED", media_type)
        query_hash = params.query_hash or ""
        if params.query is None:
            query = await self.persisted_queries.get(query_hash)
            if query is None:
                return self._persisted_error("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND", media_type)
            return replace(params, query=query, from_registry=True)
        if query_sha256(params.query) != query_hash:
            raise BadRequest("provided sha does not match query")  # Apollo Server's words, which clients know
        return params  # registered once it has run without a request error

    async def _register(self, params: GraphQLParams, query: str) -> None:
        """APQ: a query sent with its (checked) hash is registered once it is known to be a valid document."""
        if params.query_hash is not None and not params.from_registry and self.persisted_queries is not None:
            await self.persisted_queries.register(params.query_hash, query)

    def _persisted_error(self, message: str, code: str, media_type: str) -> Response:
        self.on_rejected(code)
        # Apollo Server 4's answer: 200 (so no client error handling masks it) and never cached, since the client
        # is about to register the query and send the same request again.
        return _json_response(_error_payload(message, code), status=200, media_type=media_type,
                              headers={"Cache-Control": "private, no-cache, must-revalidate"})

    async def _execute(
        self,
        request: Request,
        params: GraphQLParams,
        allowed: frozenset[OperationType],
        media_type: str,
    ) -> Response:
        query = params.query
        if query is None:  # resolved by _resolve_persisted before; kept for the type checker
            raise _UnexpectedError("persisted query not resolved")
        if self.max_query_length is not None and len(query) > self.max_query_length:
            # Refused unread: even a syntax error's line/column would cost a pass over the whole text.
            error = GraphQLError(
                f"The document is {len(query)} characters long; at most {self.max_query_length} are parsed.",
                extensions={"code": "GRAPHQL_PARSE_FAILED", "limit": "max_query_length"},
            )
            return self._request_error([_with_code(error, "GRAPHQL_PARSE_FAILED")], media_type)
        # A document naming a person's text gets no key: its answer is never looked up, stored or registered.
        personal = names_personal_field(query)
        key, stored = (None, None) if personal else await self._stored_answer(request, params, query, media_type)
        if stored is not None:
            return stored
        context = await self.context_getter(request)
        try:
            result = await self.schema.execute(
                query,
                variable_values=params.variables,
                context_value=context,
                operation_name=params.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=params.extensions,
            )
        except InvalidOperationTypeError as exc:
            if exc.operation_type is OperationType.MUTATION:  # only refused on GET
                return _json_response(
                    _error_payload("Mutations need POST.", "BAD_REQUEST"),
                    status=405,
                    media_type=media_type,
                    headers={"Allow": "POST"},
                )
            error = GraphQLError(f"{exc.operation_type.value.capitalize()}s are not supported over HTTP.")
            return self._request_error([_with_code(error, "OPERATION_NOT_SUPPORTED")], media_type)
        except CannotGetOperationTypeError as exc:
            message = (
                f'Unknown operation named "{exc.operation_name}".'
                if exc.operation_name is not None
                else "The document contains no operation."
            )
            return self._request_error([_with_code(GraphQLError(message), "OPERATION_NOT_FOUND")], media_type)
        except MissingQueryError:
            # Unreachable after our own checks, but strawberry's contract allows it: still the client's fault.
            return _json_response(
                _error_payload("The request has no query.", "BAD_REQUEST"), status=400, media_type=media_type
            )
        payload, is_request_error = _result_payload(result, query, params)
        if is_request_error:
            self._rejected(payload.get("errors"))
            status = 400 if media_type == GRAPHQL_RESPONSE_JSON else 200
            return _json_response(payload, status=status, media_type=media_type)
        if personal:
            return self._personal_answer(payload, media_type)
        await self._register(params, query)
        if self.answers is None:
            return _json_response(payload, status=200, media_type=media_type)
        return await self._store_answer(request, payload, key, getattr(context, "budget", None), media_type)

    def _personal_answer(self, payload: JSONObject, media_type: str) -> Response:
        """An answer about a person's text: nobody may keep it, not this gateway, a browser, a proxy or the SDK."""
        if self.answers is not None:
            self.on_response_cache("bypass")
        return _json_response(payload, status=200, media_type=media_type, headers={"Cache-Control": "no-store"})

    async def _stored_answer(self, request: Request, params: GraphQLParams, query: str, media_type: str,
                             ) -> tuple[str | None, Response | None]:
        """The request's whole-answer cache key, and its stored answer when there is one."""
        if self.answers is None:
            return None, None
        key = self.answers.key(query, params.operation_name, params.variables, text_sha256=params.query_hash,
                               body_sha256=params.body_sha256)
        cached = await self.answers.get(key) if key is not None else None
        if cached is None:
            return key, None
        # The point of the cache: no parse, no validation, no execution; the stored bytes as they are.
        await self._register(params, query)  # stored answers come from valid documents only
        self.on_response_cache("hit")
        return key, self._cached_response(request, cached, media_type, body=cached.body)

    async def _store_answer(
        self, request: Request, payload: JSONObject, key: str | None, budget: object, media_type: str
    ) -> Response:
        """Store an answer that may be reused and answer with its cache headers; others go out as they are."""
        answers, ttl = self.answers, 0.0
        # Mutations need no check: the schema has none, so a mutation never validates and never gets here. Answers
        # that used no upstream are cheap or report the gateway's own state (see _answers): not stored.
        if (answers is not None and key is not None and "errors" not in payload and isinstance(budget, RequestBudget)
                and not budget.stale and budget.sources_touched):
            ttl = answers.ttl(budget.fresh_for)
        if answers is None or key is None or ttl <= 0:
            self.on_response_cache("bypass")
            headers = {"Cache-Control": "no-store"} if request.method == "GET" else None
            return _json_response(payload, status=200, media_type=media_type, headers=headers)
        self.on_response_cache("miss")
        stored = await answers.put(key, _dump(_marked_hit(payload)), ttl)
        return self._cached_response(request, stored, media_type, body=_dump(payload))

    def _cached_response(self, request: Request, answer: CachedAnswer, media_type: str, *, body: bytes) -> Response:
        etag = answer.etag(media_type)
        headers = {"Vary": "Accept", "ETag": etag}
        if request.method == "GET":
            headers["Cache-Control"] = f"public, max-age={answer.max_age()}"
            if _etag_matches(request.headers.get("if-none-match"), etag):
                return Response(status_code=304, headers=headers)
        return Response(body, status_code=200, headers=headers, media_type=f"{media_type}; charset=utf-8")

    def _rejected(self, errors: object) -> None:
        first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else {}
        extensions = first.get("extensions")
        if not isinstance(extensions, dict):
            extensions = {}
        self.on_rejected(str(extensions.get("limit") or extensions.get("code") or "unknown"))

    def _request_error(self, errors: list[JSONObject], media_type: str) -> Response:
        self._rejected(errors)
        # application/json answers 200 to every well-formed request; graphql-response+json uses 400.
        status = 400 if media_type == GRAPHQL_RESPONSE_JSON else 200
        return _json_response({"errors": errors}, status=status, media_type=media_type)
