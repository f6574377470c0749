"""What the graph derives from a parsed upstream payload (an index, an entity object), kept per payload object.

The upstream cache parses a cached answer once (`CachedResponse.parsed`) and hands the same model objects to every
request while the answer is fresh. What a request derives from such an object can therefore be kept by the object's
identity: built once per cache fill instead of once per request. Each entry holds its payload object, so an id is
never reused while its entry lives; the store is a bounded LRU, and an entry whose payload left the upstream cache
is simply never asked for again. Derived values are shared by concurrent requests: they are never mutated.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from cachetools import LRUCache

__all__ = ["derived"]

T = TypeVar("T")

# A few pages of ads and their occupations, the taxonomy indexes: a few MB at most.
_STORE: LRUCache[tuple[int, Hashable], tuple[object, object]] = LRUCache(maxsize=4096)


def derived(payload: object, kind: Hashable, build: Callable[[], T]) -> T:
    """`build()`'s value for (`payload`, `kind`), built the first time and kept while the store keeps it."""
    key = (id(payload), kind)
    entry = _STORE.get(key)
    if entry is not None and entry[0] is payload:
        value: T = entry[1]  # type: ignore[assignment]  # stored by this function under this kind
        return value
    built = build()
    _STORE[key] = (payload, built)
    return built
