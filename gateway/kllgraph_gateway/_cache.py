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
    """An upstream answer that passed validation. Fresh for `ttl` seconds after `stored_at` (wall clock, so replicas
    sharing Redis agree); kept `stale_for` seconds longer, to be served only when its upstream fails."""

    status: int
    content_type: str
    body: bytes
    ttl: float
    # Validated models memoised per model type, so a cached payload is parsed once per TTL, not per request.
    parsed: dict[type, Any] = field(default_factory=dict)
    stored_at: float = field(default_factory=time.time)
    stale_for: float = 0.0

    @property
    def age(self) -> float:
        return time.time() - self.stored_at

    @property
    def fresh(self) -> bool:
        return self.age < self.ttl

    @property
    def keep(self) -> float:
        """Seconds the cache holds it from now: the rest of its fresh life plus its stale window."""
        return self.ttl + self.stale_for - self.age


class ResponseCache(Protocol):
    async def get(self, key: str) -> CachedResponse | None: ...
    async def set(self, key: str, value: CachedResponse) -> None: ...
    async def clear(self) -> None: ...
    async def aclose(self) -> None: ...


class _SizedTLRU(TLRUCache[str, CachedResponse]):
    """A TLRU cache bounded by bytes (its `maxsize`, via `getsizeof`) and by a number of entries."""

    def __init__(self, max_bytes: int, max_entries: int) -> None:
        super().__init__(maxsize=max_bytes, ttu=lambda _key, value, now: now + value.keep, timer=time.monotonic,
                         getsizeof=_entry_size)
        self.max_entries = max_entries

    def __setitem__(self, key: str, value: CachedResponse) -> None:
        super().__setitem__(key, value)
        while len(self) > self.max_entries:
            self.popitem()


def _entry_size(value: CachedResponse) -> int:
    # What a body costs to hold, counted once; its parsed models (same order of size) are not weighed separately.
    return len(value.body) + _ENTRY_OVERHEAD


_ENTRY_OVERHEAD = 512  # bytes: the key, the record and the dict slots of one entry, roughly


