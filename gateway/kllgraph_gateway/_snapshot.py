"""Offline snapshot: recorded upstream exchanges, replayed by an httpx transport.

Layout: `<snapshot_dir>/<source>/<endpoint>-<key12>.json`, one exchange per file:

    {"provenance": "recorded" | "composed", "note": "...",
     "request": {"method": "GET", "path": "/search", "params": [["limit", "100"], ...], "body": null},
     "response": {"status": 200, "content_type": "application/json", "json": {...}}}

Requests are matched by (source, method, path relative to the source's base URL, sorted params, JSON body), so a
snapshot keeps working when a base URL is overridden. `provenance` says honestly whether the body was recorded from
the live API or composed by us in the real shape (see the README's "Offline snapshot" section).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx

from ._cache import cache_key
from ._upstream import REPLAYED_HEADER, SnapshotMissingError

__all__ = [
    "MANIFEST",
    "Exchange",
    "RecordingTransport",
    "ReplayTransport",
    "SourceBase",
    "date_field",
    "load_exchanges",
    "read_manifest",
    "snapshot_date",
    "write_exchange",
    "write_manifest",
]

MANIFEST = "MANIFEST.json"
# httpx marks the protocol of a replayed response with this (its `http_version` extension), so httpx's own log line
# can be recognised and rewritten: offline logs must not read like live HTTP calls.
_REPLAY_PROTOCOL = b"snapshot-replay"


class _ReplayedLogLines(logging.Filter):
    """Rewrites httpx's "HTTP Request: GET https://... "HTTP/1.1 200 OK"" line for a replayed response."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if (record.msg.startswith("HTTP Request:") if isinstance(record.msg, str) else False) and isinstance(
            args, tuple) and len(args) == 5 and args[2] == _REPLAY_PROTOCOL.decode():
            method, url, _, status, _ = args
            path = httpx.URL(str(url)).copy_with(query=None)
            record.msg, record.args = "replayed from the offline snapshot (no network): %s %s -> %s", (
                method, path, status)
        return True


_REPLAY_LOG_FILTER = _ReplayedLogLines()


@dataclass(frozen=True, slots=True)
class SourceBase:
    name: str
    base_url: str

    def relative_path(self, url: httpx.URL) -> str | None:
        base = httpx.URL(self.base_url)
        if (url.scheme, url.host, url.port) != (base.scheme, base.host, base.port):
            return None
        base_path = base.path.rstrip("/")
        path = unquote(url.path)
        if path != base_path and not path.startswith(base_path + "/"):
            return None
        return path[len(base_path):] or "/"


@dataclass(frozen=True, slots=True)
class Exchange:
    source: str
    method: str
    path: str
    params: tuple[tuple[str, str], ...]
    body: Any
    status: int
    content_type: str
    content: bytes
    provenance: str
    note: str

    @property
    def key(self) -> str:
        return cache_key(self.source, self.method, self.path, self.params, self.body)


def _request_body(request: httpx.Request) -> Any:
    raw = request.content
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


def _match_source(sources: Iterable[SourceBase], url: httpx.URL) -> tuple[SourceBase, str] | None:
    # Longest base URL first, so nested bases (same host, deeper path) win.
    for source in sorted(sources, key=lambda s: len(s.base_url), reverse=True):
        path = source.relative_path(url)
        if path is not None:
            return source, path
    return None


def load_exchanges(snapshot_dir: Path) -> dict[str, Exchange]:
    exchanges: dict[str, Exchange] = {}
    for file in sorted(snapshot_dir.glob("*/*.json")):
        raw = json.loads(file.read_text(encoding="utf-8"))
        request, response = raw["request"], raw["response"]
        if "json" in response:
            content = json.dumps(response["json"], ensure_ascii=False).encode()
        else:
            content = response.get("text", "").encode()
        exchange = Exchange(
            source=file.parent.name,
            method=request["method"].upper(),
            path=request["path"],
            params=tuple((str(k), str(v)) for k, v in request.get("params", [])),
            body=request.get("body"),
            status=int(response["status"]),
            content_type=response.get("content_type", "application/json"),
            content=content,
            provenance=raw.get("provenance", "composed"),
            note=raw.get("note", ""),
        )
        exchanges[exchange.key] = exchange
    return exchanges


class ReplayTransport(httpx.AsyncBaseTransport):
    """Answers upstream requests from a snapshot folder; never touches the network."""

    def __init__(self, snapshot_dir: Path, sources: Iterable[SourceBase]) -> None:
        self.snapshot_dir = snapshot_dir
        self.sources = tuple(sources)
        self.exchanges = load_exchanges(snapshot_dir)
        logging.getLogger("httpx").addFilter(_REPLAY_LOG_FILTER)  # idempotent: one shared filter object

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        matched = _match_source(self.sources, request.url)
        if matched is None:
            raise SnapshotMissingError(f"no source has a base URL matching {request.url.host}", request=request)
        source, path = matched
        params = tuple(request.url.params.multi_items())
        body = _request_body(request)
        exchange = self.exchanges.get(cache_key(source.name, request.method, path, params, body))
        if exchange is None:
            raise SnapshotMissingError(missing_message(request.method, path, params), request=request)
        return httpx.Response(
            exchange.status,
            headers={"content-type": exchange.content_type, "x-kllgraph-provenance": exchange.provenance,
                     REPLAYED_HEADER: exchange.provenance},
            content=exchange.content,
            request=request,
            extensions={"http_version": _REPLAY_PROTOCOL},
        )


