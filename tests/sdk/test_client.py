"""The composition of runtime and generated code in `kllgraph._client`."""

import importlib
import inspect

import pytest

import kllgraph
from kllgraph import _client


def test_each_client_is_one_class_over_the_generated_operations() -> None:
    generated = importlib.import_module("kllgraph._generated.client")
    assert kllgraph.Client.__mro__[1] is generated.GeneratedClient
    assert kllgraph.AsyncClient.__mro__[1] is generated.GeneratedAsyncClient
    assert generated.GeneratedClient.__bases__ == (kllgraph.SyncClientBase,)
    assert generated.GeneratedAsyncClient.__bases__ == (kllgraph.AsyncClientBase,)


def test_the_composition_is_static() -> None:
    source = inspect.getsource(_client)
    assert "try:" not in source and "import_module" not in source


def test_options_are_shared_by_both_twins() -> None:
    sync_client = kllgraph.Client("http://gw.test/graphql", max_retries=5, cache_ttl=5, headers={"x-team": "a"})
    async_client = kllgraph.AsyncClient("http://gw.test/graphql", max_retries=5, cache=False)
    assert sync_client.max_retries == async_client.max_retries == 5
    assert sync_client.cache.ttl == 5 and async_client.cache.ttl is None
    assert sync_client.headers["x-team"] == "a"
    with pytest.raises(ValueError, match="max_retries"):
        kllgraph.Client(max_retries=-1)
