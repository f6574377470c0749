"""One pagination model: Relay connections over upstream offset/limit or page/size.

A connection window (`first`, `after`) is served from upstream *blocks* of the source's page size, aligned to
multiples of it: `first: 5` then `after` the 5th item read the same cached block, so paging costs one upstream call
per block, and the offline snapshot needs one recording per block rather than one per window.
Cursors are opaque (base64 of a versioned offset); a cursor from another connection is still just an offset.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import strawberry

from ._errors import BadUserInput

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "Block",
    "Connection",
    "Edge",
    "PageInfo",
    "Window",
    "decode_cursor",
    "encode_cursor",
    "fetch_window",
    "window",
]

T = TypeVar("T")
N = TypeVar("N")

DEFAULT_PAGE_SIZE = 20
_CURSOR_PREFIX = "kll1:"


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    if not raw.startswith(_CURSOR_PREFIX) or not re.fullmatch("[0-9]{1,12}", raw[len(_CURSOR_PREFIX):]):
        raise BadUserInput(f"`after` is not a cursor this API issued: {cursor!r}", argument="after")
    return int(raw[len(_CURSOR_PREFIX):])


@dataclass(frozen=True, slots=True)
class Window:
    offset: int
    first: int


def window(first: int | None, after: str | None, *, max_page_size: int) -> Window:
    if first is None:
        first = min(DEFAULT_PAGE_SIZE, max_page_size)
    if first < 0 or first > max_page_size:
        raise BadUserInput(f"`first` must be between 0 and {max_page_size}, got {first}", argument="first")
    offset = decode_cursor(after) + 1 if after is not None else 0
    return Window(offset=offset, first=first)


@dataclass(frozen=True, slots=True)
class Block(Generic[T]):
    """One upstream page: its items and the upstream's total (None when the upstream does not say)."""

    items: Sequence[T]
    total: int | None


async def fetch_window(
    win: Window,
    *,
    block_size: int,
    fetch_block: Callable[[int], Awaitable[Block[T]]],
    max_reachable: int | None = None,
) -> tuple[list[T], int | None, bool]:
    """Items of `win`, the upstream total, and whether more items can be reached after the window.

    `fetch_block(index)` reads upstream block `index` (items `index*block_size ..`). `max_reachable` is the number of
    leading items the upstream lets clients page through at all (e.g. JobSearch's offset cap).
    """
    end = win.offset + win.first
    if max_reachable is not None:
        if win.offset >= max_reachable:
            # Past what the upstream lets anyone page to: no items, but still its total.
            return [], (await fetch_block(0)).total, False
        end = min(end, max_reachable)
    items: list[T] = []
    total: int | None = None
    index = win.offset // block_size
    exhausted = False
    while True:
        block = await fetch_block(index)
        if block.total is not None:
            total = block.total
        start = index * block_size
        lo, hi = max(win.offset - start, 0), max(min(end - start, len(block.items)), 0)
        items.extend(block.items[lo:hi])
        if len(block.items) < block_size:
            exhausted = True
            break
        index += 1
        if index * block_size >= end or win.first == 0:
            break
    last = win.offset + len(items)
    if total is not None:
        reachable = total if max_reachable is None else min(total, max_reachable)
        has_next = last < reachable
    else:
        has_next = not exhausted and (max_reachable is None or last < max_reachable)
    return items, total, has_next


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="An item of a connection with its cursor.")
class Edge(Generic[N]):
    cursor: str
    node: N


@strawberry.type(description="A Relay connection: a window of a list, with its cursors and total size.")
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: PageInfo
    total_count: int | None = strawberry.field(
        description="Number of items in the whole list as the upstream reports it (null when it does not say)."
    )

    @classmethod
    def from_window(cls, nodes: Sequence[N], win: Window, *, total: int | None, has_next: bool) -> Connection[N]:
        edges = [Edge(cursor=encode_cursor(win.offset + i), node=node) for i, node in enumerate(nodes)]
        return cls(
            edges=edges,
            page_info=PageInfo(
                has_next_page=has_next,
                has_previous_page=win.offset > 0,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=total,
        )

    @classmethod
    def from_list(cls, nodes: Sequence[N], win: Window) -> Connection[N]:
        """A window over a list already held in full (e.g. a mirrored taxonomy type)."""
        page = nodes[win.offset: win.offset + win.first]
        return cls.from_window(page, win, total=len(nodes), has_next=win.offset + len(page) < len(nodes))
