"""Client-side cache of successful responses, keyed by (document, operation name, canonical variables)."""

import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from cachetools import TLRUCache

from ._types import NotGiven


class CacheKey(NamedTuple):
    document: str
    operation_name: str | None
    variables: str  # canonical JSON: sorted keys, no whitespace

    @classmethod
    def of(cls, document: str, operation_name: str | None, variables: Mapping[str, Any]) -> "CacheKey":
        canonical = json.dumps(variables, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return cls(document, operation_name, canonical)


@dataclass(frozen=True)
class CacheStats:
    """Counters of a client's response cache; `size` counts live (unexpired) entries."""

    hits: int
    misses: int
    size: int


class _Entry(NamedTuple):
    data: dict[str, Any]
    stored_at: float
    ttl: float


class ResponseCache:
    """A TTL cache of response `data`, one per client, safe to share between threads.

    `ttl` is the client's default lifetime in seconds (`None`: off unless a call asks for it). A call's own
    `cache_ttl` is both the lifetime of what it stores and the maximum age of what it accepts.
    """

    def __init__(self, *, ttl: float | None, maxsize: int, timer: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._timer = timer
        self._entries: TLRUCache[CacheKey, _Entry] = TLRUCache(
            maxsize=maxsize, ttu=lambda _key, entry, now: now + entry.ttl, timer=timer
        )
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0

    def resolve_ttl(self, override: float | NotGiven | None) -> float | None:
        """The lifetime that applies to one call; `None` means the call bypasses the cache."""
        ttl = self.ttl if isinstance(override, NotGiven) else override
        return ttl if ttl is not None and ttl > 0 else None

    def get(self, key: CacheKey, *, max_age: float) -> dict[str, Any] | None:
        """The cached data itself (shared: read it, do not change it), or None; counts a hit or a miss.

        Nothing is copied on the way in or out: the client only validates entries into new models, and
        `execute()` hands out a deep copy of its own, so paging through cached pages copies no item."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or self._timer() - entry.stored_at >= max_age:
                self._misses += 1
                return None
            self._hits += 1
            return entry.data

    def put(self, key: CacheKey, data: dict[str, Any], *, ttl: float) -> None:
        with self._lock:
            self._entries[key] = _Entry(data, self._timer(), ttl)

    def clear(self) -> None:
        """Drop every entry; the hit and miss counters keep counting."""
        with self._lock:
            self._entries.clear()

    @property
    def stats(self) -> CacheStats:
        with self._lock:
            self._entries.expire()
            return CacheStats(hits=self._hits, misses=self._misses, size=len(self._entries))

    def __repr__(self) -> str:
        stats = self.stats
        return f"ResponseCache(ttl={self.ttl!r}, hits={stats.hits}, misses={stats.misses}, size={stats.size})"
