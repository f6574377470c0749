from __future__ import annotations

import pytest

from kllgraph_gateway import Settings
from kllgraph_gateway._limits import QueryLimits


def test_per_source_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KLLGRAPH_JOBSEARCH_URL", "https://jobsearch.mirror.example")
    monkeypatch.setenv("KLLGRAPH_JOBSEARCH_TOKEN", "hush")
    monkeypatch.setenv("KLLGRAPH_TAXONOMY_TTL", "60")
    monkeypatch.setenv("KLLGRAPH_OFFLINE", "true")
    monkeypatch.setenv("KLLGRAPH_NOSUCHSOURCE_URL", "https://ignored.example")
    settings = Settings()
    assert settings.offline is True
    assert settings.source_urls == {"jobsearch": "https://jobsearch.mirror.example"}
    assert settings.source_ttls == {"taxonomy": 60.0}
    assert settings.source_tokens["jobsearch"].get_secret_value() == "hush"
    assert "hush" not in repr(settings) and "hush" not in str(settings.model_dump())


def test_arguments_win_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KLLGRAPH_PORT", "9000")
    assert Settings(port=9100).port == 9100
    assert Settings().port == 9000


def test_every_limit_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    limits = QueryLimits.__dataclass_fields__.keys() | {"max_body_bytes", "max_query_length"}
    for index, name in enumerate(sorted(limits)):
        monkeypatch.setenv(f"KLLGRAPH_{name.upper()}", str(7 + index))
    settings = Settings()
    assert {name: getattr(settings, name) for name in limits} == {
        name: 7 + index for index, name in enumerate(sorted(limits))}
    assert QueryLimits.from_settings(settings).max_query_cost == settings.max_query_cost
