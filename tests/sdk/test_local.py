"""`Client.local()` and its in-process transports: first against tiny ASGI apps, then the real offline gateway."""

import json
import sys
import types
from collections.abc import Iterator

import httpx
import pytest

import kllgraph
from kllgraph._constants import LOCAL_BASE_URL
from kllgraph._local import (
    AsyncInProcessTransport,
    InProcessApp,
    LifespanError,
    Message,
    Receive,
    Scope,
    Send,
    SyncInProcessTransport,
)

# The bundled snapshot is composed data: the SDK warns once per client (tests/sdk/test_provenance.py checks it).
pytestmark = pytest.mark.filterwarnings("ignore::kllgraph.ComposedDataWarning")


class EchoApp:
    """Answers every request with `{"data": {"echo": <variables>, "started": <lifespan state>}}`."""

    def __init__(self, *, startup_fails: bool = False, lifespan: bool = True) -> None:
        self.events: list[str] = []
        self.startup_fails = startup_fails
        self.lifespan = lifespan

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            if not self.lifespan:
                raise RuntimeError("lifespan not supported")
            await self._lifespan(scope, receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if scope["path"] == "/crash":
            raise RuntimeError("app bug")
        variables = json.loads(body)["variables"]
        payload = json.dumps({"data": {"echo": variables, "started": scope["state"].get("started")}}).encode()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": payload})

    async def _lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        while True:
            message: Message = await receive()
            self.events.append(message["type"])
            if message["type"] == "lifespan.startup":
                if self.startup_fails:
                    await send({"type": "lifespan.startup.failed", "message": "no snapshot"})
                    return
                scope["state"]["started"] = True
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


def test_sync_client_drives_an_async_app_with_its_lifespan() -> None:
    app = EchoApp()
    with kllgraph.Client(LOCAL_BASE_URL, transport=SyncInProcessTransport(InProcessApp(app))) as client:
        assert app.events == ["lifespan.startup"]
        assert client.execute("query { echo }", {"n": 1}) == {"echo": {"n": 1}, "started": True}
    assert app.events == ["lifespan.startup", "lifespan.shutdown"]


async def test_async_client_runs_the_app_on_its_own_loop() -> None:
    app = EchoApp()
    async with kllgraph.AsyncClient(LOCAL_BASE_URL, transport=AsyncInProcessTransport(InProcessApp(app))) as client:
        assert await client.execute("query { echo }", {"n": 2}) == {"echo": {"n": 2}, "started": True}
    assert app.events == ["lifespan.startup", "lifespan.shutdown"]


def test_startup_failure_raises_and_stops_the_loop() -> None:
    with pytest.raises(LifespanError, match="no snapshot"):
        InProcessApp(EchoApp(startup_fails=True))


def test_app_without_lifespan_support_is_served() -> None:
    in_process = InProcessApp(EchoApp(lifespan=False))
    with kllgraph.Client(LOCAL_BASE_URL, transport=SyncInProcessTransport(in_process)) as client:
        assert client.execute("query { echo }", {"n": 3}) == {"echo": {"n": 3}, "started": None}


def test_app_exception_becomes_a_500(sleeps: list[float]) -> None:
    transport = SyncInProcessTransport(InProcessApp(EchoApp()))
    client = kllgraph.Client("http://localhost/crash", transport=transport, max_retries=1)
    with client, pytest.raises(kllgraph.APIStatusError) as caught:
        client.execute("{ x }")
    assert caught.value.status_code == 500
    assert len(sleeps) == 1


def test_closed_app_refuses_requests() -> None:
    in_process = InProcessApp(EchoApp())
    in_process.close()
    in_process.close()  # idempotent
    with pytest.raises(httpx.ConnectError):
        in_process.handle(httpx.Request("POST", LOCAL_BASE_URL, content=b"{}"))


def test_local_without_create_app_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    # An installed kllgraph_gateway that predates create_app/Settings.
    monkeypatch.setitem(sys.modules, "kllgraph_gateway", types.ModuleType("kllgraph_gateway"))
    with pytest.raises(ImportError, match=r'pip install "kllgraph\[gateway\]"'):
        kllgraph.Client.local()


# --- the real gateway, offline, through the generated operation methods -----------------------------------


@pytest.fixture(scope="module")
def local_client() -> Iterator[kllgraph.Client]:
    with kllgraph.Client.local(offline=True) as client:
        yield client


def test_local_gateway_raw_execute(local_client: kllgraph.Client) -> None:
    assert local_client.execute("{ __typename }") == {"__typename": "Query"}


def test_local_gateway_paginates_job_ads(local_client: kllgraph.Client) -> None:
    paginator = local_client.job_ads(first=20)
    total = paginator.total_count
    assert total is not None and total > 20
    ads = list(paginator)
    assert len(ads) == total
    assert len({ad.id for ad in ads}) == total
    assert all(ad.headline for ad in ads)
    single = local_client.job_ad(id=ads[0].id)
    assert single is not None
    assert (single.id, single.headline) == (ads[0].id, ads[0].headline)


def test_local_gateway_bad_input_is_typed(local_client: kllgraph.Client) -> None:
    with pytest.raises(kllgraph.BadUserInputError) as caught:
        local_client.execute("{ jobAds(first: 100000) { totalCount } }")
    assert caught.value.errors[0].path == ("jobAds",)


async def test_async_local_gateway() -> None:
    async with kllgraph.AsyncClient.local(offline=True) as client:
        page = await client.job_ads(first=5)
        assert len(page) == 5
        assert page.total_count is not None
        ids = [ad.id async for ad in client.job_ads(first=25, max_items=30)]
        assert len(ids) == min(30, page.total_count)
