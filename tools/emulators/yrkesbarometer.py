"""The Yrkesbarometer file, `GET /prognoser/yrkesbarometer.json`, over tools/snapshot_world/yrkesbarometer."""

from __future__ import annotations

import httpx

from ._base import Emulator, load_world


class YrkesbarometerEmulator:
    host = "data.arbetsformedlingen.se"

    def __init__(self) -> None:
        self.rows = load_world("yrkesbarometer", "yrkesbarometer.json")

    def handle(self, request: httpx.Request) -> httpx.Response | None:
        if request.method == "GET" and request.url.path == "/prognoser/yrkesbarometer.json":
            # The whole file, a JSON array, whatever the query string (the file has no query interface).
            return httpx.Response(200, json=self.rows)
        return httpx.Response(404, text="Not Found")


EMULATORS: tuple[type[Emulator], ...] = (YrkesbarometerEmulator,)
