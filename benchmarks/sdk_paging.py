"""SDK paging, measured in a fresh interpreter that holds only what an SDK user's script holds (kllgraph, httpx).

    python benchmarks/sdk_paging.py PAGES_FILE REPEATS

benchmarks/run.py writes PAGES_FILE (the generated client's jobAds document and 21 pages of the gateway's answer)
and runs this: client CPU of `Client.job_ads(first=100)` walking the 2,100 items (sync and async) against a
hand-written httpx + `json.loads` loop over the same pages, same transport. Prints one line. In the benchmark's own
process the garbage collector also scanned the ~100,000 objects of the in-process gateways it had built, which a
user's process does not hold, and that weighed on the side that allocates more (the SDK's models).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

import kllgraph

SDK_ITEMS, SDK_PAGE = 2100, 100


def line(label: str, figure: str, target: str) -> None:
    print(f"{label}: {figure} (target {target})", flush=True)


def main(pages_file: Path, repeats: int) -> None:
    saved = json.loads(pages_file.read_text(encoding="utf-8"))
    document: str = saved["document"]
    pages: dict[str | None, bytes] = {after: page.encode() for after, page in saved["pages"]}
    # The pages are the offline gateway's answers, so they carry its composed-data marker: the SDK warns once per
    # client, which is expected here and says nothing about speed.
    warnings.simplefilter("ignore", kllgraph.ComposedDataWarning)

    def answer(request: httpx.Request) -> httpx.Response:
        after = json.loads(request.content)["variables"].get("after")
        return httpx.Response(200, content=pages[after], headers={"content-type": "application/json"})

    def raw_sync() -> int:
        seen, after = 0, None
        with httpx.Client(transport=httpx.MockTransport(answer)) as http:
            while True:
                variables: dict[str, Any] = {"first": SDK_PAGE, **({"after": after} if after else {})}
                body = json.loads(http.post("http://sdk.test/graphql", json={"query": document,
                                                                             "variables": variables}).content)
                connection = body["data"]["jobAds"]
                seen += sum(1 for edge in connection["edges"] if edge["node"]["headline"] is not None)
                if not connection["pageInfo"]["hasNextPage"]:
                    return seen
                after = connection["pageInfo"]["endCursor"]

    def sdk_sync() -> int:
        with kllgraph.Client("http://sdk.test/graphql", transport=httpx.MockTransport(answer), cache=False) as c:
            return sum(1 for ad in c.job_ads(first=SDK_PAGE) if ad.headline is not None)

    async def raw_async() -> int:
        seen, after = 0, None
        async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
            while True:
                variables: dict[str, Any] = {"first": SDK_PAGE, **({"after": after} if after else {})}
                response = await http.post("http://sdk.test/graphql", json={"query": document,
                                                                            "variables": variables})
                connection = json.loads(response.content)["data"]["jobAds"]
                seen += sum(1 for edge in connection["edges"] if edge["node"]["headline"] is not None)
                if not connection["pageInfo"]["hasNextPage"]:
                    return seen
                after = connection["pageInfo"]["endCursor"]

    async def sdk_async() -> int:
        async with kllgraph.AsyncClient("http://sdk.test/graphql", transport=httpx.MockTransport(answer),
                                        cache=False) as c:
            return sum([1 async for ad in c.job_ads(first=SDK_PAGE) if ad.headline is not None])

    def cpu(run: Callable[[], int]) -> float:
        samples = []
        for _ in range(repeats):
            started = time.process_time()
            if run() != SDK_ITEMS:
                raise RuntimeError("a paging loop did not see every item")
            samples.append(time.process_time() - started)
        return statistics.median(samples)

    for run in (raw_sync, sdk_sync):  # warm-up: imports, model building
        run()
    sync_sdk, sync_raw = cpu(sdk_sync), cpu(raw_sync)
    async_sdk = cpu(lambda: asyncio.run(sdk_async()))
    async_raw = cpu(lambda: asyncio.run(raw_async()))
    line(f"SDK paging client CPU / raw httpx loop, {SDK_ITEMS:,} items (sync; async)",
         f"{sync_sdk / sync_raw:.2f}; {async_sdk / async_raw:.2f} (sync {sync_sdk * 1000:.0f} vs "
         f"{sync_raw * 1000:.0f} ms, async {async_sdk * 1000:.0f} vs {async_raw * 1000:.0f} ms)", "<= 1.3 both")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
