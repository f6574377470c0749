import pytest

from .fake_gateway import FakeGateway


@pytest.fixture
def gateway() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Records the waits between retries instead of sleeping (sync and async clients)."""
    recorded: list[float] = []

    def record(seconds: float) -> None:
        recorded.append(seconds)

    async def record_async(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr("kllgraph._base_client.time.sleep", record)
    monkeypatch.setattr("anyio.sleep", record_async)  # the async client imports anyio on its first sleep
    return recorded
