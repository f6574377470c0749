"""Per-request context: upstream access, settings and this request's DataLoaders."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import strawberry
from strawberry.dataloader import DataLoader

from .._settings import Settings
from .._upstream import SourceClient, Upstream

__all__ = ["Context", "Info"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass
class Context:
    upstream: Upstream
    settings: Settings
    _loaders: dict[str, DataLoader[Any, Any]] = field(default_factory=dict)
    # Values derived once per request from cached upstream payloads (e.g. an index of a mirrored taxonomy type).
    memo: dict[str, Any] = field(default_factory=dict)

    def source(self, name: str) -> SourceClient:
        return self.upstream.client(name)

    def loader(self, name: str, load: Callable[[list[K]], Awaitable[Sequence[V | BaseException]]]) -> DataLoader[K, V]:
        """This request's DataLoader called `name` (created on first use): batches loads within one tick."""
        existing = self._loaders.get(name)
        if existing is None:
            existing = DataLoader(load_fn=load)
            self._loaders[name] = existing
        loader: DataLoader[K, V] = existing
        return loader


Info = strawberry.Info[Context, None]
