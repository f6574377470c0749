"""GraphiQL really renders and runs a query in headless Chromium with every non-local request blocked.

Uses Debian's /usr/bin/chromium through the `playwright` package (never `playwright install`, which
downloads a browser). The gateway runs in a real uvicorn server on 127.0.0.1 in a background thread.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.sync_api import ConsoleMessage, Error, Request, Route, WebSocket, expect, sync_playwright
from starlette.types import ASGIApp

CHROMIUM = Path("/usr/bin/chromium")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    # Second line of defence below Playwright's routing: any host name but loopback fails to resolve, so
    # nothing Chromium does on its own (or a request the route misses) can reach the network.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]


@contextlib.contextmanager
def serve(app: ASGIApp) -> Iterator[str]:
    """Run ``app`` under uvicorn on a free 127.0.0.1 port in a thread; yield its base URL; stop it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))  # port 0: the OS picks a free one, so parallel runs do not collide
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="auto"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert thread.is_alive(), "uvicorn exited during startup"
            assert time.monotonic() < deadline, "uvicorn did not start within 20 s"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        sock.close()
        assert not thread.is_alive(), "uvicorn did not stop"


@dataclass
class BrowserRun:
    blocked: list[str] = field(default_factory=list)  # non-local URLs the page tried to load
    requested: list[str] = field(default_factory=list)  # every URL the page asked for
    websockets: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    graphql_posts: list[dict[str, str]] = field(default_factory=list)  # headers of POSTs carrying our query
    initial_query: str = ""
    result_text: str = ""
    banner_text: str | None = None  # the offline banner's visible text; None when the page shows no banner


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob"} or (
        parts.scheme in {"http", "https", "ws", "wss"} and (parts.hostname or "") in LOCAL_HOSTS
    )


def run_graphiql(base_url: str, graphiql_path: str, screenshot: Path) -> BrowserRun:
    """Open GraphiQL at ``base_url + graphiql_path``, run ``{ __typename }``, and record what happened."""
    run = BrowserRun()

    def route(route: Route) -> None:
        if _is_local(route.request.url):
            route.continue_()
        else:
            run.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def on_request(request: Request) -> None:
        run.requested.append(request.url)
        if request.method == "POST" and "__typename" in (request.post_data or ""):
            run.graphql_posts.append(request.all_headers())

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            run.console_errors.append(message.text)

    def on_page_error(error: Error) -> None:
        run.page_errors.append(str(error))

    def on_websocket(ws: WebSocket) -> None:
        run.websockets.append(ws.url)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 800}, service_workers="block")
            context.route("**/*", route)
            page = context.new_page()
            page.on("request", on_request)
            page.on("console", on_console)
            page.on("pageerror", on_page_error)
            page.on("websocket", on_websocket)

            # A navigation sends Accept: text/html, which is what makes GET /graphql answer with the page.
            page.goto(base_url + graphiql_path, wait_until="load")
            editor = page.locator(".graphiql-query-editor .CodeMirror")
            expect(editor).to_be_visible(timeout=30_000)
            expect(page.locator("#graphiql")).not_to_contain_text("Loading")
            run.initial_query = editor.evaluate("el => el.CodeMirror.getValue()")
            banner = page.locator("#kllgraph-offline-banner")
            if banner.count():
                expect(banner).to_be_visible()
                box = banner.bounding_box()
                assert box is not None and box["height"] > 10 and box["y"] < 5  # on screen, at the top
                run.banner_text = banner.inner_text()

            # Type the query like a person: focus the editor, select all, replace. insert_text sends one input
            # event, so CodeMirror's bracket auto-closing does not add a second "}".
            editor.click()
            page.keyboard.press("Control+A")
            page.keyboard.press("Delete")
            page.keyboard.insert_text("{ __typename }")
            expect(editor).to_contain_text("{ __typename }")
            assert editor.evaluate("el => el.CodeMirror.getValue()") == "{ __typename }"

            page.locator(".graphiql-execute-button").click()
            result = page.locator(".graphiql-response")
            expect(result).to_contain_text('"__typename": "Query"', timeout=15_000, use_inner_text=True)
            run.result_text = result.inner_text()
            page.screenshot(path=str(screenshot))
        finally:
            browser.close()
    return run


def test_graphiql_runs_a_query_with_no_network(tmp_path: Path) -> None:
    from kllgraph_gateway import Settings, create_app

    app = create_app(Settings(offline=True))
    with serve(app) as base_url:
        run = run_graphiql(base_url, "/graphql", tmp_path / "graphiql.png")

    assert run.blocked == []
    assert run.websockets == []
    assert [u for u in run.requested if not _is_local(u)] == []
    # The page actually came from the gateway (not some cached or error page): its assets were requested.
    assert any(u.endswith("/static/graphiql/graphiql.min.js") for u in run.requested), run.requested
    assert run.page_errors == []
    assert run.console_errors == []
    assert run.initial_query.strip() != ""  # the gateway's default query is in the editor on first load
    assert '"__typename": "Query"' in run.result_text
    assert len(run.graphql_posts) == 1, run.graphql_posts
    headers = run.graphql_posts[0]
    assert headers["accept"] == "application/graphql-response+json, application/json"
    assert headers["content-type"] == "application/json"
    # Offline, a visible banner says the answers are composed snapshot data, with the snapshot's date.
    assert run.banner_text is not None
    assert "Offline mode" in run.banner_text and "composed snapshot data" in run.banner_text
    assert "2026-11-27" in run.banner_text


def test_graphiql_live_shows_no_offline_banner(tmp_path: Path) -> None:
    import httpx

    from kllgraph_gateway import Settings, create_app

    # Live, with an upstream that is never asked (the page's own query reaches only the gateway).
    app = create_app(Settings(offline=False), transport=httpx.MockTransport(lambda r: httpx.Response(599)))
    with serve(app) as base_url:
        run = run_graphiql(base_url, "/graphql", tmp_path / "graphiql-live.png")
    assert run.banner_text is None
    assert '"__typename": "Query"' in run.result_text
