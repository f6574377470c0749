from __future__ import annotations

import base64

import pytest

from kllgraph_gateway._errors import BadUserInput
from kllgraph_gateway._pagination import Block, Connection, Window, decode_cursor, encode_cursor, fetch_window, window


def test_cursor_round_trip_and_opacity() -> None:
    cursor = encode_cursor(41)
    assert "41" not in cursor
    assert decode_cursor(cursor) == 41


def _forged(offset: str) -> str:
    return base64.urlsafe_b64encode(f"kll1:{offset}".encode()).decode()


# Forged cursors: non-ASCII digits (which `isdigit` and `int` accept), a trailing newline, an absurd offset.
@pytest.mark.parametrize("bad", ["", "abc", encode_cursor(3)[:-2] + "!!", "a2xsMTp4",
                                 _forged("٤١"), _forged("41\n"), _forged("9" * 5000)])
def test_bad_cursor_is_bad_user_input(bad: str) -> None:
    with pytest.raises(BadUserInput) as excinfo:
        decode_cursor(bad)
    assert excinfo.value.argument == "after"


def test_window_defaults_and_caps() -> None:
    assert window(None, None, max_page_size=100) == Window(offset=0, first=20)
    assert window(5, encode_cursor(4), max_page_size=100) == Window(offset=5, first=5)
    for first in (-1, 101):
        with pytest.raises(BadUserInput):
            window(first, None, max_page_size=100)


async def test_fetch_window_reads_aligned_blocks() -> None:
    data = list(range(250))
    calls: list[int] = []

    async def fetch(index: int) -> Block[int]:
        calls.append(index)
        return Block(items=data[index * 100:(index + 1) * 100], total=len(data))

    items, total, has_next = await fetch_window(Window(95, 10), block_size=100, fetch_block=fetch)
    assert items == list(range(95, 105))
    assert (total, has_next, calls) == (250, True, [0, 1])

    calls.clear()
    items, _, has_next = await fetch_window(Window(240, 20), block_size=100, fetch_block=fetch)
    assert items == list(range(240, 250))
    assert (has_next, calls) == (False, [2])


async def test_fetch_window_respects_upstream_offset_cap() -> None:
    async def fetch(index: int) -> Block[int]:
        return Block(items=list(range(index * 10, index * 10 + 10)), total=1000)

    items, total, has_next = await fetch_window(Window(15, 10), block_size=10, fetch_block=fetch, max_reachable=20)
    assert items == list(range(15, 20))
    assert (total, has_next) == (1000, False)
    items, total, has_next = await fetch_window(Window(30, 10), block_size=10, fetch_block=fetch, max_reachable=20)
    assert (items, total, has_next) == ([], 1000, False)


def test_connection_from_list() -> None:
    conn = Connection[str].from_list(["a", "b", "c"], Window(1, 1))
    assert [e.node for e in conn.edges] == ["b"]
    assert conn.page_info.has_next_page and conn.page_info.has_previous_page
    assert conn.total_count == 3
    assert decode_cursor(conn.page_info.end_cursor or "") == 1
