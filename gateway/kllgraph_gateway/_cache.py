"""Upstream response cache (per-entry TTL) and single-flight for identical concurrent calls.

The cache interface is async and keyed by strings so that a shared Redis backend can replace the in-memory one
for several gateway replicas without touching callers.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from cachetools import TLRUCache

__all__ = [
    "CachedResponse",
    "MemoryResponseCache",
    "RedisResponseCache",
    "ResponseCache",
    "SingleFlight",
    "cache_key",
]

log = logging.getLogger("kllgraph_gateway.cache")

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
    async def aclose(self) -> None: ...


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

    async def aclose(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


class RedisResponseCache:
    """A cache shared by gateway replicas: upstream responses live in Redis with their TTL.

    A small in-process layer in front keeps hot entries (and their parsed models) for at most `local_ttl`
    seconds, so replicas agree within that window without a Redis round trip per lookup. Redis being down never
    fails a request: the cache then behaves as a miss and the failure is logged.
    """

    def __init__(self, url: str, *, prefix: str = "kllgraph:", local_maxsize: int = 1000,
                 local_ttl: float = 5.0) -> None:
        import redis.asyncio  # optional dependency: the `redis` extra

        self._redis = redis.asyncio.Redis.from_url(url)
        self._errors: tuple[type[Exception], ...] = (redis.RedisError, OSError)
        self._prefix = prefix
        self._local = MemoryResponseCache(local_maxsize)
        self._local_ttl = local_ttl

    async def get(self, key: str) -> CachedResponse | None:
        local = await self._local.get(key)
        if local is not None:
            return local
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                pipe.get(self._prefix + key)
                pipe.pttl(self._prefix + key)
                raw, remaining_ms = await pipe.execute()
        except self._errors as error:
            log.warning("redis cache unavailable (get): %s", type(error).__name__)
            return None
        if raw is None or remaining_ms is None or remaining_ms <= 0:
            return None
        value = _decode(raw, ttl=remaining_ms / 1000)
        await self._local.set(key, _with_ttl(value, min(self._local_ttl, value.ttl)))
        return value

    async def set(self, key: str, value: CachedResponse) -> None:
        if value.ttl <= 0:
            return
        await self._local.set(key, _with_ttl(value, min(self._local_ttl, value.ttl)))
        try:
            await self._redis.set(self._prefix + key, _encode(value), px=max(1, int(value.ttl * 1000)))
        except self._errors as error:
            log.warning("redis cache unavailable (set): %s", type(error).__name__)

    async def clear(self) -> None:
        await self._local.clear()
        try:
            async for name in self._redis.scan_iter(match=self._prefix + "*"):
                await self._redis.delete(name)
        except self._errors as error:
            log.warning("redis cache unavailable (clear): %s", type(error).__name__)

    async def aclose(self) -> None:
        await self._local.aclose()
        await self._redis.aclose()


def _with_ttl(value: CachedResponse, ttl: float) -> CachedResponse:
    # The local copy shares the parsed-model memo: a payload is validated once per process.
    return CachedResponse(value.status, value.content_type, value.body, ttl, value.parsed)


def _encode(value: CachedResponse) -> bytes:
    header = json.dumps({"status": value.status, "content_type": value.content_type}).encode()
    return header + b"\n" + value.body


def _decode(raw: bytes, *, ttl: float) -> CachedResponse:
    header, _, body = raw.partition(b"\n")
    meta = json.loads(header)
    return CachedResponse(status=int(meta["status"]), content_type=str(meta["content_type"]), body=body, ttl=ttl)


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
