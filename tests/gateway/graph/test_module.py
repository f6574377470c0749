"""Hub composition: the link fields the records declare are added to the hub types, once, after their own fields."""

from __future__ import annotations

import pytest
import strawberry

from kllgraph_gateway.graph._module import GraphModule, compose_hubs, hub_link


def _toy_hub() -> type:
    @strawberry.type
    class Place:
        code: str

    return Place


def _count(root: object) -> int:
    return len(getattr(root, "code", ""))


def _schema_of(hub: type) -> strawberry.Schema:
    """A schema whose `place` answers the hub object with code 0180."""

    def place() -> object:
        return hub(code="0180")

    query = strawberry.type(type("Query", (), {"place": strawberry.field(resolver=place, graphql_type=hub)}))
    return strawberry.Schema(query=query)


def test_links_are_added_after_the_hub_fields_once() -> None:
    hub = _toy_hub()
    module = GraphModule(name="toy", links=(hub_link(hub, "code_length", _count, description="Length of the code"),))

    compose_hubs([module])
    compose_hubs([module])  # idempotent: the schema module composes once, tests may again

    sdl = _schema_of(hub).as_str()
    assert '  code: String!\n\n  """Length of the code"""\n  codeLength: Int!\n}' in sdl


def test_a_link_that_takes_a_hub_field_name_is_refused() -> None:
    hub = _toy_hub()
    module = GraphModule(name="toy", links=(hub_link(hub, "code", _count, description="clash"),))

    with pytest.raises(ValueError, match=r"toy links Place\.code"):
        compose_hubs([module])


def test_the_link_resolver_gets_the_hub_object_as_root() -> None:
    hub = _toy_hub()
    compose_hubs([GraphModule(name="toy", links=(hub_link(hub, "code_length", _count, description="n"),))])

    result = _schema_of(hub).execute_sync("{ place { code codeLength } }")

    assert result.errors is None
    assert result.data == {"place": {"code": "0180", "codeLength": 4}}
