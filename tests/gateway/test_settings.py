from __future__ import annotations

import pytest
from pydantic import ValidationError

from kllgraph_gateway import Settings
from kllgraph_gateway._limits import QueryLimits
from kllgraph_gateway._settings import RateLimit


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


def test_concurrency_rate_limit_and_workers_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KLLGRAPH_JOBSEARCH_MAX_CONCURRENCY", "16")
    monkeypatch.setenv("KLLGRAPH_SCB_RATE_LIMIT", "10/10")
    monkeypatch.setenv("KLLGRAPH_TAXONOMY_RATE_LIMIT", "5/0.5")
    monkeypatch.setenv("KLLGRAPH_WORKERS", "3")
    settings = Settings()
    assert settings.source_max_concurrency == {"jobsearch": 16}
    assert settings.source_rate_limits == {"scb": RateLimit(10, 10.0), "taxonomy": RateLimit(5, 0.5)}
    assert settings.workers == 3
    assert Settings(workers=1).workers == 1


@pytest.mark.parametrize(("variable", "value", "complaint"), [
    ("KLLGRAPH_JOBSEARCH_MAX_CONCURRENCY", "0", "greater than 0"),
    ("KLLGRAPH_SCB_RATE_LIMIT", "10", "CALLS/SECONDS"),
    ("KLLGRAPH_SCB_RATE_LIMIT", "0/10", "at least 1 call"),
    ("KLLGRAPH_SCB_RATE_LIMIT", "5/0", "at least 1 call"),
    ("KLLGRAPH_WORKERS", "0", "greater than or equal to 1"),
])
def test_impolite_or_malformed_values_are_refused(monkeypatch: pytest.MonkeyPatch, variable: str, value: str,
                                                  complaint: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValidationError, match=complaint):
        Settings()
