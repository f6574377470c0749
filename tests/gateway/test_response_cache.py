"""The whole-response cache, ETag/304 and automatic persisted queries (Apollo APQ), end to end over HTTP."""

from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from kllgraph_gateway._answers import _normalised_form, parse_document
from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from .harness import GRAPHQL_RESPONSE, CountingTransport, make_settings, running_gateway, world
from .test_redis_cache import redis_server_process

QUERY = "{ jobAds(first: 3) { totalCount edges { node { headline occupation { ssykCode } } } } }"
SEARCH = ("jobsearch.api.jobtechdev.se", "/search")
JSON = "application/json"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def hit(body: dict[str, Any]) -> bool:
    return bool(body.get("extensions", {}).get("kllgraph", {}).get("responseCache") == "hit")


class Upstreams:
    """JobSearch and the Taxonomy in their real shapes; either can be made to fail."""

    def __init__(self) -> None:
        self.search_down = False
        self.taxonomy_down = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/search":
            if self.search_down:
                return httpx.Response(503)
            return httpx.Response(200, json={"total": {"value": 3}, "hits": world("jobsearch_ads.json")[:3]})
        if self.taxonomy_down:
            return httpx.Response(500)
        return httpx.Response(200, json=world("taxonomy_occupations.json"))

    def counting(self) -> CountingTransport:
        return CountingTransport(httpx.MockTransport(self))


async def post(client: httpx.AsyncClient, payload: dict[str, Any], accept: str = GRAPHQL_RESPONSE,
               headers: dict[str, str] | None = None) -> httpx.Response:
    return await client.post("/graphql", json=payload, headers={"accept": accept, **(headers or {})})


# --- the cache -------------------------------------------------------------------------------------------


async def test_a_repeated_query_is_a_hit_that_executes_nothing() -> None:
    upstreams = Upstreams()
    transport = upstreams.counting()
    async with running_gateway(transport) as gateway:
        _, first = await gateway.query(QUERY)
        assert "errors" not in first and not hit(first)  # executed: the answer reads as without the cache
        assert "extensions" not in first
        calls = sum(transport.counts.values())
        # Nothing upstream can answer now and the upstream cache is empty: only a stored answer can be served.
        upstreams.search_down = upstreams.taxonomy_down = True
        await gateway.upstream.cache.clear()
        _, second = await gateway.query(QUERY)
        # Layout and comments are not part of the key: the normalised document is.
        _, reformatted = await gateway.query("# the same query\nquery {\n  jobAds(first: 3) {\n totalCount\n"
                                             "    edges { node { headline occupation { ssykCode } } } } }")
        metrics = (await gateway.client.get("/metrics")).text
    assert hit(second) and hit(reformatted)
    assert second["data"] == reformatted["data"] == first["data"]
    assert sum(transport.counts.values()) == calls
    assert 'kllgraph_response_cache_lookups_total{result="hit"} 2.0' in metrics
    assert 'kllgraph_response_cache_lookups_total{result="miss"} 1.0' in metrics


async def test_variables_and_operation_name_are_part_of_the_key() -> None:
    query = "query Ads($n: Int) { jobAds(first: $n) { totalCount } } query Other { jobAds(first: 1) { totalCount } }"
    transport = Upstreams().counting()
    async with running_gateway(transport) as gateway:
        answers = [await post(gateway.client, {"query": query, "operationName": name, "variables": variables})
                   for name, variables in (("Ads", {"n": 2}), ("Ads", {"n": 3}), ("Other", None), ("Ads", {"n": 2}),
                                           ("Other", {}))]
    bodies = [a.json() for a in answers]
    assert [hit(b) for b in bodies] == [False, False, False, True, True]
    assert all("errors" not in b for b in bodies)


async def test_the_ttl_is_the_shortest_of_the_sources_used_and_expires() -> None:
    transport = Upstreams().counting()
    settings = make_settings(source_ttls={"jobsearch": 0.3, "taxonomy": 3600})
    async with running_gateway(transport, settings=settings) as gateway:
        _, first = await gateway.query(QUERY)
        _, second = await gateway.query(QUERY)
        await asyncio.sleep(0.35)
        _, third = await gateway.query(QUERY)
        _, fourth = await gateway.query(QUERY)
    assert not hit(first) and hit(second)
    assert not hit(third) and hit(fourth)  # expired with JobSearch's TTL, not the Taxonomy's
    assert transport.counts[SEARCH] == 2
    assert first["data"] == third["data"]


