from __future__ import annotations

import kllgraph_codegen


def test_public_surface_is_pinned_and_reports_the_package() -> None:
    assert kllgraph_codegen.__all__ == [
        "CodegenConfig",
        "CodegenError",
        "ConfigError",
        "Difference",
        "OperationError",
        "SchemaLoadError",
        "UnsupportedError",
        "compare",
        "config_from_table",
        "generate",
        "load_config",
        "write",
    ]
    for name in kllgraph_codegen.__all__:
        assert getattr(kllgraph_codegen, name).__module__ == "kllgraph_codegen", name
