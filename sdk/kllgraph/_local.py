"""An in-process gateway for `Client.local()` / `AsyncClient.local()`.

The ASGI app runs with its lifespan on its own event loop in a daemon thread (an anyio `BlockingPortal`);
both transports hand each request to that loop. So the sync client can drive an async app, and the async
client never shares loop-bound state (connection pools, rate limiters) with the caller's loop.
"""

import contextlib
import importlib
import logging
import math
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from typing import Any

import anyio
import anyio.to_thread
import httpx
from anyio.from_thread import BlockingPortal

from ._constants import GATEWAY_INSTALL_HINT

log = logging.getLogger("kllgraph")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def create_gateway_app(*, offline: bool) -> ASGIApp:
    """`kllgraph_gateway.create_app(Settings(offline=...))`, or an ImportError naming the extra to install."""
    try:
        gateway: Any = importlib.import_module("kllgraph_gateway")
    except ImportError as exc:
        raise ImportError(f"Client.local() needs the gateway: {GATEWAY_INSTALL_HINT} ({exc})") from exc
    create_app = getattr(gateway, "create_app", None)
    settings_class = getattr(gateway, "Settings", None)
    if create_app is None or settings_class is None:
        raise ImportError(
            "Client.local() needs kllgraph_gateway.create_app and kllgraph_gateway.Settings; "
            f"the installed kllgraph_gateway has no such names ({GATEWAY_INSTALL_HINT})"
        )
    app: ASGIApp = create_app(settings_class(offline=offline))
    return app


class LifespanError(RuntimeError):
    """The app reported that its startup failed."""


@contextlib.asynccontextmanager
async def asgi_lifespan(app: ASGIApp, state: dict[str, Any]) -> AsyncIterator[None]:
    """Run the ASGI lifespan protocol around the block: startup before, shutdown after."""
    # Unbounded towards the app: an app without lifespan support never reads, and sending must not block.
    to_app_send, to_app_receive = anyio.create_memory_object_stream[Message](math.inf)
    from_app_send, from_app_receive = anyio.create_memory_object_stream[Message](1)

    async def run_app() -> None:
        scope: Scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": state}
        try:
            await app(scope, to_app_receive.receive, from_app_send.send)
        except Exception:
            # ASGI spec: an app that raises on the lifespan scope does not support it; serve on without.
            log.debug("ASGI app does not support lifespan", exc_info=True)
        finally:
            from_app_send.close()

    async def exchange(phase: str) -> str | None:
        """Send `lifespan.<phase>`; the app's failure message, or None if it completed (or has no lifespan)."""
        await to_app_send.send({"type": f"lifespan.{phase}"})
        try:
            message = await from_app_receive.receive()
        except anyio.EndOfStream:
            return None  # the app returned without answering: no lifespan support
        if message["type"] == f"lifespan.{phase}.failed":
            return str(message.get("message", ""))
        return None

    # Failures are raised outside the task group, which would wrap them in an ExceptionGroup.
    startup_failure: str | None = None
    async with (
        anyio.create_task_group() as task_group,
        to_app_send,
        to_app_receive,
        from_app_send,
        from_app_receive,
    ):
        task_group.start_soon(run_app)
        startup_failure = await exchange("startup")
        if startup_failure is None:
            try:
                yield
            finally:
                shutdown_failure = await exchange("shutdown")
                if shutdown_failure is not None:
                    log.warning("ASGI lifespan.shutdown failed: %s", shutdown_failure)
    if startup_failure is not None:
        raise LifespanError(f"ASGI lifespan.startup failed: {startup_failure}")


class InProcessApp:
    """An ASGI app served on a private event loop in a daemon thread, with its lifespan started.

    The thread is a daemon so an unclosed client cannot keep the interpreter from exiting.
    """

    def __init__(self, app: ASGIApp) -> None:
        self._state: dict[str, Any] = {}
        self._closed = False
        self._close_lock = threading.Lock()
        self._transport = httpx.ASGITransport(app=self._with_lifespan_state(app), raise_app_exceptions=False)
        self._portal_ready = threading.Event()
        self._portal: BlockingPortal | None = None
        self._thread = threading.Thread(target=anyio.run, args=(self._serve,), name="kllgraph-local", daemon=True)
        self._thread.start()
        self._portal_ready.wait()
        if self._portal is None:
            raise RuntimeError("could not start the event loop of the in-process gateway")
        self._lifespan: contextlib.AbstractContextManager[None] = self._portal.wrap_async_context_manager(
            asgi_lifespan(app, self._state)
        )
        try:
            self._lifespan.__enter__()
        except BaseException:
            self._stop_portal()
            raise

    def _with_lifespan_state(self, app: ASGIApp) -> ASGIApp:
        # ASGI lifespan state: each request scope gets a shallow copy of what startup put into `state`.
        async def app_with_state(scope: Scope, receive: Receive, send: Send) -> None:
            await app({**scope, "state": dict(self._state)}, receive, send)

        return app_with_state

    async def _serve(self) -> None:
        try:
            async with BlockingPortal() as portal:
                self._portal = portal
                self._portal_ready.set()
                await portal.sleep_until_stopped()
        finally:
            self._portal_ready.set()

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Serve one request (body already read) on the app's loop; blocks the calling thread."""
        if self._closed or self._portal is None:
            raise httpx.ConnectError("the in-process gateway is closed", request=request)
        status_code, headers, content = self._portal.call(self._handle, request)
        return httpx.Response(status_code, headers=headers, content=content, request=request)

    async def _handle(self, request: httpx.Request) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        response = await self._transport.handle_async_request(
            httpx.Request(
                request.method,
                request.url,
                headers=request.headers,
                content=request.content,
                extensions=request.extensions,
            )
        )
        # Raw bytes: the calling client decodes any Content-Encoding itself.
        content = b"".join([chunk async for chunk in response.aiter_raw()])
        await response.aclose()
        return response.status_code, response.headers.raw, content

    def close(self) -> None:
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        try:
            self._lifespan.__exit__(None, None, None)
        finally:
            self._stop_portal()

    def _stop_portal(self) -> None:
        if self._portal is not None:
            self._portal.call(self._portal.stop)
        self._thread.join()


class SyncInProcessTransport(httpx.BaseTransport):
    def __init__(self, app: InProcessApp) -> None:
        self._app = app

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return self._app.handle(request)

    def close(self) -> None:
        self._app.close()


class AsyncInProcessTransport(httpx.AsyncBaseTransport):
    def __init__(self, app: InProcessApp) -> None:
        self._app = app

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return await anyio.to_thread.run_sync(self._app.handle, request)

    async def aclose(self) -> None:
        await anyio.to_thread.run_sync(self._app.close)