async def test_max_age_counts_down_from_the_shortest_source_ttl_and_the_cap() -> None:
    async with running_gateway(Upstreams().counting()) as gateway:  # JobSearch 300 s, Taxonomy 24 h
        response = await gateway.client.get("/graphql", params={"query": QUERY}, headers={"accept": JSON})
    max_age = int(response.headers["cache-control"].removeprefix("public, max-age="))
    assert 295 <= max_age <= 300
    async with running_gateway(Upstreams().counting(),
                               settings=make_settings(response_cache_max_ttl_seconds=60)) as gateway:
        response = await gateway.client.get("/graphql", params={"query": QUERY}, headers={"accept": JSON})
    assert response.headers["cache-control"] in ("public, max-age=60", "public, max-age=59")


async def test_answers_with_errors_are_not_stored() -> None:
    upstreams = Upstreams()
    upstreams.taxonomy_down = True
    transport = upstreams.counting()
    async with running_gateway(transport) as gateway:
        _, first = await gateway.query(QUERY)
        response = await gateway.client.get("/graphql", params={"query": QUERY}, headers={"accept": JSON})
        upstreams.taxonomy_down = False
        _, healed = await gateway.query(QUERY)
    second = response.json()
    assert first["errors"] and second["errors"] and not hit(second)
    assert response.headers["cache-control"] == "no-store" and "etag" not in response.headers
    # The partial answer was not kept: once the Taxonomy answers, the whole answer is complete.
    assert "errors" not in healed and not hit(healed)
    assert all(edge["node"]["occupation"] for edge in healed["data"]["jobAds"]["edges"])


async def test_stale_answers_are_not_stored() -> None:
    upstreams = Upstreams()
    settings = make_settings(source_ttls={"jobsearch": 0.05})  # stale-if-error keeps it for a day
    async with running_gateway(upstreams.counting(), settings=settings) as gateway:
        await gateway.query(QUERY)
        await asyncio.sleep(0.06)
        upstreams.search_down = True
        _, stale = await gateway.query(QUERY)
        _, again = await gateway.query(QUERY)
    assert "errors" not in stale and stale["extensions"]["kllgraph"]["stale"][0]["source"] == "jobsearch"
    assert not hit(again) and again["extensions"]["kllgraph"]["stale"]  # served stale again, not from the cache


async def test_answers_about_the_gateway_itself_are_not_stored() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        bodies = [(await gateway.query(q))[1] for q in ("{ sources { name lastError } regions { code } }",
                                                        "{ sources { name lastError } regions { code } }",
                                                        "{ __typename }", "{ __typename }")]
    assert all("errors" not in b and not hit(b) for b in bodies)


async def test_a_hit_offline_still_carries_the_offline_notice() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        _, first = await gateway.query("{ regions { code name } }")
        _, second = await gateway.query("{ regions { code name } }")
    assert not hit(first) and hit(second)
    notice = dict(second["extensions"]["kllgraph"])
    assert notice.pop("responseCache") == "hit"
    assert notice == first["extensions"]["kllgraph"] and notice["mode"] == "offline"
    assert notice["snapshot"]["provenance"]


async def test_the_off_switch_turns_off_cache_and_cache_headers() -> None:
    transport = Upstreams().counting()
    async with running_gateway(transport, settings=make_settings(response_cache=False)) as gateway:
        responses = [await gateway.client.get("/graphql", params={"query": QUERY}, headers={"accept": JSON})
                     for _ in range(2)]
        metrics = (await gateway.client.get("/metrics")).text
    assert [hit(r.json()) for r in responses] == [False, False]
    assert all("etag" not in r.headers and "cache-control" not in r.headers for r in responses)
    assert "kllgraph_response_cache_lookups_total{" not in metrics
    assert transport.counts[SEARCH] == 1  # the upstream cache still answers the second time


# --- ETag and 304 ----------------------------------------------------------------------------------------


