"""Seeds: the GraphQL queries `kllgraph-gateway record` runs so that a snapshot answers them (and their follow-ups).

A seed gets `execute(query, variables) -> data` and `max_follow`, the most ids of one kind it should follow up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

__all__ = ["Execute", "Seed", "distinct"]

Execute = Callable[[str, dict[str, Any] | None], Awaitable[dict[str, Any]]]
Seed = Callable[[Execute, int], Awaitable[None]]


def distinct(values: Iterable[str | None], limit: int) -> list[str]:
    """The first `limit` distinct non-empty values, in order."""
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen[:limit]
