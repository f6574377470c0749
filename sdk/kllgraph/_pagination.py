"""Auto-pagination over Relay connections: iterate items across pages, lazily.

`SyncPaginator` and `AsyncPaginator` share `_PageWalk`, which decides the next cursor and when to stop;
they only differ in how a page is fetched. Pages are not memoised here: the client's response cache makes
a repeated walk free.
"""

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._models import ConnectionLike
from ._notebook import html_table, progress_bar, to_dataframe

if TYPE_CHECKING:
    import pandas as pd

N = TypeVar("N")
M = TypeVar("M")


class Page(Generic[N, M]):
    """One page of a paginated operation: its `items` (the edges' nodes), the whole `result` model and the
    response's `extensions`."""

    def __init__(self, result: M, connection: ConnectionLike[N]) -> None:
        self.result = result
        self.extensions: Mapping[str, Any] = getattr(result, "extensions", {})
        self.items: list[N] = [edge.node for edge in connection.edges]
        self.total_count = connection.total_count
        self.has_next_page = connection.page_info.has_next_page
        self.end_cursor = connection.page_info.end_cursor

    def __iter__(self) -> Iterator[N]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return (
            f"Page(items={len(self.items)}, total_count={self.total_count!r}, "
            f"has_next_page={self.has_next_page!r}, end_cursor={self.end_cursor!r})"
        )

    def to_pandas(self) -> "pd.DataFrame":
        """This page's items as a DataFrame; nested objects become dotted columns (`employer.name`)."""
        return to_dataframe(self.items, self.extensions)

    def _repr_html_(self) -> str:
        return html_table(self.items, caption=_caption(len(self.items), self.total_count, "this page"))


def _caption(shown: int, total_count: int | None, what: str) -> str:
    total = "?" if total_count is None else str(total_count)
    return f"{shown} items ({what}) of {total}"


class _PageWalk(Generic[N, M]):
    """Cursor bookkeeping of one walk through the pages: which `after` to ask for next, and when to stop."""

    def __init__(self, connection: Callable[[M], ConnectionLike[N]], max_items: int | None) -> None:
        self._connection = connection
        self._max_items = max_items
        self.after: str | None = None  # None: the first page, with the caller's own variables
        self.finished = max_items is not None and max_items <= 0
        self.item_count = 0

    def page(self, result: M) -> Page[N, M]:
        page = Page(result, self._connection(result))
        previous_cursor = self.after
        self.item_count += len(page.items)
        self.after = page.end_cursor
        self.finished = (
            not page.has_next_page
            or page.end_cursor is None
            # An empty page or a cursor that does not move would loop forever.
            or not page.items
            or page.end_cursor == previous_cursor
            or (self._max_items is not None and self.item_count >= self._max_items)
        )
        return page

    def remaining(self, yielded: int) -> int | None:
        return None if self._max_items is None else self._max_items - yielded

    def progress_total(self, first_page: Page[N, M]) -> int | None:
        totals = [count for count in (first_page.total_count, self._max_items) if count is not None]
        return min(totals) if totals else None


def _limit(max_items: int | None, limit: int) -> int:
    return limit if max_items is None else min(max_items, limit)


class SyncPaginator(Generic[N, M]):
    """Items of a paginated operation, fetched page by page as you iterate.

    `for item in paginator` walks all pages (up to `max_items`); `iter_pages()` yields whole pages;
    `first_page()` and `total_count` need one request; `limit(n)` stops early; `to_pandas()` builds a
    DataFrame.
    """

    def __init__(
        self,
        fetch_page: Callable[[str | None], M],
        connection: Callable[[M], ConnectionLike[N]],
        *,
        max_items: int | None = None,
        progress: bool | None = None,
        description: str = "",
    ) -> None:
        self._fetch_page = fetch_page
        self._connection = connection
        self.max_items = max_items
        self._progress = progress
        self._description = description
        # The `extensions` of the last page fetched (offline/composed notice, stale parts); {} before any.
        self.extensions: Mapping[str, Any] = {}

    def __repr__(self) -> str:
        return f"SyncPaginator({self._description!r}, max_items={self.max_items!r})"

    def limit(self, max_items: int) -> "SyncPaginator[N, M]":
        """The same pagination, stopping after `max_items` items."""
        return SyncPaginator(
            self._fetch_page,
            self._connection,
            max_items=_limit(self.max_items, max_items),
            progress=self._progress,
            description=self._description,
        )

    def first_page(self) -> Page[N, M]:
        page = _PageWalk(self._connection, None).page(self._fetch_page(None))
        self.extensions = page.extensions
        return page

    @property
    def total_count(self) -> int | None:
        """`totalCount` of the connection (all matching items, regardless of `max_items`)."""
        return self.first_page().total_count

    def iter_pages(self) -> Iterator[Page[N, M]]:
        """Whole pages; the walk stops after the page that reaches `max_items`."""
        walk: _PageWalk[N, M] = _PageWalk(self._connection, self.max_items)
        while not walk.finished:
            yield walk.page(self._fetch_page(walk.after))

    def __iter__(self) -> Iterator[N]:
        return self._iter_items(self._progress)

    def _iter_items(self, progress: bool | None) -> Iterator[N]:
        walk: _PageWalk[N, M] = _PageWalk(self._connection, self.max_items)
        bar = None
        yielded = 0
        try:
            while not walk.finished:
                page = walk.page(self._fetch_page(walk.after))
                self.extensions = page.extensions
                if bar is None:
                    bar = progress_bar(progress, total=walk.progress_total(page), description=self._description)
                remaining = walk.remaining(yielded)
                taken = page.items if remaining is None else page.items[:remaining]  # no copy unless limited
                for item in taken:
                    yield item
                    yielded += 1
                bar.update(len(taken))
                # The page's models are freed before the next page is read and validated, not after: fewer live
                # objects for the collector to walk and promote meanwhile (~0.1 of the paging ratio).
                del page, taken
        finally:
            if bar is not None:
                bar.close()

    def to_list(self) -> list[N]:
        return list(self)

    def to_pandas(self, *, progress: bool | None = None) -> "pd.DataFrame":
        """All items (up to `max_items`) as a DataFrame; nested objects become dotted columns;
        `attrs["kllgraph"]` holds the answer's offline/composed notice."""
        items = list(self._iter_items(self._progress if progress is None else progress))
        return to_dataframe(items, self.extensions)

    def _repr_html_(self) -> str:
        page = self.first_page()
        shown = page.items[: self.max_items]
        return html_table(shown, caption=_caption(len(shown), page.total_count, f"first page of {self._description}"))


