#!/usr/bin/env python3
"""Benchmark the gateway offline, in-process: prints figures, asserts nothing (targets are read off, not tested).

    .venv/bin/python scripts/bench.py [--requests 200] [--concurrency 8]

Figures: cold and warm latency of the README's hub query, throughput of a cached 20-ad page, and the process's
peak RSS. Offline means the snapshot transport stands in for the network, so this measures the gateway itself
(GraphQL execution, joins, cache, serialisation), not the agencies.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import time

import httpx

from kllgraph_gateway import Settings, create_app

HUB = """{ municipality(code: "0180") { name population { value }
  jobAds(first: 3) { edges { node { headline occupation { label ssykCode statistics { monthlyWage { value } }
    educations(first: 2) { edges { node { title form } } } } employer { organisationNumber name } } } }
  schoolUnits(first: 2) { edges { node { name organiser { name } } } } } }"""
PAGE = "{ jobAds(first: 20) { totalCount edges { node { id headline occupation { label ssykCode } } } } }"


async def main(requests: int, concurrency: int) -> None:
    app = create_app(Settings(offline=True))
    async with app.router.lifespan_context(app), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench"
    ) as client:

        async def run(query: str) -> float:
            started = time.perf_counter()
            response = await client.post("/graphql", json={"query": query})
            assert response.status_code == 200 and "errors" not in response.json(), response.text[:300]
            return (time.perf_counter() - started) * 1000

        cold = await run(HUB)
        warm = sorted([await run(HUB) for _ in range(20)])
        print(f"hub query: cold {cold:.1f} ms, warm p50 {statistics.median(warm):.1f} ms, "
              f"p95 {warm[int(len(warm) * 0.95) - 1]:.1f} ms")

        await run(PAGE)
        semaphore = asyncio.Semaphore(concurrency)
        latencies: list[float] = []

        async def one() -> None:
            async with semaphore:
                latencies.append(await run(PAGE))

        started = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(requests)))
        elapsed = time.perf_counter() - started
        latencies.sort()
        print(f"20-ad page, cached upstream: {requests / elapsed:.0f} req/s at concurrency {concurrency}, "
              f"p50 {statistics.median(latencies):.1f} ms, p95 {latencies[int(len(latencies) * 0.95) - 1]:.1f} ms")
        print(f"upstream calls made: {sum(app.state.upstream.calls.values())}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    asyncio.run(main(args.requests, args.concurrency))
