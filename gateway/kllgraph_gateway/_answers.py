"""Whole answers cached and served as stored bytes; automatic persisted queries (Apollo APQ).

The whole-response cache sits in front of parsing, validation and execution: a repeated request is answered with
the bytes stored the first time, untouched. Its key is the normalised document (the parsed document's tokens without
comments, so layout and comments do not matter), the operation name, the variables as canonical JSON and
the gateway's mode (``AnswerCache.fingerprint``: offline or live, snapshot folder, upstream URLs, ...). To skip the
parse on a hit, the sha256 of each raw document text seen is mapped to its normalised form in a small LRU memo (an
APQ request brings that sha256 with it).

An answer is stored only when it is error-free and served nothing stale, for the shortest time any upstream answer
it used stays fresh (``RequestBudget.fresh_for``), capped by a setting. Answers that used no upstream at all are
not stored: they are cheap (``__typename``, introspection) or report this process's own state (``sources``, with
last errors), which must not be frozen; a document asking for such a root field is never cached.

Both stores speak the upstream cache's ``ResponseCache`` protocol (memory, or Redis shared by replicas, under their
own key prefixes).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from cachetools import LRUCache
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    TokenKind,
    parse,
    print_ast,
)

from ._cache import CachedResponse, ResponseCache

__all__ = [
    "DOCUMENT_CACHE_SIZE", "VOLATILE_ROOT_FIELDS", "AnswerCache", "CachedAnswer", "PersistedQueries", "parse_document",
    "query_sha256",
]

# Root fields that report this gateway process's live state rather than upstream data: never cached.
VOLATILE_ROOT_FIELDS: Final = frozenset({"sources"})

_MEMO_SIZE: Final = 4096  # raw document texts remembered (sha256 -> normalised key part); a few hundred bytes each
# Parsed documents kept (strawberry's parse and validation caches hold as many).
DOCUMENT_CACHE_SIZE: Final = 512


@lru_cache(maxsize=DOCUMENT_CACHE_SIZE)
def parse_document(query: str, max_tokens: int | None) -> DocumentNode:
    """A document parsed once for the whole request path: the answer cache's key reads it, then the schema's
    parser step (`_schema.DocumentParserCache`) finds it here instead of parsing the text again. A document naming
    a person's text is never parsed through this cache (it would keep the text)."""
    return parse(query, max_tokens=max_tokens)


