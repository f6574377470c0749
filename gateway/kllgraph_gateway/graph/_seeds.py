"""Seeds: the GraphQL queries `kllgraph-gateway record` runs so that a snapshot answers them (and their follow-ups).

A seed gets a `SeedRun`: `execute(query, variables) -> data`, `max_follow` (the most ids of one kind it should follow
up), the answers of the seeds run before it, and `links(hub)`: the selection of every link field the graph modules
add to a hub type (each `HubLink.seed`). A hub's seed selects its own fields plus `links(...)`, so it names no leaf
module's field and a new link is recorded without editing the hub.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Execute", "Seed", "SeedRun", "distinct"]

Execute = Callable[[str, dict[str, Any] | None], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class SeedRun:
    execute: Execute
    max_follow: int
    links: Callable[[type], str]  # hub type -> the seed selections of the links other modules add to it
    answers: Sequence[dict[str, Any]]  # every answer so far (hubs run last and follow what the others returned)


Seed = Callable[[SeedRun], Awaitable[None]]


def distinct(values: Iterable[str | None], limit: int) -> list[str]:
    """The first `limit` distinct non-empty values, in order."""
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen[:limit]
