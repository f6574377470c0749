"""Upstream response cache (per-entry TTL) and single-flight for identical concurrent calls.

The cache interface is async and keyed by strings so that a shared Redis backend can replace the in-memory one
for several gateway replicas without touching callers.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from cachetools import TLRUCache

__all__ = ["CachedResponse", "MemoryResponseCache", "ResponseCache", "SingleFlight", "cache_key"]

T = TypeVar("T")


@dataclass(slots=True, eq=False)
class CachedResponse:
    status: int
    content_type: str
    body: bytes
    ttl: float
    # Validated models memoised per model type, so a cached payload is parsed once per TTL, not per request.
    parsed: dict[type, Any] = field(default_factory=dict)


class ResponseCache(Protocol):
    async def get(self, key: str) -> CachedResponse | None: ...
    async def set(self, key: str, value: CachedResponse) -> None: ...
    async def clear(self) -> None: ...


class MemoryResponseCache:
    def __init__(self, maxsize: int) -> None:
        self._entries: TLRUCache[str, CachedResponse] = TLRUCache(
            maxsize=maxsize, ttu=lambda _key, value, now: now + value.ttl, timer=time.monotonic
        )

    async def get(self, key: str) -> CachedResponse | None:
        return self._entries.get(key)

    async def set(self, key: str, value: CachedResponse) -> None:
        if value.ttl > 0:
            self._entries[key] = value

    async def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def cache_key(
    source: str, method: str, path: str, params: Sequence[tuple[str, str]], body: object | None
) -> str:
    """Stable key of an upstream request; params are order-insensitive, bodies compared as canonical JSON."""
    canonical = json.dumps(
        [source, method.upper(), path, sorted(params), body], sort_keys=True, ensure_ascii=False
    )
    return f"{source}:{hashlib.sha256(canonical.encode()).hexdigest()}"


class SingleFlight:
    """Concurrent calls with the same key share one execution (and its result or exception)."""

    def __init__(self) -> None:
        self._inflight: dict[str, asyncio.Future[Any]] = {}

    async def run(self, key: str, fn: Callable[[], Awaitable[T]]) -> T:
        existing = self._inflight.get(key)
        if existing is not None:
            result: T = await asyncio.shield(existing)
            return result
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            value = await fn()
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as exc:
            future.set_exception(exc)
            # Mark retrieved so an unawaited shared failure does not log "exception never retrieved".
            future.exception()
            raise
        else:
            future.set_result(value)
            return value
        finally:
            del self._inflight[key]