def missing_message(method: str, path: str, params: Iterable[tuple[str, str]]) -> str:
    """Short SNAPSHOT_MISSING text: the request without its paging parameters, each value cut to a few words (no
    long upstream query strings, e.g. Solr queries); the source is named by the error itself."""
    shown = "&".join(f"{name}={_cut(value, 30)}" for name, value in params if name not in _PAGING_PARAMS)
    request = _cut(path + (f"?{shown}" if shown else ""), 90)
    return (f"the offline snapshot holds no answer to {method} {request}; "
            "`kllgraph-gateway snapshot info` lists what it covers")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Paging parameters say nothing about what was asked for; leaving them out keeps the message short.
_PAGING_PARAMS = frozenset({"offset", "limit", "page", "size", "pageNumber", "pageSize", "lang"})


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "root"


def write_exchange(
    snapshot_dir: Path,
    *,
    source: str,
    method: str,
    path: str,
    params: Iterable[tuple[str, str]],
    body: Any,
    status: int,
    content_type: str,
    content: bytes,
    provenance: str,
    note: str = "",
) -> Path:
    params = tuple((str(k), str(v)) for k, v in params)
    key = cache_key(source, method.upper(), path, params, body)
    response: dict[str, Any] = {"status": status, "content_type": content_type}
    try:
        response["json"] = json.loads(content) if content else None
    except ValueError:
        response["text"] = content.decode("utf-8", "replace")
    document = {
        "provenance": provenance,
        "note": note,
        "request": {"method": method.upper(), "path": path, "params": [list(p) for p in params], "body": body},
        "response": response,
    }
    folder = snapshot_dir / source
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / f"{_slug(path)}-{key.split(':')[1][:12]}.json"
    file.write_text(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return file


class RecordingTransport(httpx.AsyncBaseTransport):
    """Wraps the live transport and writes every successful upstream exchange into a snapshot folder."""

    def __init__(self, inner: httpx.AsyncBaseTransport, snapshot_dir: Path, sources: Iterable[SourceBase],
                 *, provenance: str = "recorded", note: str = "") -> None:
        self.inner = inner
        self.snapshot_dir = snapshot_dir
        self.sources = tuple(sources)
        self.provenance = provenance
        self.note = note
        self.written: list[Path] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        matched = _match_source(self.sources, request.url)
        if matched is None or response.status_code >= 500 or response.status_code == 429:
            return response
        content = await response.aread()
        source, path = matched
        self.written.append(write_exchange(
            self.snapshot_dir, source=source.name, method=request.method, path=path,
            params=request.url.params.multi_items(), body=_request_body(request),
            status=response.status_code, content_type=response.headers.get("content-type", ""),
            content=content, provenance=response.headers.get("x-kllgraph-provenance", self.provenance),
            note=self.note,
        ))
        # The body is already decoded: drop the headers that described the encoded form.
        headers = [(k, v) for k, v in response.headers.multi_items()
                   if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")]
        return httpx.Response(response.status_code, headers=headers, content=content, request=request)

    async def aclose(self) -> None:
        await self.inner.aclose()



def _manifest_key(provenance: str) -> str:
    # A composed snapshot was composed on its date, not recorded: the key says which.
    return "composed_on" if provenance == "composed" else "recorded_on"


def date_field(provenance: str) -> str:
    """The name of the snapshot's date in `extensions.kllgraph.snapshot`: composedOn or recordedOn."""
    return "composedOn" if provenance == "composed" else "recordedOn"


def write_manifest(snapshot_dir: Path, *, made_on: date, provenance: str, note: str) -> None:
    """The snapshot's own description; its date (`composed_on`/`recorded_on`) is "today" offline."""
    snapshot_dir.mkdir(parents=True, exist_ok=True)
    document = {_manifest_key(provenance): made_on.isoformat(), "provenance": provenance, "note": note}
    (snapshot_dir / MANIFEST).write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


def read_manifest(snapshot_dir: Path) -> dict[str, Any] | None:
    # Read each time (a few hundred bytes): a process-wide cache would go stale when a snapshot is recomposed in place.
    # Per request it is read at most once (`graph.Context.today`, `OfflineNotice`).
    try:
        raw = json.loads((snapshot_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return raw if isinstance(raw, dict) else None


def snapshot_date(snapshot_dir: Path) -> date | None:
    manifest = read_manifest(snapshot_dir) or {}
    try:
        return date.fromisoformat(manifest[_manifest_key(str(manifest.get("provenance", "")))])
    except (KeyError, TypeError, ValueError):
        return None
