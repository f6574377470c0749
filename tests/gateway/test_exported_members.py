from __future__ import annotations

import kllgraph_gateway


def test_public_surface_is_pinned_and_reports_the_package() -> None:
    assert kllgraph_gateway.__all__ == [
        "SOURCES", "Settings", "Source", "app_from_env", "build_schema", "create_app", "schema_sdl",
    ]
    public = [name for name in vars(kllgraph_gateway) if not name.startswith("_")]
    # Subpackages (connectors, graph) are importable internals, not members of the surface.
    assert sorted(set(public) - {"connectors", "graph"}) == sorted(kllgraph_gateway.__all__)
    for name in kllgraph_gateway.__all__:
        member = getattr(kllgraph_gateway, name)
        if callable(member):
            assert member.__module__ == "kllgraph_gateway", name
    # Every registered connector, each once (the count follows the graph module records: no number pinned here).
    from kllgraph_gateway._registry import CONNECTORS

    assert tuple(connector.SOURCE for connector in CONNECTORS) == kllgraph_gateway.SOURCES
    assert len({s.name for s in kllgraph_gateway.SOURCES}) == len(CONNECTORS)
