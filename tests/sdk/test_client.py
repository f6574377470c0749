"""The composition of runtime and generated code in `kllgraph._client`."""

import importlib
import types

import pytest

import kllgraph
from kllgraph import _client


def test_client_has_the_generated_operations_when_present() -> None:
    generated = importlib.import_module("kllgraph._generated.client")
    assert issubclass(kllgraph.Client, generated.GeneratedClient)
    assert issubclass(kllgraph.AsyncClient, generated.GeneratedAsyncClient)
    assert issubclass(kllgraph.Client, kllgraph.SyncClientBase)
    assert issubclass(kllgraph.AsyncClient, kllgraph.AsyncClientBase)


def test_without_generated_code_the_clients_still_have_execute(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_generated_yet(name: str) -> types.ModuleType:
        raise ModuleNotFoundError(f"No module named {name!r}", name="kllgraph._generated")

    monkeypatch.setattr(importlib, "import_module", not_generated_yet)
    sync_operations, async_operations = _client._generated_operations()
    assert sync_operations is async_operations is _client._NoGeneratedOperations
    fallback = type("Fallback", (sync_operations, kllgraph.SyncClientBase), {})
    assert issubclass(fallback, kllgraph.SyncClientBase)  # the bases compose into a valid MRO


def test_broken_generated_code_is_not_mistaken_for_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(name: str) -> types.ModuleType:
        raise ModuleNotFoundError("No module named 'some_dependency'", name="some_dependency")

    monkeypatch.setattr(importlib, "import_module", broken)
    with pytest.raises(ModuleNotFoundError, match="some_dependency"):
        _client._generated_operations()


def test_options_are_shared_by_both_twins() -> None:
    sync_client = kllgraph.Client("http://gw.test/graphql", max_retries=5, cache_ttl=5, headers={"x-team": "a"})
    async_client = kllgraph.AsyncClient("http://gw.test/graphql", max_retries=5, cache=False)
    assert sync_client.max_retries == async_client.max_retries == 5
    assert sync_client.cache.ttl == 5 and async_client.cache.ttl is None
    assert sync_client.headers["x-team"] == "a"
    with pytest.raises(ValueError, match="max_retries"):
        kllgraph.Client(max_retries=-1)
