"""A URL that is not the GraphQL endpoint gives an error naming the likely endpoint; same-origin 307/308 are
followed, other redirects are not."""

import httpx
import pytest

import kllgraph
from kllgraph._base_client import likely_endpoint
from kllgraph._local import InProcessApp, SyncInProcessTransport, create_gateway_app

from .fake_gateway import FakeGateway, graphql_response

pytestmark = pytest.mark.filterwarnings("ignore::kllgraph.ComposedDataWarning")


def offline_gateway() -> SyncInProcessTransport:
    return SyncInProcessTransport(InProcessApp(create_gateway_app(offline=True)))


def test_gateway_root_without_graphql_path_names_the_endpoint() -> None:
    with (
        kllgraph.Client("http://127.0.0.1:8000", transport=offline_gateway()) as client,
        pytest.raises(kllgraph.APIStatusError, match=r"http://127\.0\.0\.1:8000/graphql") as raised,
    ):
        client.execute("{ __typename }")
    assert raised.value.status_code in (404, 405)
    assert "Is this the GraphQL endpoint?" in str(raised.value)


def test_trailing_slash_redirect_of_the_real_gateway_is_followed() -> None:
    with kllgraph.Client("http://127.0.0.1:8000/graphql/", transport=offline_gateway()) as client:
        assert client.execute("{ __typename }") == {"__typename": "Query"}


def redirecting(status: int, location: str) -> FakeGateway:
    def respond(request: httpx.Request, payload: dict[str, object]) -> httpx.Response:
        if request.url.path == "/graphql" and request.url.host == "gw.test":
            assert request.method == "POST" and payload["query"] == "{ __typename }"  # method and body kept
            return graphql_response({"__typename": "Query"})
        return httpx.Response(status, headers={"location": location})

    return FakeGateway(respond)


@pytest.mark.parametrize("status", [307, 308])
def test_same_origin_307_and_308_are_followed(status: int) -> None:
    gateway = redirecting(status, "/graphql")
    client = kllgraph.Client("http://gw.test/api/", transport=gateway.transport)
    assert client.execute("{ __typename }") == {"__typename": "Query"}
    assert [str(r.url) for r in gateway.requests] == ["http://gw.test/api/", "http://gw.test/graphql"]


def test_cross_origin_redirect_is_not_followed() -> None:
    gateway = redirecting(307, "http://elsewhere.test/graphql")
    client = kllgraph.Client("http://gw.test/", transport=gateway.transport)
    with pytest.raises(kllgraph.APIStatusError, match=r"elsewhere\.test/graphql, not followed") as raised:
        client.execute("{ __typename }")
    assert "http://gw.test/graphql" in str(raised.value)
    assert len(gateway.requests) == 1


def test_redirect_that_would_turn_post_into_get_is_not_followed() -> None:
    client = kllgraph.Client("http://gw.test", transport=redirecting(302, "/graphql").transport)
    with pytest.raises(kllgraph.APIStatusError, match=r"HTTP 302 .*http://gw\.test/graphql"):
        client.execute("{ __typename }")


def test_redirect_loop_stops() -> None:
    gateway = FakeGateway(lambda request, payload: httpx.Response(307, headers={"location": "/loop"}))
    client = kllgraph.Client("http://gw.test/loop", transport=gateway.transport)
    with pytest.raises(kllgraph.APIStatusError, match="HTTP 307"):
        client.execute("{ __typename }")
    assert len(gateway.requests) == 6  # the request and five redirects


def test_404_at_the_endpoint_itself_has_no_misleading_hint() -> None:
    not_found = FakeGateway(lambda request, payload: httpx.Response(404))
    client = kllgraph.Client("http://gw.test/graphql", transport=not_found.transport)
    with pytest.raises(kllgraph.APIStatusError) as raised:
        client.execute("{ __typename }")
    assert "Is this the GraphQL endpoint?" not in str(raised.value)


@pytest.mark.parametrize(
    ("url", "endpoint"),
    [
        ("http://h:8000", "http://h:8000/graphql"),
        ("http://h:8000/", "http://h:8000/graphql"),
        ("http://h/api?x=1", "http://h/api/graphql"),
        ("http://h/graphql/", "http://h/graphql"),
    ],
)
def test_likely_endpoint(url: str, endpoint: str) -> None:
    assert str(likely_endpoint(httpx.URL(url))) == endpoint
