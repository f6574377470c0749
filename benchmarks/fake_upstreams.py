"""Fake upstreams over HTTP on 127.0.0.1, for measuring a real `kllgraph-gateway serve` process in live mode.

    python benchmarks/fake_upstreams.py PORT [--latency-ms 20]

Every source is served under `/<source>` (point the gateway at it with `KLLGRAPH_<SOURCE>_URL=http://127.0.0.1:PORT/
<source>`, as `gateway_env` below does): each request is answered from the bundled offline snapshot after the
latency, like an agency on a fast network. One exception makes a stream of distinct queries possible: a JobSearch
`/search` with a free-text `q` gets the snapshot's unfiltered first page (its ads, whatever `q` says), as the issue's
side-by-side comparison with Hive Gateway did ("a distinct 5-ad query per request, so every request calls JobSearch").
Requests the snapshot does not hold are answered 404. Prints `ready` once listening.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kllgraph_gateway import Settings
from kllgraph_gateway._app import source_bases
from kllgraph_gateway._cache import cache_key
from kllgraph_gateway._registry import SOURCES
from kllgraph_gateway._snapshot import ReplayTransport, SourceBase
from kllgraph_gateway._upstream import SnapshotMissingError

__all__ = ["app", "gateway_env"]


def gateway_env(port: int, **settings: str) -> dict[str, str]:
    """This process's environment without KLLGRAPH_* settings, every source pointed at the fakes on `port`, plus
    `settings` (KLLGRAPH_<KEY>=value). SweCRIS gets a token (the fake accepts any)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KLLGRAPH_")}
    for source in SOURCES:
        env[f"KLLGRAPH_{source.name.upper()}_URL"] = f"http://127.0.0.1:{port}/{source.name}"
    env["KLLGRAPH_SWECRIS_TOKEN"] = "benchmark"
    env.update({f"KLLGRAPH_{key.upper()}": value for key, value in settings.items()})
    return env


def app(port: int, latency: float) -> Starlette:
    snapshot = Settings(offline=True).snapshot_dir
    bases = [SourceBase(base.name, f"http://127.0.0.1:{port}/{base.name}") for base in source_bases(Settings())]
    replay = ReplayTransport(snapshot, bases)
    first_page = replay.exchanges[cache_key("jobsearch", "GET", "/search", (("offset", "0"), ("limit", "100")),
                                            None)]

    async def answer(request: Request) -> Response:
        await asyncio.sleep(latency)
        url = httpx.URL(str(request.url))
        if url.path == "/jobsearch/search" and url.params.get("q"):
            return Response(first_page.content, first_page.status, media_type=first_page.content_type)
        upstream = httpx.Request(request.method, url, headers=request.headers, content=await request.body())
        try:
            replayed = await replay.handle_async_request(upstream)
        except SnapshotMissingError:
            return Response(b'{"message": "not in the snapshot"}', 404, media_type="application/json")
        return Response(replayed.content, replayed.status_code, media_type=replayed.headers.get("content-type"))

    return Starlette(routes=[Route("/{path:path}", answer, methods=["GET", "POST"])])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("port", type=int)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    args = parser.parse_args()
    config = uvicorn.Config(app(args.port, args.latency_ms / 1000), host="127.0.0.1", port=args.port,
                            log_level="warning", access_log=False)
    server = uvicorn.Server(config)

    async def run() -> None:
        task = asyncio.create_task(server.serve())
        while not server.started:
            await asyncio.sleep(0.01)
        print("ready", flush=True)
        await task

    asyncio.run(run())
    sys.exit(0)


if __name__ == "__main__":
    main()
