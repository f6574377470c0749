"""Per-request context: upstream access, settings and this request's DataLoaders and derived values.

Per-request state is keyed by typed key objects (`Memo`, `Loader`, `BatchHint`), each defined once next to the
code that builds its value; keys compare by identity, so two modules cannot collide on a name.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import strawberry
from strawberry.dataloader import DataLoader

from .._resilience import RequestBudget
from .._snapshot import snapshot_date
from .._upstream import SourceClient, Upstream
from ._module import Graph

if TYPE_CHECKING:  # Settings know the registered sources, which the graph modules declare: named for types only
    from .._settings import Settings

__all__ = ["BatchHint", "Context", "Info", "Loader", "Memo"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass(frozen=True, eq=False)
class Memo(Generic[V]):
    """Key of a value built at most once per request (`Context.once`); `name` is for reading only."""

    name: str


@dataclass(frozen=True, eq=False)
class Loader(Generic[K, V]):
    """Key of one of the request's DataLoaders (`Context.loader`)."""

    name: str


@dataclass(frozen=True, eq=False)
class BatchHint(Generic[K]):
    """Key of a set of block hints (`Context.hint_batch`, `Context.batch_groups`)."""

    name: str


@dataclass
class Context:
    upstream: Upstream
    settings: Settings
    # This request's deadline and the stale answers it was served (tests and tools may leave the default: no deadline).
    budget: RequestBudget = field(default_factory=lambda: RequestBudget(deadline=float("inf")))
    # The graph modules' request-time contributions (node loaders, organisation-name providers): the app passes
    # `_graph.GRAPH`; tests that build a Context by hand may pass their own.
    graph: Graph = field(default_factory=Graph)
    _loaders: dict[tuple[Loader[Any, Any], Hashable], DataLoader[Any, Any]] = field(default_factory=dict)
    # Values derived once per request from cached upstream payloads (e.g. an index of a mirrored taxonomy type).
    _memo: dict[tuple[Memo[Any], Hashable], asyncio.Future[Any]] = field(default_factory=dict)
    _batch_groups: dict[BatchHint[Any], dict[Hashable, frozenset[Hashable]]] = field(default_factory=dict)
    _today: date | None = None
    # The background metadata refresh's context: its upstream reads skip fresh cache entries and replace them.
    refresh: bool = False

    async def once(self, key: Memo[V], build: Callable[[], Awaitable[V]], *, variant: Hashable = None) -> V:
        """`build()` at most once per request and `(key, variant)`, then the same value.

        Resolvers that race share the first one's build (the future is stored before awaiting). A failed build is
        not kept: its racers get the same error, a later call builds again.
        """
        slot = (key, variant)
        pending = self._memo.get(slot)
        if pending is not None:
            value: V = await asyncio.shield(pending)
            return value
        future: asyncio.Future[V] = asyncio.get_running_loop().create_future()
        self._memo[slot] = future
        try:
            built = await build()
        except BaseException as exc:
            del self._memo[slot]
            future.set_exception(exc)
            future.exception()  # retrieved here: racers re-raise it, nobody else needs to
            raise
        future.set_result(built)
        return built

    def built(self, key: Memo[V], *, variant: Hashable = None) -> V | None:
        """The value `once` built for `(key, variant)` in this request, if it is built and did not fail; no wait."""
        pending = self._memo.get((key, variant))
        if pending is None or not pending.done() or pending.cancelled() or pending.exception() is not None:
            return None
        value: V = pending.result()
        return value

    def today(self) -> date:
        """The date relative defaults ("the last five years") count from: the snapshot's date offline."""
        if self._today is None:
            recorded = snapshot_date(self.settings.snapshot_dir) if self.settings.offline else None
            self._today = self.settings.today or recorded or date.today()
        return self._today

    def source(self, name: str) -> SourceClient:
        return self.upstream.client(name, budget=self.budget, refresh=self.refresh)

    def loader(self, key: Loader[K, V], load: Callable[[list[K]], Awaitable[Sequence[V | BaseException]]], *,
               variant: Hashable = None) -> DataLoader[K, V]:
        """This request's DataLoader for `(key, variant)` (created on first use): batches loads within one tick."""
        existing = self._loaders.get((key, variant))
        if existing is None:
            existing = DataLoader(load_fn=load)
            self._loaders[(key, variant)] = existing
        loader: DataLoader[K, V] = existing
        return loader

    def hint_batch(self, key: BatchHint[K], keys: Iterable[K | None]) -> None:
        """Keys that arrived together in one upstream block (e.g. the education ids of one page of events).

        A batch lookup asking for any of them then asks for all of them (`batch_groups`), so its upstream request
        depends on the block, not on which window or fields the client selected: better cache reuse live, and a
        snapshot that answers every window offline.
        """
        group: frozenset[Hashable] = frozenset(k for k in keys if k is not None)
        groups = self._batch_groups.setdefault(key, {})
        for member in group:
            # A key seen in several blocks keeps its first block: requests are always whole blocks, never unions.
            groups.setdefault(member, group)

    def batch_groups(self, key: BatchHint[K], keys: Iterable[K]) -> list[list[K]]:
        """The hinted block groups covering `keys` (each sorted, for a stable request), one per distinct block.

        Keys with no hint form one more group of their own. Batch loaders make one upstream request per group, so a
        request never mixes blocks and its shape depends only on the block it came from.
        """
        groups: dict[Any, frozenset[Any]] = self._batch_groups.get(key, {})
        covering: dict[frozenset[Any], None] = {}
        loose: set[Any] = set()
        for member in keys:
            group = groups.get(member)
            if group is None:
                loose.add(member)
            else:
                covering[group] = None
        result: list[list[K]] = [sorted(group) for group in covering]
        if loose:
            result.append(sorted(loose))
        return result


Info = strawberry.Info[Context, None]