async def test_get_answers_carry_an_etag_and_answer_304_to_a_match() -> None:
    async with running_gateway(Upstreams().counting()) as gateway:
        client = gateway.client
        first = await client.get("/graphql", params={"query": QUERY}, headers={"accept": JSON})
        etag = first.headers["etag"]
        assert first.headers["cache-control"].startswith("public, max-age=")
        second = await client.get("/graphql", params={"query": QUERY}, headers={"accept": JSON})
        assert hit(second.json()) and second.headers["etag"] == etag  # the executed and the stored answer alike
        not_modified = await client.get("/graphql", params={"query": QUERY},
                                        headers={"accept": JSON, "if-none-match": f'"other", {etag}'})
        assert not_modified.status_code == 304 and not_modified.content == b""
        assert not_modified.headers["etag"] == etag and not_modified.headers["cache-control"].startswith("public")
        starred = await client.get("/graphql", params={"query": QUERY}, headers={"accept": JSON,
                                                                                  "if-none-match": "*"})
        assert starred.status_code == 304
        changed = await client.get("/graphql", params={"query": QUERY},
                                   headers={"accept": JSON, "if-none-match": 'W/"something-else"'})
        assert changed.status_code == 200 and hit(changed.json())
        # The other media type is another representation: another tag, so the JSON one does not match it.
        other = await client.get("/graphql", params={"query": QUERY},
                                 headers={"accept": GRAPHQL_RESPONSE, "if-none-match": etag})
        assert other.status_code == 200 and other.headers["etag"] != etag
        # POST: an ETag, but never a 304 and no freshness for shared caches.
        posted = await post(client, {"query": QUERY}, accept=JSON, headers={"if-none-match": etag})
        assert posted.status_code == 200 and posted.headers["etag"] == etag and hit(posted.json())
        assert "cache-control" not in posted.headers


async def test_a_fresh_execution_whose_etag_matches_is_304_too() -> None:
    settings = make_settings(source_ttls={"jobsearch": 0.05})
    async with running_gateway(Upstreams().counting(), settings=settings) as gateway:
        first = await gateway.client.get("/graphql", params={"query": QUERY}, headers={"accept": JSON})
        await asyncio.sleep(0.06)  # the stored answer expired; the new one is the same
        again = await gateway.client.get("/graphql", params={"query": QUERY},
                                         headers={"accept": JSON, "if-none-match": first.headers["etag"]})
    assert again.status_code == 304


# --- automatic persisted queries -------------------------------------------------------------------------


def persisted(query_hash: str, version: object = 1) -> dict[str, Any]:
    return {"persistedQuery": {"version": version, "sha256Hash": query_hash}}


