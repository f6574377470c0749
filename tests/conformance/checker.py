"""Check upstream exchanges against the agencies' official API descriptions vendored in `specs/`.

openapi-core does the validating; this module only says which spec belongs to which source, applies the recorded
allowances (`specs/allowances.yaml`: where a spec contradicts real payloads, the payload wins) and turns an
exchange (a request the connectors sent, or a snapshot recording) into openapi-core's request/response protocol.

A spec validates requests by the generic paths it declares (`/tables/{id}/data`), never by concrete ids, so table
ids or school unit codes can change without touching this file.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonpatch
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.exceptions import PathNotFound
from werkzeug.datastructures import Headers, ImmutableMultiDict

REPO = Path(__file__).resolve().parent.parent.parent
SPECS = REPO / "specs"
ALLOWANCES = SPECS / "allowances.yaml"

# Stands in for a relative or missing `servers` entry: such a spec matches on the path below the server only.
_PLACEHOLDER_HOST = "https://conformance.invalid"


@dataclass(frozen=True, slots=True)
class SpecRef:
    """One vendored spec and the part of its source's API it describes."""

    file: str
    # Paths (relative to the source's base URL) this spec describes; requests elsewhere are "not covered", not
    # failures (the vendored Syllabus document describes the subjects resource only).
    covers: tuple[str, ...] = ("/",)

    def describes(self, path: str) -> bool:
        return any(path == prefix.rstrip("/") or path.startswith(prefix.rstrip("/") + "/") or prefix == "/"
                   for prefix in self.covers)


# Source name (as in the gateway's registry) -> its official description.
ACTIVE_SPECS: dict[str, SpecRef] = {
    "skolenhetsregistret": SpecRef("skolverket-skolenhetsregistret-v2.openapi.yaml"),
    "planned_educations": SpecRef("skolverket-planned-educations-v4.openapi.json"),
    "syllabus": SpecRef("skolverket-syllabus-subjects-v1.openapi.yaml", covers=("/v1/subjects",)),
    # Generic PxWebApi 2.0: validated by its path templates, whatever the table id (TAB<n> or a v1 name).
    "scb": SpecRef("pxwebapi-2.openapi.yaml"),
    "susanavet": SpecRef("skolverket-susa-navet-emil3.openapi.yaml"),
}


@dataclass(frozen=True, slots=True)
class Allowance:
    id: str
    spec: str
    why: str
    evidence: tuple[str, ...]
    patch: tuple[dict[str, Any], ...]


def load_allowances(path: Path = ALLOWANCES) -> tuple[Allowance, ...]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        Allowance(id=item["id"], spec=item["spec"], why=item["why"], evidence=tuple(item["evidence"]),
                  patch=tuple(item["patch"]))
        for item in raw["allowances"]
    )


def _read_spec(file: str) -> dict[str, Any]:
    text = (SPECS / file).read_text(encoding="utf-8")
    document = json.loads(text) if file.endswith(".json") else yaml.safe_load(text)
    if not isinstance(document, dict):
        raise ValueError(f"{file} is not an OpenAPI document")
    return document


def patched_spec(file: str, allowances: Iterable[Allowance]) -> dict[str, Any]:
    """The spec as vendored, with the allowances for it applied in memory (the file itself stays verbatim)."""
    document = copy.deepcopy(_read_spec(file))
    for allowance in allowances:
        if allowance.spec == file:
            # A pointer that no longer matches the spec fails loudly here (jsonpatch's test/replace raise).
            document = jsonpatch.apply_patch(document, list(allowance.patch))
    return document


@functools.cache
def openapi_for(file: str) -> tuple[OpenAPI, str, str]:
    """The validator for one spec, with the host and path prefix its first server resolves to."""
    document = patched_spec(file, load_allowances())
    # The vendored documents are not all valid OpenAPI themselves (e.g. Skolenhetsregistret names schemas with
    # spaces, "API Info"); we validate traffic against them as published, so the spec check is off.
    # "+json" media types (Planned Educations' vnd...hal+json) are JSON; openapi-core needs telling.
    json_types: dict[str, Callable[[bytes], Any]] = {m: json.loads for m in _media_types(document)
                                                     if m.endswith("+json")}
    config = Config(spec_validator_cls=None, extra_media_type_deserializers=json_types)
    return (OpenAPI.from_dict(document, config=config), *_server_prefix(document))


