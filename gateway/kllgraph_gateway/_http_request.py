"""GraphQL over HTTP, the request side: content negotiation from ``Accept`` and reading the GraphQL parameters
from a ``GET`` URL or a ``POST`` JSON body (see ``_http`` for the whole protocol and the endpoint)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from starlette.requests import Request
from starlette.types import Message, Receive

__all__ = [
    "APPLICATION_JSON",
    "GRAPHQL_RESPONSE_JSON",
    "BadRequest",
    "GraphQLParams",
    "JSONObject",
    "check_content_type",
    "loads_json",
    "negotiate",
    "params_from_mapping",
    "params_from_url",
    "persisted_hash",
    "prefers_html",
    "read_body",
    "replaying_receive",
]

GRAPHQL_RESPONSE_JSON: Final = "application/graphql-response+json"
APPLICATION_JSON: Final = "application/json"

JSONObject = dict[str, Any]


class BadRequest(Exception):
    """A malformed HTTP request: answered with ``status`` and a BAD_REQUEST error, never executed."""

    def __init__(self, message: str, *, status: int = 400, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.headers = dict(headers or {})


@dataclass(frozen=True, slots=True)
class GraphQLParams:
    query: str | None  # None only when an APQ hash stands in for it (resolved before execution)
    variables: JSONObject | None
    operation_name: str | None
    extensions: JSONObject | None
    query_hash: str | None = None  # extensions.persistedQuery.sha256Hash, lower-case hex
    from_registry: bool = False  # the query was looked up by its hash (else, with a hash, it is to be registered)
    body_sha256: str | None = None  # of the POST body it was read from (the response cache's shortcut, `_answers`)


_SHA256_HEX: Final = re.compile(r"[0-9a-fA-F]{64}")


def persisted_hash(extensions: JSONObject | None) -> str | None:
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, dict):
        raise BadRequest("extensions.persistedQuery must be an object.")
    if persisted.get("version") != 1:
        raise BadRequest("Unsupported persisted query version; only version 1 is supported.")
    sha256 = persisted.get("sha256Hash")
    if not isinstance(sha256, str) or not _SHA256_HEX.fullmatch(sha256):
        raise BadRequest("extensions.persistedQuery.sha256Hash must be a SHA-256 digest in hex.")
    return sha256.lower()


# --- content negotiation ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _MediaRange:
    type: str
    subtype: str
    q: float


@dataclass(frozen=True, slots=True)
class _Match:
    q: float
    specificity: int  # 2: type/subtype named, 1: type/*, 0: */*, -1: not accepted at all


def _parse_accept(header: str) -> list[_MediaRange]:
    ranges: list[_MediaRange] = []
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        type_, sep, subtype = media.lower().partition("/")
        if not sep or not type_ or not subtype:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0  # an unreadable weight is not consent
        if not math.isfinite(q):
            q = 0.0
        ranges.append(_MediaRange(type_, subtype, min(max(q, 0.0), 1.0)))
    return ranges


def _match(ranges: list[_MediaRange], type_: str, subtype: str) -> _Match:
    # RFC 9110 12.5.1: the most specific range that matches decides the weight.
    best = _Match(0.0, -1)
    for r in ranges:
        if r.type == type_ and r.subtype == subtype:
            specificity = 2
        elif r.type == type_ and r.subtype == "*":
            specificity = 1
        elif r.type == "*" and r.subtype == "*":
            specificity = 0
        else:
            continue
        if specificity > best.specificity or (specificity == best.specificity and r.q > best.q):
            best = _Match(r.q, specificity)
    return best


def negotiate(accept: str | None) -> tuple[str | None, _Match]:
    """Pick the response media type; ``None`` means 406. Also returns how strongly it was accepted."""
    if accept is None or not accept.strip():
        # The spec's legacy rule (until clients migrate): no Accept means application/json.
        return APPLICATION_JSON, _Match(1.0, 0)
    ranges = _parse_accept(accept)
    gr = _match(ranges, "application", "graphql-response+json")
    js = _match(ranges, "application", "json")
    if gr.q <= 0 and js.q <= 0:
        return None, _Match(0.0, -1)
    if gr.q != js.q:
        return (GRAPHQL_RESPONSE_JSON, gr) if gr.q > js.q else (APPLICATION_JSON, js)
    if gr.specificity != js.specificity:
        return (GRAPHQL_RESPONSE_JSON, gr) if gr.specificity > js.specificity else (APPLICATION_JSON, js)
    # Both named: the spec's preferred type. Both via wildcards only (`*/*`): legacy clients expect JSON.
    return (GRAPHQL_RESPONSE_JSON, gr) if gr.specificity == 2 else (APPLICATION_JSON, js)


def prefers_html(accept: str | None, json_match: _Match) -> bool:
    if accept is None:
        return False
    html = _match(_parse_accept(accept), "text", "html")
    # Browsers name text/html and reach JSON only through */*; API clients name JSON.
    return html.specificity == 2 and html.q > 0 and html.q >= json_match.q


# --- request parsing -------------------------------------------------------------------------------------


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not valid JSON")


# The deepest JSON nesting a request may send (arrays and objects; a GraphQL request's own envelope is 2 levels).
# Python's parser recurses per level and stops somewhere below 1,000 depending on the stack; a fixed, lower limit
# makes the refusal the same everywhere, and says what it is.
MAX_JSON_DEPTH: Final = 100


def loads_json(text: str | bytes, what: str) -> object:
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")  # the spec: assume utf-8 when the charset is not given
        value = json.loads(text, parse_constant=_reject_constant)
    except UnicodeDecodeError as exc:
        raise BadRequest(f"{what} is not valid UTF-8.") from exc
    except RecursionError:
        raise BadRequest(_too_deep(what)) from None
    except ValueError as exc:
        raise BadRequest(f"{what} is not valid JSON.") from exc
    if isinstance(value, dict | list) and _nested_deeper_than(value, MAX_JSON_DEPTH):
        raise BadRequest(_too_deep(what))
    return value


def _too_deep(what: str) -> str:
    return f"{what} is valid JSON nested more than {MAX_JSON_DEPTH} levels deep; at most {MAX_JSON_DEPTH} are accepted."


def _nested_deeper_than(value: dict[str, Any] | list[Any], limit: int) -> bool:
    """Whether arrays and objects nest more than `limit` levels; iterative, visiting each container once."""
    pending: list[tuple[dict[str, Any] | list[Any], int]] = [(value, 1)]
    while pending:
        container, depth = pending.pop()
        if depth > limit:
            return True
        for item in container.values() if isinstance(container, dict) else container:
            if isinstance(item, dict | list):
                pending.append((item, depth + 1))
    return False


def params_from_mapping(raw: Mapping[str, object]) -> GraphQLParams:
    extensions = raw.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise BadRequest("The 'extensions' parameter must be an object or null.")
    query_hash = persisted_hash(extensions)
    query = raw.get("query")
    if query is None and query_hash is None:
        raise BadRequest("The request has no 'query' parameter.")
    if query is not None and not isinstance(query, str):
        raise BadRequest("The 'query' parameter must be a string.")
    if query is not None and not query.strip():
        raise BadRequest("The 'query' parameter is empty.")
    operation_name = raw.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise BadRequest("The 'operationName' parameter must be a string or null.")
    variables = raw.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise BadRequest("The 'variables' parameter must be an object or null.")
    return GraphQLParams(query, variables, operation_name, extensions, query_hash)


def params_from_url(request: Request) -> GraphQLParams:
    raw: dict[str, object] = {}
    for name in ("query", "operationName", "variables", "extensions"):
        values = request.query_params.getlist(name)
        if len(values) > 1:
            raise BadRequest(f"The '{name}' parameter is given more than once.")
        if not values or values[0] == "":
            continue  # `variables=` and friends from form-like clients mean "absent"
        value = values[0]
        raw[name] = loads_json(value, f"The '{name}' parameter") if name in ("variables", "extensions") else value
    return params_from_mapping(raw)


def check_content_type(header: str | None) -> None:
    if header is None:
        raise BadRequest("POST requests need a Content-Type of application/json.", status=415)
    media, *params = (p.strip() for p in header.split(";"))
    if media.lower() != APPLICATION_JSON:
        raise BadRequest(f"Unsupported Content-Type {media!r}; use application/json.", status=415)
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise BadRequest("Only the utf-8 charset is supported.", status=415)


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            declared_size = int(declared)
        except ValueError as exc:
            raise BadRequest("Invalid Content-Length header.") from exc
        if declared_size > limit:
            raise BadRequest(f"The request body exceeds {limit} bytes.", status=413)
    chunks: list[bytes] = []
    size = 0
    # Count while streaming: a chunked body carries no Content-Length to trust.
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BadRequest(f"The request body exceeds {limit} bytes.", status=413)
        chunks.append(chunk)
    return b"".join(chunks)


def replaying_receive(body: bytes, receive: Receive) -> Receive:
    """A receive that hands the already-read body out again, so a context getter may read it too."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