async def test_apq_unknown_hash_then_register_then_hash_alone() -> None:
    query_hash = sha256(QUERY)
    async with running_gateway(Upstreams().counting()) as gateway:
        client = gateway.client
        for accept in (JSON, GRAPHQL_RESPONSE):
            unknown = await post(client, {"extensions": persisted(query_hash)}, accept=accept)
            assert unknown.status_code == 200  # as Apollo Server answers, whatever the media type
            assert unknown.json() == {"errors": [{"message": "PersistedQueryNotFound",
                                                  "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]}
            assert unknown.headers["cache-control"] == "private, no-cache, must-revalidate"
        registered = await post(client, {"query": QUERY, "extensions": persisted(query_hash)})
        assert registered.status_code == 200 and "errors" not in registered.json()
        by_hash = await post(client, {"extensions": persisted(query_hash.upper())})
        assert by_hash.json()["data"] == registered.json()["data"]
        # Over GET, the way a frontend sends hashes: URL-encoded extensions, no query.
        by_get = await client.get("/graphql", params={"extensions": json.dumps(persisted(query_hash))},
                                  headers={"accept": JSON})
        assert by_get.status_code == 200 and by_get.json()["data"] == registered.json()["data"]
        assert by_get.headers["etag"] and by_get.headers["cache-control"].startswith("public")


async def test_apq_hash_alone_runs_with_its_variables() -> None:
    query = "query Ads($n: Int!) { jobAds(first: $n) { edges { node { headline } } } }"
    async with running_gateway(Upstreams().counting()) as gateway:
        await post(gateway.client, {"query": query, "variables": {"n": 3}, "extensions": persisted(sha256(query))})
        two = await post(gateway.client, {"variables": {"n": 2}, "extensions": persisted(sha256(query))})
    assert len(two.json()["data"]["jobAds"]["edges"]) == 2


async def test_apq_hash_mismatch_and_bad_extensions_are_bad_requests() -> None:
    async with running_gateway(Upstreams().counting()) as gateway:
        client = gateway.client
        mismatch = await post(client, {"query": QUERY, "extensions": persisted(sha256(QUERY + " "))})
        assert mismatch.status_code == 400
        assert mismatch.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
        assert "does not match" in mismatch.json()["errors"][0]["message"]
        for extensions in (persisted(sha256(QUERY), version=2), persisted("not-a-hash"),
                           {"persistedQuery": "yes"}):
            refused = await post(client, {"extensions": extensions})
            assert refused.status_code == 400
            assert refused.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
        # Nothing was registered by the mismatched request.
        after = await post(client, {"extensions": persisted(sha256(QUERY + " "))})
        assert after.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_apq_does_not_register_documents_that_fail_validation() -> None:
    invalid = "{ noSuchField }"
    async with running_gateway(Upstreams().counting()) as gateway:
        refused = await post(gateway.client, {"query": invalid, "extensions": persisted(sha256(invalid))})
        assert refused.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        after = await post(gateway.client, {"extensions": persisted(sha256(invalid))})
    assert after.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_apq_can_be_switched_off() -> None:
    async with running_gateway(Upstreams().counting(), settings=make_settings(persisted_queries=False)) as gateway:
        answer = await post(gateway.client, {"query": QUERY, "extensions": persisted(sha256(QUERY))})
    assert answer.status_code == 200
    assert answer.json()["errors"][0] == {"message": "PersistedQueryNotSupported",
                                          "extensions": {"code": "PERSISTED_QUERY_NOT_SUPPORTED"}}


# --- shared through Redis --------------------------------------------------------------------------------


@pytest.fixture
def redis_url() -> Iterator[str]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    with redis_server_process() as (_server, url):
        yield url


async def test_replicas_share_whole_answers_and_persisted_queries_through_redis(redis_url: str) -> None:
    settings = make_settings(redis_url=redis_url)
    apq = "{ jobAds(first: 2) { totalCount } }"
    first, second = Upstreams().counting(), Upstreams().counting()
    async with running_gateway(first, settings=settings) as replica_a:
        _, answer_a = await replica_a.query(QUERY)
        await post(replica_a.client, {"query": apq, "extensions": persisted(sha256(apq))})
    async with running_gateway(second, settings=settings) as replica_b:
        _, answer_b = await replica_b.query(QUERY)
        by_hash = await post(replica_b.client, {"extensions": persisted(sha256(apq))})
    assert not hit(answer_a) and hit(answer_b) and answer_a["data"] == answer_b["data"]
    assert hit(by_hash.json()) and by_hash.json()["data"]["jobAds"]["totalCount"] == 3
    assert sum(second.counts.values()) == 0
    # Another mode is another key: a replica with another date for relative defaults shares nothing.
    async with running_gateway(Upstreams().counting(), settings=make_settings(
            redis_url=redis_url, today="2020-01-01")) as other:
        _, answer_c = await other.query(QUERY)
    assert not hit(answer_c)


async def test_a_repeated_body_is_answered_from_the_cache_before_it_is_parsed() -> None:
    """The body → key memo (`AnswerCache.key_of_body`): a body seen before finds its stored answer; a body that only
    means the same (other whitespace) takes the long way and is a hit there too; a stale memo entry falls back."""
    transport = Upstreams().counting()
    settings = make_settings(source_ttls={"jobsearch": 0.3, "taxonomy": 3600})
    payload = json.dumps({"query": QUERY}).encode()
    spaced = json.dumps({"query": QUERY}, indent=2).encode()
    async with running_gateway(transport, settings=settings) as gateway:
        async def send(body: bytes) -> dict[str, Any]:
            answer = await gateway.client.post("/graphql", content=body,
                                               headers={"content-type": JSON, "accept": GRAPHQL_RESPONSE})
            assert answer.status_code == 200
            decoded: dict[str, Any] = answer.json()
            return decoded

        first, again, other_layout = await send(payload), await send(payload), await send(spaced)
        await asyncio.sleep(0.35)  # the stored answer expires; the memo still names its key
        expired = await send(payload)
    assert not hit(first) and hit(again) and hit(other_layout)
    assert not hit(expired) and expired["data"] == first["data"]
    assert transport.counts[SEARCH] == 2


def test_the_key_tells_documents_apart_by_their_tokens() -> None:
    def key(text: str) -> str:
        return _normalised_form(parse_document(text, None))

    assert key('{ a(x: "1") }') == key('query {\n  a(x: "1")  # comment\n}')  # layout, comments, `query {`
    different = ['{ a(x: "1") }', "{ a(x: 1) }", '{ a(x: """1""") }', '{ a(x: "2") }', 'query Q { a(x: "1") }',
                 'query query { a(x: "1") }', '{ b: a(x: "1") }', '{ a(x: "1") { query } }']
    assert len({key(text) for text in different}) == len(different)
