"""Per-request state: typed keys, and `once` building a value once even when resolvers race."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from kllgraph_gateway.graph._context import Context, Memo

from ..harness import make_settings, running_gateway

DOUBLED = Memo[int]("doubled")
OTHER = Memo[int]("doubled")  # the same name: a different key all the same


async def _context() -> Context:
    async with running_gateway(httpx.MockTransport(lambda request: httpx.Response(404))) as gateway:
        return Context(upstream=gateway.upstream, settings=make_settings())


async def test_racing_resolvers_share_one_build() -> None:
    ctx, builds = await _context(), []

    async def build() -> int:
        builds.append(1)
        await asyncio.sleep(0.01)  # both racers are waiting here
        return 42

    values = await asyncio.gather(*(ctx.once(DOUBLED, build) for _ in range(5)))
    assert values == [42] * 5 and len(builds) == 1


async def test_keys_are_objects_not_names_and_variants_are_apart() -> None:
    ctx = await _context()

    async def build(value: int) -> int:
        return value

    assert await ctx.once(DOUBLED, lambda: build(1)) == 1
    assert await ctx.once(OTHER, lambda: build(2)) == 2
    assert await ctx.once(DOUBLED, lambda: build(3), variant="x") == 3
    assert await ctx.once(DOUBLED, lambda: build(4)) == 1


async def test_a_failed_build_reaches_its_racers_and_is_not_kept() -> None:
    ctx, calls = await _context(), []

    async def failing() -> int:
        calls.append(1)
        await asyncio.sleep(0.01)
        raise ValueError("upstream said no")

    results = await asyncio.gather(*(ctx.once(DOUBLED, failing) for _ in range(3)), return_exceptions=True)
    assert len(calls) == 1 and all(isinstance(r, ValueError) for r in results)

    async def works() -> int:
        return 7

    assert await ctx.once(DOUBLED, works) == 7


@pytest.mark.parametrize("offline", [False, True])
async def test_today_is_read_once_per_request(offline: bool) -> None:
    ctx = await _context()
    ctx.settings = make_settings(offline=offline)
    assert ctx.today() is ctx.today()
