"""A public gateway bounds what one request may ask, before any upstream request: every limit is a setting."""

from __future__ import annotations

from functools import _lru_cache_wrapper
from typing import Any, cast

import httpx
import pytest
from graphql import (
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    OperationDefinitionNode,
    get_named_type,
    parse,
    validate,
)
from strawberry.extensions.validation_cache import _get_validate_cache
from strawberry.schema import schema as strawberry_schema

from kllgraph._generated import operations
from kllgraph_gateway._app import DEFAULT_QUERY
from kllgraph_gateway._limits import (
    AUDITED_RULES,
    QueryLimits,
    ValidShapes,
    estimate_cost,
    is_object_list,
    limit_rules,
    list_size,
)
from kllgraph_gateway._schema import DOCUMENT_CACHE_SIZE, build_schema
from kllgraph_gateway._settings import BUNDLED_SNAPSHOT

from .harness import GRAPHQL_RESPONSE, make_settings, running_gateway

INTROSPECTION_DEPTH = """{ __schema { types { name fields { name type { name kind ofType { name kind ofType {
  name kind ofType { name kind ofType { name kind ofType { name kind ofType { name } } } } } } } } } } }"""

SCHEMA = build_schema()._schema


class NoUpstream(httpx.AsyncBaseTransport):
    """Records every upstream request and fails it: a refused document must never cause one."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        raise AssertionError(f"upstream request for a refused document: {request.url}")


def limits(**overrides: int) -> QueryLimits:
    return QueryLimits.from_settings(make_settings(**overrides))


def doubling(levels: int, leaf: str = "c: code") -> str:
    fragments = [f"fragment F0 on Region {{ {leaf} }}"]
    fragments += [f"fragment F{i} on Region {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)]
    return f"{{ regions {{ ...F{levels} }} }}\n" + "\n".join(fragments)


async def test_too_deep_is_a_validation_error() -> None:
    settings = make_settings(offline=True, snapshot_dir=BUNDLED_SNAPSHOT, max_query_depth=3)
    async with running_gateway(settings=settings) as gateway:
        deep = '{ municipality(code: "0180") { jobAds(first: 1) { edges { node { occupation { label } } } } } }'
        status, body = await gateway.query(deep, accept=GRAPHQL_RESPONSE)
        assert status == 400 and "data" not in body
        assert body["errors"][0]["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED", "limit": "max_query_depth"}
        assert "depth" in body["errors"][0]["message"]
        status, body = await gateway.query("{ jobAds(first: 1) { totalCount } }")
        assert status == 200 and "errors" not in body


async def test_default_depth_admits_the_hub_query_and_introspection() -> None:
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        status, body = await gateway.query(INTROSPECTION_DEPTH)
    assert status == 200 and "errors" not in body


async def test_too_many_aliases() -> None:
    async with running_gateway(
        settings=make_settings(offline=True, snapshot_dir=BUNDLED_SNAPSHOT, max_aliases=3)
    ) as gateway:
        query = "{ " + " ".join(f"a{i}: sources {{ name }}" for i in range(4)) + " }"
        status, body = await gateway.query(query)
    assert status == 400
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


# --- the limit rules: fragments measured once ------------------------------------------------------------------


@pytest.mark.parametrize("levels", [20, 40, 64])
def test_fragment_doubling_counts_every_expanded_alias_in_linear_time(levels: int) -> None:
    # 2^levels aliases once expanded: a walk over the expansion would never finish at 40 levels.
    errors = validate(SCHEMA, parse(doubling(levels)), limit_rules(limits()))
    assert [e.extensions["limit"] for e in errors if e.extensions] == ["max_aliases", "max_field_repeats"]
    assert f"uses {2 ** levels} aliases" in errors[0].message
    # F4 is the first fragment to select `c` more than 10 times (16) in one selection set, once expanded.
    assert "'c' is selected 16 times in one selection set" in errors[1].message


def test_repeats_count_fields_merged_from_fragments() -> None:
    # What the spec's OverlappingFieldsCanBeMerged compares pairwise: 150 fragments selecting `code` in one set
    # took it 250 ms; the limit refuses the document first.
    spreads = "{ regions { " + " ".join(f"...G{i}" for i in range(150)) + " } } " + " ".join(
        f"fragment G{i} on Region {{ code name }}" for i in range(150))
    inline = "{ regions { " + " ".join("... on Region { code }" for _ in range(11)) + " } }"
    for query in (spreads, inline):
        errors = validate(SCHEMA, parse(query), limit_rules(limits()))
        assert [e.extensions["limit"] for e in errors if e.extensions] == ["max_field_repeats"]
    # The same field under different type conditions is not a repeat: `node` asks each type for its own fields.
    node = '{ node(id: "x") { ' + " ".join(f"... on {t} {{ nodeId }}" for t in (
        "JobAd", "Occupation", "Municipality", "Region", "Organisation", "SsykGroup", "IscoGroup", "SchoolUnit",
        "Programme", "Subject", "Course", "Dataset")) + " } }"
    assert validate(SCHEMA, parse(node), limit_rules(limits())) == []


def test_depth_is_measured_through_fragments() -> None:
    document = parse("""{ municipality(code: "0180") { ...A } }
        fragment A on Municipality { jobAds { ...B } }
        fragment B on JobAdConnection { edges { node { occupation { label } } } }""")
    # municipality > jobAds > edges > node > occupation: five nested selection sets.
    assert validate(SCHEMA, document, limit_rules(limits(max_query_depth=5))) == []
    errors = validate(SCHEMA, document, limit_rules(limits(max_query_depth=4)))
    assert "5 levels deep" in errors[0].message and errors[0].extensions == {
        "code": "GRAPHQL_VALIDATION_FAILED", "limit": "max_query_depth"}


def test_fragment_cycles_are_left_to_the_spec_rules() -> None:
    document = parse("{ regions { ...A } } fragment A on Region { ...B } fragment B on Region { code ...A }")
    assert validate(SCHEMA, document, limit_rules(limits())) == []
    assert any("within itself" in e.message for e in validate(SCHEMA, document))


# --- every limit is a setting, refused before any upstream request ---------------------------------------------

SHAPE_LIMITS = [
    # (setting, limit, a document at the limit, one beyond it); `sources` reads no upstream, so at-limit runs too.
    ("max_operations", 2, "query A { sources { name } } query B { sources { name } }",
     "query A { sources { name } } query B { sources { name } } query C { sources { name } }"),
    ("max_directives", 2, "{ sources { name @include(if: true) agency @skip(if: false) } }",
     "{ sources { name @include(if: true) agency @skip(if: false) licence @include(if: true) } }"),
    ("max_field_repeats", 2, "{ sources { name name } }", "{ sources { name name name } }"),
    ("max_field_repeats", 2, "{ sources { ...S ...S } } fragment S on SourceStatus { name }",
     "{ sources { ...S ...S ...S } } fragment S on SourceStatus { name }"),
    ("max_aliases", 2, "{ a: sources { ...S } } fragment S on SourceStatus { b: name }",
     "{ a: sources { ...S ...T } } fragment S on SourceStatus { b: name } fragment T on SourceStatus { c: name }"),
    ("max_query_depth", 1, "{ sources { name } }", "{ organisation(organisationNumber: \"2021002114\") { "
     "jobAds { totalCount } } }"),
]


@pytest.mark.parametrize(("setting", "limit", "at_limit", "beyond"), SHAPE_LIMITS)
async def test_each_document_limit_is_a_setting(setting: str, limit: int, at_limit: str, beyond: str) -> None:
    upstream = NoUpstream()
    async with running_gateway(upstream, settings=make_settings(**{setting: limit})) as gateway:
        operation = "A" if "query A" in at_limit else None
        status, body = await _with_operation(gateway.client, at_limit, operation)
        assert status == 200 and "errors" not in body, body
        status, body = await _with_operation(gateway.client, beyond, operation)
    assert status == 400 and "data" not in body
    assert body["errors"][0]["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED", "limit": setting}
    assert str(limit) in body["errors"][0]["message"]
    assert upstream.requests == []


async def _with_operation(client: httpx.AsyncClient, query: str, name: str | None) -> tuple[int, dict[str, Any]]:
    response = await client.post("/graphql", json={"query": query, "operationName": name},
                                 headers={"accept": GRAPHQL_RESPONSE})
    body: dict[str, Any] = response.json()
    return response.status_code, body


async def test_token_limit_stops_the_parser() -> None:
    upstream = NoUpstream()
    async with running_gateway(upstream, settings=make_settings(max_query_tokens=10)) as gateway:
        status, body = await gateway.query("{ sources { name agency } }")  # 7 tokens
        assert status == 200 and "errors" not in body
        # Comments count: a document of comments cannot be made arbitrarily long either.
        status, body = await gateway.query("{ sources { name agency } }\n# 1\n# 2\n# 3\n# 4")
    assert status == 400
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert "more than 10 tokens" in body["errors"][0]["message"]
    assert upstream.requests == []


async def test_length_limit_refuses_unread() -> None:
    upstream = NoUpstream()
    async with running_gateway(upstream, settings=make_settings(max_query_length=40)) as gateway:
        status, body = await gateway.query("{ sources { name } }" + " " * 20)
        assert status == 200 and "errors" not in body
        status, body = await gateway.query("{ sources { name } }" + " " * 21)
        assert status == 400 and "data" not in body
        assert body["errors"][0]["extensions"] == {"code": "GRAPHQL_PARSE_FAILED", "limit": "max_query_length"}
        # application/json answers every well-formed request 200, a request error included (the spec's legacy rule).
        status, body = await gateway.query("{ sources { name } }" + " " * 21, accept="application/json")
        assert status == 200 and body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert upstream.requests == []


async def test_body_limit_is_a_setting() -> None:
    async with running_gateway(NoUpstream(), settings=make_settings(max_body_bytes=64)) as gateway:
        response = await gateway.client.post("/graphql", json={"query": "{ sources { name } }", "pad": "x" * 64})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_string_arguments_have_a_length_limit() -> None:
    upstream = NoUpstream()
    async with running_gateway(upstream, settings=make_settings(max_string_length=10)) as gateway:
        answers = [
            await gateway.query('{ jobAds(query: "elevenchars") { totalCount } }'),
            await gateway.query("query($q: String) { jobAds(query: $q) { totalCount } }", {"q": "elevenchars"}),
        ]
    for status, body in answers:
        assert status == 200 and body["data"] == {"jobAds": None}
        assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "query"}
        assert "11 characters" in body["errors"][0]["message"]
    assert upstream.requests == []


async def test_arguments_of_introspection_fields_are_checked_too() -> None:
    async with running_gateway(NoUpstream(), settings=make_settings(max_string_length=10)) as gateway:
        status, body = await gateway.query('{ __type(name: "Query") { fields(includeDeprecated: true) { name } } }')
        assert status == 200 and "errors" not in body and body["data"]["__type"]["fields"]
        status, body = await gateway.query('{ __type(name: "QueryQueryQuery") { name } }')
        assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "name"}


@pytest.mark.parametrize("bad_id", ["123\n", "12 3", "١٢٣", "\x00"])
async def test_ids_are_printable_ascii(bad_id: str) -> None:
    upstream = NoUpstream()
    async with running_gateway(upstream) as gateway:
        status, body = await gateway.query("query($id: ID!) { jobAd(id: $id) { id } }", {"id": bad_id})
    assert status == 200 and body["data"] == {"jobAd": None}
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "id"}
    assert upstream.requests == []


# --- cost ------------------------------------------------------------------------------------------------------


def cost(query: str, variables: dict[str, Any] | None = None, max_page_size: int = 100) -> dict[str, int]:
    document = parse(query)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    return dict(estimate_cost(SCHEMA, document, operation, variables, max_page_size=max_page_size))


NESTED = "{ municipalities(first: %s) { edges { node { jobAds { totalCount } } } } }"


@pytest.mark.parametrize(("query", "variables", "expected"), [
    ("{ sources { name } }", None, {}),  # synchronous: no upstream
    ('{ jobAd(id: "1") { id } a: jobAd(id: "2") { id } }', None, {"JobAd": 2}),
    ("{ jobAds { totalCount } historicalJobAds { totalCount } regions { code } }", None, {"JobAd": 2, "Region": 1}),
    # Inside a connection, a connection counts once per node.
    (NESTED % 7, None, {"Municipality": 1, "JobAd": 7}),
    (NESTED.replace("(first: %s)", ""), None, {"Municipality": 1, "JobAd": 20}),  # default page size
    ("query($n: Int) " + NESTED % "$n", {"n": 3}, {"Municipality": 1, "JobAd": 3}),
    ("query($n: Int = 5) " + NESTED % "$n", None, {"Municipality": 1, "JobAd": 5}),
    (NESTED % 1000, None, {"Municipality": 1, "JobAd": 100}),  # beyond max_page_size: refused, costed as the cap
    # Fragments count wherever they are spread; a fragment on the root type counts its root fields.
    ("{ ...R ...R } fragment R on Query { jobAds { totalCount } }", None, {"JobAd": 2}),
    ("{ municipalities(first: 2) { edges { node { ...M } } } } fragment M on Municipality { "
     "jobAds(first: 3) { edges { node { occupation { educations { totalCount } } } } } }", None,
     {"Municipality": 1, "JobAd": 2, "Education": 2 * 3}),
])
def test_cost_estimate(query: str, variables: dict[str, Any] | None, expected: dict[str, int]) -> None:
    assert cost(query, variables) == expected


def test_cost_of_fragment_doubling_is_computed_not_walked() -> None:
    # `regions` is a plain list of at most 21 (its @listSize): each region's searches count 21 times.
    assert cost(doubling(40, "jobAds { totalCount }")) == {"Region": 1, "JobAd": 21 * 2 ** 40}


FAN_OUT = {
    # The document of issue 17: one JobSearch request per municipality (about 290), through two plain lists.
    "plain lists": ("{ regions { municipalities { jobAds(first: 100) { edges { node { headline } } } } } }",
                    {"Region": 1, "JobAd": 21 * 49}),
    # A plain list inside a connection: each ad's occupation's replacements search ads.
    "a list inside a connection": (
        "{ jobAds(first: 100) { edges { node { occupation { replacedBy { jobAds(first: 5) { totalCount } } } } } } }",
        {"JobAd": 1 + 100 * 5}),
    # Nested connections: each municipality's ads' occupations' educations.
    "nested connections": (
        "{ municipalities(first: 100) { edges { node { jobAds(first: 100) { edges { node { occupation { "
        "educations(first: 10) { totalCount } } } } } } } } }",
        {"Municipality": 1, "JobAd": 100, "Education": 100 * 100}),
}


@pytest.mark.parametrize("shape", sorted(FAN_OUT))
def test_fan_out_through_lists_is_estimated(shape: str) -> None:
    query, expected = FAN_OUT[shape]
    assert cost(query) == expected


@pytest.mark.parametrize("shape", sorted(FAN_OUT))
async def test_fan_out_through_lists_is_refused_before_any_upstream_request(shape: str) -> None:
    query, expected = FAN_OUT[shape]
    group, estimate = max(expected.items(), key=lambda item: item[1])
    upstream = NoUpstream()
    async with running_gateway(upstream) as gateway:
        status, body = await gateway.query(query)
    assert status == 400 and "data" not in body
    error = body["errors"][0]
    assert error["extensions"] == {"code": "QUERY_TOO_COSTLY", "cost": estimate, "maxCost": 25, "type": group}
    assert f"estimated {estimate} upstream requests for {group}" in error["message"]
    assert upstream.requests == []


def _reaches_a_connection(named: GraphQLNamedType, seen: frozenset[str] = frozenset()) -> bool:
    if not isinstance(named, GraphQLObjectType | GraphQLInterfaceType) or named.name in seen:
        return False
    return any(get_named_type(f.type).name.endswith("Connection")
               or _reaches_a_connection(get_named_type(f.type), seen | {named.name}) for f in named.fields.values())


def test_every_list_that_can_fan_out_declares_its_size() -> None:
    # A plain list whose items reach a connection multiplies upstream requests: its bound must be declared next to
    # it (`@listSize`), or the cost estimate would count it once.
    unbounded = [
        f"{named.name}.{name}"
        for named in SCHEMA.type_map.values()
        if isinstance(named, GraphQLObjectType) and not named.name.startswith("__")
        and not named.name.endswith("Connection")
        for name, field in named.fields.items()
        if is_object_list(field) and _reaches_a_connection(get_named_type(field.type)) and list_size(field) is None
    ]
    assert unbounded == []
    assert list_size(SCHEMA.type_map["Query"].fields["regions"]) is not None  # type: ignore[attr-defined]


async def test_fan_out_of_aliased_searches_is_too_costly() -> None:
    upstream = NoUpstream()
    query = "{ " + " ".join(f'a{i}: jobAds(query: "lärare {i}") {{ totalCount }}' for i in range(30)) + " }"
    async with running_gateway(upstream) as gateway:
        status, body = await gateway.query(query)
    assert status == 400 and "data" not in body
    error = body["errors"][0]
    assert error["extensions"] == {"code": "QUERY_TOO_COSTLY", "cost": 30, "maxCost": 25, "type": "JobAd"}
    assert "estimated 30 upstream requests for JobAd" in error["message"] and "at most 25" in error["message"]
    assert upstream.requests == []


async def test_cost_depends_on_the_variables() -> None:
    query = "query($n: Int) { municipalities(first: $n) { edges { node { jobAds(first: 1) { totalCount } } } } }"
    upstream = NoUpstream()
    async with running_gateway(upstream, settings=make_settings(max_query_cost=10)) as gateway:
        status, body = await gateway.query(query, {"n": 11})
        assert status == 400 and body["errors"][0]["extensions"]["cost"] == 11
    assert upstream.requests == []
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        # The same document with fewer nodes is admitted and executed.
        response = await gateway.client.post("/graphql", json={"query": query, "variables": {"n": 2}})
    assert response.status_code == 200
    assert all(e["extensions"]["code"] != "QUERY_TOO_COSTLY" for e in response.json().get("errors", []))


def _our_documents() -> dict[str, str]:
    documents = {name: text for name, text in vars(operations).items() if name.endswith("_DOCUMENT")}
    return {**documents, "DEFAULT_QUERY": DEFAULT_QUERY}


@pytest.mark.parametrize(("name", "text"), sorted(_our_documents().items()))
def test_our_own_documents_fit_the_default_limits(name: str, text: str) -> None:
    # The SDK's operations and GraphiQL's opening query, with their default page sizes.
    defaults = limits()
    document = parse(text, max_tokens=defaults.max_query_tokens)
    assert len(text) <= make_settings().max_query_length
    assert validate(SCHEMA, document, limit_rules(defaults)) == []
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    costs = estimate_cost(SCHEMA, document, operation, None, max_page_size=defaults.max_page_size)
    assert max(costs.values(), default=0) <= defaults.max_query_cost


# --- caching ---------------------------------------------------------------------------------------------------


async def test_validation_is_cached_across_requests() -> None:
    # The limit rules are built once per schema, so strawberry's ValidationCache keys match across requests.
    cache = cast("_lru_cache_wrapper[Any]", _get_validate_cache(DOCUMENT_CACHE_SIZE))
    query = "{ cacheProbe: sources { name } }"  # a document no other test sends
    async with running_gateway(NoUpstream()) as gateway:
        before = cache.cache_info()
        first = await gateway.query(query)
        after_first = cache.cache_info()
        second = await gateway.query(query)
        after_second = cache.cache_info()
    assert first == second and first[0] == 200
    assert (after_first.misses - before.misses, after_first.hits - before.hits) == (1, 0)
    # Not validated again: the document's shape is known valid (ValidShapes), before the cache is even asked.
    assert after_second.misses - after_first.misses == 0


# --- valid shapes: one validation for documents that differ only in free-text literals --------------------------


def shape(text: str) -> str | None:
    return ValidShapes(maxsize=8).shape(SCHEMA, parse(text))


def test_free_arguments_are_the_string_and_id_ones() -> None:
    free = ValidShapes(maxsize=8).free_arguments(SCHEMA)
    assert {"query", "id", "code", "after"} <= free
    # Typed otherwise: a literal of these can be invalid by its characters (a date) or is no string at all.
    assert not {"publishedAfter", "first"} & free


def test_a_shape_leaves_out_free_text_only() -> None:
    search = '{ jobAds(first: %d, query: %s) { totalCount } }'
    assert shape(search % (5, '"nurse"')) == shape(search % (5, '"welder \\u00e5"'))
    assert shape(search % (5, '"nurse"')) != shape(search % (6, '"nurse"'))  # other literals are kept
    assert shape(search % (5, '"nurse"')) != shape(search % (5, '"""nurse"""'))  # and the kind of string
    dated = '{ jobAds(publishedAfter: "%s") { totalCount } }'  # a DateTime: its characters decide validity
    assert shape(dated % "2024-01-01T00:00:00Z") != shape(dated % "yesterday")
    # Which literals are equal is kept: OverlappingFieldsCanBeMerged compares them.
    pair = '{ a: jobAds(query: "%s") { totalCount } a: jobAds(query: "%s") { totalCount } }'
    assert shape(pair % ("x", "x")) == shape(pair % ("y", "y")) != shape(pair % ("x", "y"))
    # A comment may hold the placeholders' delimiter (NUL): such a document gets no shape at all.
    assert shape('# \0\n{ jobAds(query: "x") { totalCount } }') is None
    # Directive arguments are not field arguments: kept.
    assert shape('{ sources @include(if: true) { name } }') != shape('{ sources @include(if: false) { name } }')


def _codes(body: dict[str, Any]) -> set[str]:
    return {error.get("extensions", {}).get("code") for error in body.get("errors", [])}


async def test_documents_differing_in_free_text_are_validated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    validated: list[tuple[type, ...]] = []  # the rules of each run of graphql-core's validation, by strawberry
    validate_rules = getattr(strawberry_schema, "validate")  # noqa: B009  # not re-exported: mypy would refuse it

    def counting(schema: Any, document: Any, rules: Any, *args: Any, **kwargs: Any) -> Any:
        validated.append(tuple(rules))
        return validate_rules(schema, document, rules, *args, **kwargs)

    monkeypatch.setattr(strawberry_schema, "validate", counting)
    search = '{ shapeProbe: jobAds(first: 0, query: "%s") { totalCount } }'  # a document no other test sends
    async with running_gateway(snapshot=BUNDLED_SNAPSHOT) as gateway:
        answers = [await gateway.query(search % text) for text in ("nurse", "welder", "svetsare")]
        pair = '{ shapeProbe: jobAds(query: "%s") { totalCount } shapeProbe: jobAds(query: "%s") { totalCount } }'
        equal = await gateway.query(pair % ("x", "x"))
        unequal = await gateway.query(pair % ("x", "y"))  # the same shape but for which literals are equal
        equal_again = await gateway.query(pair % ("y", "y"))
        wrong = '{ shapeProbe: jobAds(query: "%s") { nope } }'
        invalid = [await gateway.query(wrong % text) for text in "ab"]
        dated = '{ shapeProbe: jobAds(first: 0, publishedAfter: "%s") { totalCount } }'
        date = await gateway.query(dated % "2024-01-01T00:00:00Z")
        not_a_date = await gateway.query(dated % "yesterday")  # the same shape were it free text: it is not
    for _status, body in [*answers, equal, equal_again, date]:
        assert "GRAPHQL_VALIDATION_FAILED" not in _codes(body), body
    assert _codes(unequal[1]) == {"GRAPHQL_VALIDATION_FAILED"}
    assert "fields with different arguments" in unequal[1]["errors"][0]["message"].lower() or "conflict" in (
        unequal[1]["errors"][0]["message"].lower())
    for _status, body in invalid:
        assert _codes(body) == {"GRAPHQL_VALIDATION_FAILED"}
    assert _codes(not_a_date[1]) == {"GRAPHQL_VALIDATION_FAILED"}
    # Validated: the first search only, the equal pair, the unequal pair, each invalid document, both dates.
    assert len(validated) == 1 + 2 + 2 + 2
    # The rules that ran are the ones the shapes were audited against (a new rule must be audited first).
    for rules in validated:
        unaudited = [rule for rule in rules if rule not in AUDITED_RULES]
        assert unaudited == [], f"validation rules not audited for ValidShapes: {unaudited}"


async def test_a_document_naming_a_persons_text_never_gets_a_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    remembered: list[str] = []
    monkeypatch.setattr(ValidShapes, "remember", lambda self, rules, shape: remembered.append(shape))
    query = '{ matchExperience(text: "I have driven forklifts for years") { occupations { label } } }'
    async with running_gateway(NoUpstream()) as gateway:
        await gateway.query(query)
    assert remembered == []