class MemoryResponseCache:
    """In-process cache, bounded by entries and by the bytes of the bodies it holds (whichever is hit first).

    A body larger than the whole byte budget is simply not stored.
    """

    def __init__(self, maxsize: int, *, max_bytes: int = 256 * 1024 * 1024) -> None:
        self._entries = _SizedTLRU(max_bytes=max_bytes, max_entries=maxsize)

    async def get(self, key: str) -> CachedResponse | None:
        return self._entries.get(key)

    async def set(self, key: str, value: CachedResponse) -> None:
        if value.ttl <= 0 or value.keep <= 0 or _entry_size(value) > self._entries.maxsize:
            return
        self._entries[key] = value

    async def clear(self) -> None:
        self._entries.clear()

    async def aclose(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes_held(self) -> float:
        return self._entries.currsize


class RedisResponseCache:
    """A cache shared by gateway replicas: upstream responses live in Redis with their TTL.

    A small in-process layer in front keeps hot entries (and their parsed models) for at most `local_ttl`
    seconds, so replicas agree within that window without a Redis round trip per lookup.

    Redis being slow or down never fails a request and never costs more than its timeout once: every command has a
    connect and socket timeout (`timeout`, default 100 ms); after a failure Redis is skipped (every lookup a miss,
    nothing written) until a background PING, at most one per `probe_interval`, answers again.
    """

    def __init__(self, url: str, *, prefix: str = "kllgraph:", local_maxsize: int = 1000,
                 local_ttl: float = 5.0, timeout: float = 0.1, probe_interval: float = 1.0) -> None:
        import redis.asyncio  # optional dependency: the `redis` extra

        self._redis = redis.asyncio.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout, retry_on_timeout=False,
        )
        self._errors: tuple[type[Exception], ...] = (redis.RedisError, OSError, asyncio.TimeoutError)
        self._prefix = prefix
        self._local = MemoryResponseCache(local_maxsize)
        self._local_ttl = local_ttl
        self._timeout = timeout
        self._probe_interval = probe_interval
        self._down_since: float | None = None
        self._next_probe = 0.0
        self._probe: asyncio.Task[None] | None = None

    @property
    def available(self) -> bool:
        """False while Redis is being skipped after a failure (until a probe succeeds)."""
        return self._down_since is None

    def _skip(self) -> bool:
        if self._down_since is None:
            return False
        now = time.monotonic()
        if now >= self._next_probe and (self._probe is None or self._probe.done()):
            self._next_probe = now + self._probe_interval
            self._probe = asyncio.get_running_loop().create_task(self._ping())
        return True

    async def _ping(self) -> None:
        try:
            await asyncio.wait_for(self._redis.ping(), timeout=self._timeout)
        except self._errors:
            return
        log.warning("redis cache available again after %.1f s", time.monotonic() - (self._down_since or 0.0))
        self._down_since = None

    def _failed(self, operation: str, error: BaseException) -> None:
        if self._down_since is None:
            self._down_since = time.monotonic()
            self._next_probe = self._down_since + self._probe_interval
            log.warning("redis cache unavailable (%s): %s; skipping it until it answers again",
                        operation, type(error).__name__)

    async def get(self, key: str) -> CachedResponse | None:
        local = await self._local.get(key)
        if local is not None:
            return local
        if self._skip():
            return None
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                pipe.get(self._prefix + key)
                pipe.pttl(self._prefix + key)
                raw, remaining_ms = await asyncio.wait_for(pipe.execute(), timeout=self._timeout)
        except self._errors as error:
            self._failed("get", error)
            return None
        if raw is None or remaining_ms is None or remaining_ms <= 0:
            return None
        value = _decode(raw)
        if value.fresh:
            await self._local.set(key, _local_copy(value, self._local_ttl))
        return value

    async def set(self, key: str, value: CachedResponse) -> None:
        if value.ttl <= 0 or value.keep <= 0:
            return
        await self._local.set(key, _local_copy(value, self._local_ttl))
        if self._skip():
            return
        try:
            await asyncio.wait_for(
                self._redis.set(self._prefix + key, _encode(value), px=max(1, int(value.keep * 1000))),
                timeout=self._timeout,
            )
        except self._errors as error:
            self._failed("set", error)

    async def clear(self) -> None:
        await self._local.clear()
        if self._skip():
            return
        try:
            async for name in self._redis.scan_iter(match=self._prefix + "*"):
                await self._redis.delete(name)
        except self._errors as error:
            self._failed("clear", error)

    async def aclose(self) -> None:
        if self._probe is not None:
            self._probe.cancel()
        await self._local.aclose()
        await self._redis.aclose()


def _local_copy(value: CachedResponse, local_ttl: float) -> CachedResponse:
    """The short-lived in-process mirror of a Redis entry: fresh at most `local_ttl`, never kept stale (Redis keeps
    the stale copy). It shares the parsed-model memo, so a payload is validated once per process."""
    fresh_left = max(0.0, value.ttl - value.age)
    return CachedResponse(value.status, value.content_type, value.body, min(local_ttl, fresh_left), value.parsed)


def _encode(value: CachedResponse) -> bytes:
    header = json.dumps({"status": value.status, "content_type": value.content_type, "stored_at": value.stored_at,
                         "ttl": value.ttl, "stale_for": value.stale_for}).encode()
    return header + b"\n" + value.body


def _decode(raw: bytes) -> CachedResponse:
    header, _, body = raw.partition(b"\n")
    meta = json.loads(header)
    return CachedResponse(status=int(meta["status"]), content_type=str(meta["content_type"]), body=body,
                          ttl=float(meta["ttl"]), stored_at=float(meta["stored_at"]),
                          stale_for=float(meta.get("stale_for", 0.0)))


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