def _media_types(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "content" and isinstance(value, dict):
                found.update(str(k) for k in value)
            found |= _media_types(value)
    elif isinstance(node, list):
        for value in node:
            found |= _media_types(value)
    return found


def _server_prefix(document: Mapping[str, Any]) -> tuple[str, str]:
    servers = document.get("servers") or [{"url": "/"}]
    split = urlsplit(str(servers[0]["url"]))
    host = f"{split.scheme}://{split.netloc}" if split.scheme else _PLACEHOLDER_HOST
    return host, split.path.rstrip("/")


@dataclass(slots=True)  # not frozen: openapi-core writes the resolved path parameters into `parameters`
class _Request:
    host_url: str
    path: str
    method: str
    parameters: RequestParameters
    content_type: str
    body: bytes | None


@dataclass(frozen=True, slots=True)
class _Response:
    status_code: int
    content_type: str
    headers: Headers
    data: bytes | None


@dataclass(frozen=True, slots=True)
class Exchange:
    """What the checker needs of one upstream call; `path` is relative to the source's base URL."""

    source: str
    method: str
    path: str
    params: tuple[tuple[str, str], ...]
    body: Any = None
    headers: tuple[tuple[str, str], ...] = ()
    status: int | None = None  # None: check the request only
    content_type: str = "application/json"
    content: bytes | None = None

    def describe(self) -> str:
        query = "&".join(f"{k}={v}" for k, v in self.params)
        return f"{self.method} {self.path}{'?' + query if query else ''}"


@dataclass
class Verdict:
    exchange: Exchange
    covered: bool
    errors: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return self.covered and not self.errors


def _explain(error: Exception) -> str:
    """One line per failing field: openapi-core wraps jsonschema errors whose path and message say what is wrong."""
    cause: BaseException | None = error
    while cause is not None and not hasattr(cause, "schema_errors"):
        cause = cause.__cause__
    schema_errors = getattr(cause, "schema_errors", None)
    if not schema_errors:
        return f"{type(error).__name__}: {error}"
    return "; ".join(
        f"{'/'.join(str(p) for p in e.absolute_path) or '(body)'}: {str(e.message)[:160]}" for e in schema_errors
    )


def check(exchange: Exchange, specs: Mapping[str, SpecRef] = ACTIVE_SPECS) -> Verdict | None:
    """None when the source has no spec; otherwise the verdict (request, and response when it is given)."""
    spec = specs.get(exchange.source)
    if spec is None:
        return None
    if not spec.describes(exchange.path):
        return Verdict(exchange, covered=False)
    openapi, host, prefix = openapi_for(spec.file)
    body = exchange.body
    raw_body = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    request = _Request(
        host_url=host, path=prefix + exchange.path, method=exchange.method.lower(),
        parameters=RequestParameters(query=ImmutableMultiDict(list(exchange.params)),
                                     header=Headers(list(exchange.headers))),
        content_type="application/json" if raw_body is not None else "",
        body=raw_body,
    )
    verdict = Verdict(exchange, covered=True)
    try:
        verdict.errors += [_explain(e) for e in openapi.unmarshal_request(request).errors]
    except PathNotFound as error:
        verdict.errors.append(_explain(error))
        return verdict
    if exchange.status is not None:
        response = _Response(status_code=exchange.status, content_type=exchange.content_type,
                             headers=Headers([("content-type", exchange.content_type)]), data=exchange.content)
        verdict.errors += [_explain(e) for e in openapi.unmarshal_response(request, response).errors]
    return verdict


@dataclass
class Tally:
    checked: int = 0
    conform: int = 0
    not_covered: int = 0

    def line(self, source: str) -> str:
        extra = f", not covered by the vendored spec {self.not_covered}" if self.not_covered else ""
        return f"{source}: checked {self.checked}, conform {self.conform}{extra}"


def tally(verdicts: Iterable[Verdict]) -> dict[str, Tally]:
    counts: dict[str, Tally] = {}
    for verdict in verdicts:
        entry = counts.setdefault(verdict.exchange.source, Tally())
        if not verdict.covered:
            entry.not_covered += 1
            continue
        entry.checked += 1
        entry.conform += verdict.conforms
    return dict(sorted(counts.items()))
