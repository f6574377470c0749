"""The one list of graph modules (`_graph.MODULES`): everything the schema, `node(id:)` and the recorder use."""

from __future__ import annotations

import pkgutil

from kllgraph_gateway import _schema, graph
from kllgraph_gateway._graph import GRAPH, MODULES
from kllgraph_gateway._record import SEEDS
from kllgraph_gateway.graph._node import Node


def test_every_graph_module_is_listed_once() -> None:
    public = {info.name for info in pkgutil.iter_modules(graph.__path__) if not info.name.startswith("_")}
    listed = [module.name for module in MODULES]
    assert len(listed) == len(set(listed))
    assert public <= set(listed), f"graph modules missing from _graph.MODULES: {sorted(public - set(listed))}"


def test_every_node_type_in_the_schema_has_a_loader_from_its_record() -> None:
    schema = _schema.build_schema()
    node_types = {name for name, definition in schema._schema.type_map.items()
                  if Node.__name__ in {i.name for i in getattr(definition, "interfaces", ())}}
    assert node_types == set(GRAPH.node_loaders)


def test_the_recorder_runs_every_seed_with_the_hubs_last() -> None:
    seeded = [module for module in MODULES if module.seed is not None]
    assert set(SEEDS) == {module.seed for module in seeded}
    hubs = [module.seed for module in seeded if module.hub]
    assert hubs and list(SEEDS[-len(hubs):]) == hubs


def test_name_providers_come_from_the_records_registries_first() -> None:
    providers = GRAPH.name_providers
    assert [p.priority for p in providers] == sorted(p.priority for p in providers)
    assert {p.source.name for p in providers} == {m.name_provider.source.name for m in MODULES if m.name_provider}
    assert providers[-1].source.name == "jobsearch"  # job ads name employers informally: asked last
