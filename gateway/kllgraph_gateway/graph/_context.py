"""Per-request context: upstream access, settings and this request's DataLoaders."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

import strawberry
from strawberry.dataloader import DataLoader

from .._resilience import RequestBudget
from .._settings import Settings
from .._snapshot import snapshot_date
from .._upstream import SourceClient, Upstream

__all__ = ["Context", "Info"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass
class Context:
    upstream: Upstream
    settings: Settings
    # This request's deadline and the stale answers it was served (tests and tools may leave the default: no deadline).
    budget: RequestBudget = field(default_factory=lambda: RequestBudget(deadline=float("inf")))
    _loaders: dict[str, DataLoader[Any, Any]] = field(default_factory=dict)
    # Values derived once per request from cached upstream payloads (e.g. an index of a mirrored taxonomy type).
    memo: dict[str, Any] = field(default_factory=dict)
    _batch_groups: dict[str, dict[Hashable, frozenset[Hashable]]] = field(default_factory=dict)

    async def once(self, key: str, build: Callable[[], Awaitable[V]]) -> V:
        """`build()` at most once per request (e.g. an index over a cached upstream list), then the same value."""
        if key not in self.memo:
            self.memo[key] = await build()
        value: V = self.memo[key]
        return value

    def today(self) -> date:
        """The date relative defaults ("the last five years") count from: the snapshot's date offline."""
        if self.settings.today is not None:
            return self.settings.today
        if self.settings.offline:
            recorded = snapshot_date(self.settings.snapshot_dir)
            if recorded is not None:
                return recorded
        return date.today()

    def source(self, name: str) -> SourceClient:
        return self.upstream.client(name, budget=self.budget)

    def loader(self, name: str, load: Callable[[list[K]], Awaitable[Sequence[V | BaseException]]]) -> DataLoader[K, V]:
        """This request's DataLoader called `name` (created on first use): batches loads within one tick."""
        existing = self._loaders.get(name)
        if existing is None:
            existing = DataLoader(load_fn=load)
            self._loaders[name] = existing
        loader: DataLoader[K, V] = existing
        return loader

    def hint_batch(self, name: str, keys: Iterable[Hashable]) -> None:
        """Keys that arrived together in one upstream block (e.g. the education ids of one page of events).

        A batch lookup asking for any of them then asks for all of them (`batch_groups`), so its upstream request
        depends on the block, not on which window or fields the client selected: better cache reuse live, and a
        snapshot that answers every window offline.
        """
        group = frozenset(k for k in keys if k is not None)
        groups = self._batch_groups.setdefault(name, {})
        for key in group:
            # A key seen in several blocks keeps its first block: requests are always whole blocks, never unions.
            groups.setdefault(key, group)

    def batch_groups(self, name: str, keys: Iterable[K]) -> list[list[K]]:
        """The hinted block groups covering `keys` (each sorted, for a stable request), one per distinct block.

        Keys with no hint form one more group of their own. Batch loaders make one upstream request per group, so a
        request never mixes blocks and its shape depends only on the block it came from.
        """
        groups: dict[Any, frozenset[Any]] = self._batch_groups.get(name, {})
        covering: dict[frozenset[Any], None] = {}
        loose: set[Any] = set()
        for key in keys:
            group = groups.get(key)
            if group is None:
                loose.add(key)
            else:
                covering[group] = None
        result: list[list[K]] = [sorted(group) for group in covering]
        if loose:
            result.append(sorted(loose))
        return result

Info = strawberry.Info[Context, None]
