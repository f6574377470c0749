"""Hub seeds select only their own fields: the links other modules add reach them through `SeedRun.links`.

A hub seed that spelled a leaf module's field would have to be edited for every new link (and would break when the
leaf is removed); this walks the queries each hub seed sends and checks no field in them belongs to another module.
"""

from __future__ import annotations

from typing import Any

import pytest
from graphql import parse

from kllgraph_gateway import build_schema
from kllgraph_gateway._graph import GRAPH, MODULES
from kllgraph_gateway.graph._module import GraphModule
from kllgraph_gateway.graph._seeds import SeedRun
from kllgraph_gateway.graph.geography import Municipality

from ..graph_fields import contributed_fields, selected_fields


def _fields_of_other_modules(hub: GraphModule) -> set[tuple[str, str]]:
    """(parent type, field) of every root field and link that a module other than `hub` contributes."""
    return {field for module in MODULES if module is not hub for field in contributed_fields(module)}


async def _queries_of(hub: GraphModule) -> list[str]:
    sent: list[str] = []

    async def execute(query: str, variables: dict[str, Any] | None) -> dict[str, Any]:
        sent.append(query)
        return {}

    # An answer of another seed that mentions an organisation, so the organisation hub has one to follow.
    answers = [{"jobAds": {"edges": [{"node": {"employer": {"organisationNumber": "2021005489"}}}]}}]
    assert hub.seed is not None
    await hub.seed(SeedRun(execute=execute, max_follow=2, links=lambda _hub: "", answers=answers))
    return sent


@pytest.mark.parametrize("hub", [m for m in MODULES if m.hub and m.seed is not None], ids=lambda m: m.name)
async def test_a_hub_seed_names_no_field_of_another_module(hub: GraphModule) -> None:
    schema = build_schema()._schema
    foreign = _fields_of_other_modules(hub)
    queries = await _queries_of(hub)
    assert queries, f"the {hub.name} seed sent nothing"
    used = set().union(*(selected_fields(schema, parse(query)) for query in queries))
    assert not used & foreign, f"{hub.name}'s seed names other modules' fields: {sorted(used & foreign)}"


def test_the_links_seed_selections_are_given_to_the_hub_seeds() -> None:
    selection = GRAPH.link_seeds(Municipality)
    assert "jobAds(first: 100)" in selection and "population { value }" in selection