def query_sha256(query: str) -> str:
    """The hex sha256 of a document's UTF-8 text: APQ's hash, and the memo's key."""
    # surrogatepass: a lone surrogate (from a `\\ud800` escape) still hashes; it just never matches a client's hash.
    return hashlib.sha256(query.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    """A stored answer: the JSON bytes served on a hit, a validator for ETags, and when it expires (wall clock)."""

    body: bytes
    tag: str
    expires_at: float

    def max_age(self) -> int:
        return max(0, int(self.expires_at - time.time()))

    def etag(self, media_type: str) -> str:
        # Weak: the answer that stored it lacks the `responseCache: "hit"` a hit carries; otherwise the bytes are
        # equal. The media type is part of the tag because the representation (its Content-Type) differs.
        return f'W/"{self.tag}-{hashlib.blake2b(media_type.encode(), digest_size=4).hexdigest()}"'

    def encode(self) -> bytes:
        header = json.dumps({"expires_at": self.expires_at, "tag": self.tag}).encode()
        return header + b"\n" + self.body

    @classmethod
    def decode(cls, raw: bytes) -> CachedAnswer:
        header, _, body = raw.partition(b"\n")
        meta = json.loads(header)
        return cls(body=body, tag=str(meta["tag"]), expires_at=float(meta["expires_at"]))

    @classmethod
    def of(cls, body: bytes, ttl: float) -> CachedAnswer:
        return cls(body=body, tag=hashlib.blake2b(body, digest_size=16).hexdigest(), expires_at=time.time() + ttl)


def _normalised_form(document: DocumentNode) -> str:
    """The sha256 of the document's tokens without comments (each as kind, length and value), an anonymous `query`
    keyword left out: the same for texts that differ only in layout, comments or that keyword, and different for any
    two that parse to different documents (the parser reads nothing else). Walking the parser's own token list costs
    a fifth of printing the document (`print_ast`, the form used before), which every new document paid."""
    if document.loc is None:  # parsed without locations (not by `parse_document`): print it instead
        return query_sha256(print_ast(document))
    parts: list[str] = []
    depth = 0
    token = document.loc.start_token.next
    while token is not None and token.kind is not TokenKind.EOF:
        kind, value = token.kind, token.value or ""
        following = token.next
        while following is not None and following.kind is TokenKind.COMMENT:
            following = following.next
        depth += (kind is TokenKind.BRACE_L) - (kind is TokenKind.BRACE_R)
        # `query { ... }` is the shorthand `{ ... }` (an anonymous query): one form, as print_ast prints both.
        shorthand = (depth == 0 and kind is TokenKind.NAME and value == "query" and following is not None
                     and following.kind is TokenKind.BRACE_L)
        if kind is not TokenKind.COMMENT and not shorthand:
            parts.append(f"{kind.name} {len(value)} {value}\0")
        token = token.next
    return query_sha256("".join(parts))


def _root_field_names(document: DocumentNode) -> set[str]:
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    names: set[str] = set()
    seen: set[str] = set()

    def visit(selection_set: SelectionSetNode) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                names.add(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                visit(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                seen.add(selection.name.value)
                fragment = fragments.get(selection.name.value)
                if fragment is not None:
                    visit(fragment.selection_set)

    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            visit(definition.selection_set)
    return names


class AnswerCache:
    """Whole answers by (normalised document, operation name, variables, mode)."""

    def __init__(self, store: ResponseCache, *, fingerprint: str, max_query_tokens: int,
                 max_ttl_seconds: float | None = None) -> None:
        self.store = store
        self.fingerprint = fingerprint
        self.max_query_tokens = max_query_tokens
        self.max_ttl_seconds = max_ttl_seconds
        # sha256 of a raw text -> sha256 of its normalised document, or None: not cacheable (no parse, volatile).
        self._documents: LRUCache[str, str | None] = LRUCache(maxsize=_MEMO_SIZE)
        # sha256 of a whole POST body -> its key, once read the long way: the body fixes the document, operation
        # and variables, so a repeated body finds its answer without being parsed again.
        self._bodies: LRUCache[str, str] = LRUCache(maxsize=_MEMO_SIZE)

    def key_of_body(self, body_sha256: str) -> str | None:
        return self._bodies.get(body_sha256)

    def _normalised(self, query: str, text_sha256: str) -> str | None:
        try:
            return self._documents[text_sha256]
        except KeyError:
            pass
        try:
            # The same token limit as the schema's parser: a document it would refuse is not parsed further here.
            document = parse_document(query, self.max_query_tokens)
        except (GraphQLError, RecursionError):
            normalised = None  # executed as usual, which reports the error; never stored
        else:
            volatile = not _root_field_names(document).isdisjoint(VOLATILE_ROOT_FIELDS)
            normalised = None if volatile else _normalised_form(document)
        self._documents[text_sha256] = normalised
        return normalised

    def key(self, query: str, operation_name: str | None, variables: Mapping[str, Any] | None, *,
            text_sha256: str | None = None, body_sha256: str | None = None) -> str | None:
        """The cache key of a request, or None when its answer is never cached. `text_sha256`: the query's hash,
        when already known (APQ). `body_sha256`: of the POST body the request came in, remembered with its key."""
        normalised = self._normalised(query, text_sha256 or query_sha256(query))
        if normalised is None:
            return None
        try:
            canonical = json.dumps(variables or {}, sort_keys=True, separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError):
            return None
        material = "\n".join((self.fingerprint, normalised, operation_name or "", canonical))
        key = hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()
        if body_sha256 is not None:
            self._bodies[body_sha256] = key
        return key

    def ttl(self, fresh_for: float) -> float:
        """How long an answer whose upstream answers stay fresh `fresh_for` more seconds may be kept."""
        if self.max_ttl_seconds is not None:
            return min(fresh_for, self.max_ttl_seconds)
        return fresh_for

    async def get(self, key: str) -> CachedAnswer | None:
        stored = await self.store.get(key)
        if stored is None:
            return None
        answer = stored.parsed.get(CachedAnswer)  # decoded once per entry and process
        if answer is None:
            try:
                answer = CachedAnswer.decode(stored.body)
            except (ValueError, KeyError, TypeError):
                return None  # not written by this code: treated as absent
            stored.parsed[CachedAnswer] = answer
        if not isinstance(answer, CachedAnswer) or answer.expires_at <= time.time():
            return None
        return answer

    async def put(self, key: str, body: bytes, ttl: float) -> CachedAnswer:
        answer = CachedAnswer.of(body, ttl)
        stored = CachedResponse(status=200, content_type="application/json", body=answer.encode(), ttl=ttl)
        stored.parsed[CachedAnswer] = answer
        await self.store.set(key, stored)
        return answer

    async def aclose(self) -> None:
        await self.store.aclose()


class PersistedQueries:
    """Documents registered by their sha256 (APQ); only a document whose hash was checked is ever stored."""

    def __init__(self, store: ResponseCache, *, ttl_seconds: float) -> None:
        self.store = store
        self.ttl_seconds = ttl_seconds

    async def get(self, sha256: str) -> str | None:
        stored = await self.store.get(sha256)
        if stored is None:
            return None
        try:
            return stored.body.decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            return None

    async def register(self, sha256: str, query: str) -> None:
        body = query.encode("utf-8", "surrogatepass")
        await self.store.set(sha256, CachedResponse(status=200, content_type="application/graphql", body=body,
                                                    ttl=self.ttl_seconds))

    async def aclose(self) -> None:
        await self.store.aclose()