class AsyncPaginator(Generic[N, M]):
    """Async twin of `SyncPaginator`: `await paginator` is the first page, `async for item in paginator` walks
    all items, `async for page in paginator.iter_pages()` walks pages."""

    def __init__(
        self,
        fetch_page: Callable[[str | None], Awaitable[M]],
        connection: Callable[[M], ConnectionLike[N]],
        *,
        max_items: int | None = None,
        progress: bool | None = None,
        description: str = "",
    ) -> None:
        self._fetch_page = fetch_page
        self._connection = connection
        self.max_items = max_items
        self._progress = progress
        self._description = description
        # The `extensions` of the last page fetched (offline/composed notice, stale parts); {} before any.
        self.extensions: Mapping[str, Any] = {}

    def __repr__(self) -> str:
        return f"AsyncPaginator({self._description!r}, max_items={self.max_items!r})"

    def limit(self, max_items: int) -> "AsyncPaginator[N, M]":
        """The same pagination, stopping after `max_items` items."""
        return AsyncPaginator(
            self._fetch_page,
            self._connection,
            max_items=_limit(self.max_items, max_items),
            progress=self._progress,
            description=self._description,
        )

    async def first_page(self) -> Page[N, M]:
        page = _PageWalk(self._connection, None).page(await self._fetch_page(None))
        self.extensions = page.extensions
        return page

    def __await__(self) -> Generator[Any, None, Page[N, M]]:
        return self.first_page().__await__()

    async def iter_pages(self) -> AsyncIterator[Page[N, M]]:
        """Whole pages; the walk stops after the page that reaches `max_items`."""
        walk: _PageWalk[N, M] = _PageWalk(self._connection, self.max_items)
        while not walk.finished:
            yield walk.page(await self._fetch_page(walk.after))

    def __aiter__(self) -> AsyncIterator[N]:
        return self._iter_items(self._progress)

    async def _iter_items(self, progress: bool | None) -> AsyncIterator[N]:
        walk: _PageWalk[N, M] = _PageWalk(self._connection, self.max_items)
        bar = None
        yielded = 0
        try:
            while not walk.finished:
                page = walk.page(await self._fetch_page(walk.after))
                self.extensions = page.extensions
                if bar is None:
                    bar = progress_bar(progress, total=walk.progress_total(page), description=self._description)
                remaining = walk.remaining(yielded)
                taken = page.items if remaining is None else page.items[:remaining]  # no copy unless limited
                for item in taken:
                    yield item
                    yielded += 1
                bar.update(len(taken))
                # The page's models are freed before the next page is read and validated, not after: fewer live
                # objects for the collector to walk and promote meanwhile (~0.1 of the paging ratio).
                del page, taken
        finally:
            if bar is not None:
                bar.close()

    async def to_list(self) -> list[N]:
        return [item async for item in self]

    async def to_pandas(self, *, progress: bool | None = None) -> "pd.DataFrame":
        """All items (up to `max_items`) as a DataFrame; nested objects become dotted columns;
        `attrs["kllgraph"]` holds the answer's offline/composed notice."""
        items = [item async for item in self._iter_items(self._progress if progress is None else progress)]
        return to_dataframe(items, self.extensions)

    def _repr_html_(self) -> str:
        # Rendering cannot await; point at the ways to fetch instead.
        return html_table(
            [],
            caption=f"AsyncPaginator for {self._description}: `await` it for the first page, "
            "or `async for` over it / `await .to_pandas()` for all items",
        )
