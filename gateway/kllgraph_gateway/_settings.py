"""Gateway settings from the environment (prefix `KLLGRAPH_`), via pydantic-settings.

Per-source settings follow the source's short name: `KLLGRAPH_<NAME>_URL` overrides the API root,
`KLLGRAPH_<NAME>_TOKEN` sets the secret the source's `Auth` sends, `KLLGRAPH_<NAME>_TTL` the cache TTL in seconds,
`KLLGRAPH_<NAME>_MAX_CONCURRENCY` the calls in flight per process and `KLLGRAPH_<NAME>_RATE_LIMIT` ("N/S": at most N
calls per S seconds per process) a client-side rate limit.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NamedTuple

from pydantic import BeforeValidator, Field, PositiveInt, SecretStr
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from ._registry import SOURCE_NAMES

__all__ = ["BUNDLED_SNAPSHOT", "PER_SOURCE_SUFFIXES", "RateLimit", "Settings"]

BUNDLED_SNAPSHOT = Path(__file__).parent / "snapshot"


class RateLimit(NamedTuple):
    """At most `calls` upstream calls per `period_seconds`, per gateway process."""

    calls: int
    period_seconds: float


def _parse_rate_limit(value: object) -> object:
    """ "N/S" (e.g. "10/10": ten calls per ten seconds) into a RateLimit; anything else is left to validation."""
    if not isinstance(value, str):
        return value
    calls, slash, period = value.partition("/")
    if not slash:
        raise ValueError(f"a rate limit is written CALLS/SECONDS, e.g. 10/10; got {value!r}")
    parsed = RateLimit(int(calls), float(period))
    if parsed.calls < 1 or parsed.period_seconds <= 0:
        raise ValueError(f"a rate limit needs at least 1 call in a period above 0 seconds; got {value!r}")
    return parsed


RateLimitSetting = Annotated[RateLimit, BeforeValidator(_parse_rate_limit)]


# KLLGRAPH_<NAME>_<SUFFIX> -> the Settings dict field (keyed by source name) it fills.
PER_SOURCE_SUFFIXES: dict[str, str] = {
    "URL": "source_urls", "TOKEN": "source_tokens", "TTL": "source_ttls", "TIMEOUT": "source_timeouts",
    "MAX_BYTES": "source_max_bytes", "MAX_CONCURRENCY": "source_max_concurrency", "RATE_LIMIT": "source_rate_limits",
}


class _PerSourceEnv(PydanticBaseSettingsSource):
    """Reads KLLGRAPH_<NAME>_<SUFFIX> (PER_SOURCE_SUFFIXES) for every registered source into dict fields."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        env = {key.upper(): value for key, value in os.environ.items()}
        found: dict[str, dict[str, str]] = {}
        for name in SOURCE_NAMES:
            for suffix, field_name in PER_SOURCE_SUFFIXES.items():
                value = env.get(f"KLLGRAPH_{name.upper()}_{suffix}")
                if value:
                    found.setdefault(field_name, {})[name] = value
        return found


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KLLGRAPH_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535, description="Where `serve` listens (0: any free port, printed)")
    workers: int = Field(1, ge=1, description="Processes `serve` runs, each with its own startup, sharing the port")
    offline: bool = Field(False, description="Serve recorded upstream responses from the snapshot folder")
    snapshot_dir: Path = Field(BUNDLED_SNAPSHOT, description="Folder of recorded upstream responses")
    source_urls: dict[str, str] = Field(default_factory=dict)
    source_tokens: dict[str, SecretStr] = Field(default_factory=dict)
    source_ttls: dict[str, float] = Field(default_factory=dict)
    source_timeouts: dict[str, float] = Field(default_factory=dict)
    source_max_bytes: dict[str, int] = Field(default_factory=dict)
    # Politeness per source and process; unset: the source record's cap, and only the limits the agency publishes.
    source_max_concurrency: dict[str, PositiveInt] = Field(default_factory=dict)
    source_rate_limits: dict[str, RateLimitSetting] = Field(default_factory=dict)
    cache_max_entries: int = Field(5000, ge=1, description="Upstream responses kept in the in-memory cache")
    cache_max_bytes: int = Field(
        256 * 1024 * 1024, ge=1024, description="Bytes of upstream bodies the in-memory cache may hold"
    )
    redis_url: SecretStr | None = Field(
        None, description="Share the upstream response cache between gateway replicas through this Redis"
    )
    redis_timeout_seconds: float = Field(
        0.1, gt=0, le=5, description="Redis connect and command timeout; past it Redis is skipped until it answers"
    )
    response_cache: bool = Field(
        True, description="Cache whole error-free answers (and answer GETs with Cache-Control, ETag and 304)"
    )
    response_cache_max_entries: int = Field(1000, ge=1, description="Whole answers kept in the in-memory cache")
    response_cache_max_bytes: int = Field(
        64 * 1024 * 1024, ge=1024, description="Bytes of whole answers the in-memory cache may hold"
    )
    response_cache_max_ttl_seconds: float | None = Field(
        None, gt=0, description="Longest a whole answer is kept; default: the shortest TTL of the sources it used"
    )
    preload_metadata: bool = Field(
        True, description="Load slow-changing upstream metadata (SCB /config and figure tables, the Taxonomy mirrors) "
                          "at startup and refresh it in the background, so requests never wait for it"
    )
    metadata_refresh_seconds: float = Field(
        3600.0, gt=0, description="How often the background refresh reads that metadata again (shorter than the "
                                  "sources' cache TTLs, so it never expires in between)"
    )
    gc_tuning: bool = Field(
        True, description="While the app runs: gc.freeze() after startup and a generation-0 threshold of 50,000 "
                          "(process-wide; the previous thresholds come back at shutdown)"
    )
    persisted_queries: bool = Field(True, description="Accept automatic persisted queries (Apollo APQ)")
    persisted_query_max_entries: int = Field(1000, ge=1, description="Registered APQ documents kept in memory")
    persisted_query_ttl_seconds: float = Field(
        7 * 86400.0, gt=0, description="How long a registered APQ document is kept (in memory and in Redis)"
    )
    retry_attempts: int = Field(3, ge=1, description="Attempts per upstream call (1 = no retry)")
    retry_backoff_seconds: float = Field(0.5, ge=0, description="First backoff; doubles per attempt, jittered")
    retry_max_wait_seconds: float = Field(10.0, ge=0, description="Longest wait between attempts, Retry-After incl.")
    request_deadline_seconds: float = Field(
        15.0, gt=0, description="Upstream time one GraphQL request may use; then missing fields are UPSTREAM_TIMEOUT"
    )
    max_response_bytes: int = Field(
        20 * 1024 * 1024, ge=1024, description="Largest upstream body read (per source: KLLGRAPH_<NAME>_MAX_BYTES)"
    )
    stale_if_error_seconds: float = Field(
        86400.0, ge=0, description="How long past its TTL a cached answer may still be served when its upstream fails"
    )
    breaker_failures: int = Field(5, ge=1, description="Consecutive failures that open a source's circuit breaker")
    breaker_reset_seconds: float = Field(30.0, gt=0, description="How long an open breaker waits before one probe")
    cors_origins: list[str] = Field(default_factory=lambda: ["*"])
    max_page_size: int = Field(100, ge=1, le=100, description="Largest `first` a connection accepts")
    graphiql: bool = True
    # What one request may ask (README, "Limits"); every refusal happens before any upstream request.
    max_body_bytes: int = Field(1_000_000, ge=1, description="Largest POST body read, in bytes")
    max_query_length: int = Field(20_000, ge=1, description="Longest GraphQL document parsed, in characters")
    max_query_tokens: int = Field(2_000, ge=1, description="Most lexical tokens (comments included) parsed")
    max_operations: int = Field(20, ge=1, description="Most operations in one document")
    max_directives: int = Field(50, ge=0, description="Most directives in one document")
    max_field_repeats: int = Field(
        10, ge=1, description="Most fields under one response name in one selection set, fragments expanded"
    )
    max_query_depth: int = Field(15, ge=1, description="Deepest field nesting one operation may ask for")
    max_aliases: int = Field(30, ge=1, description="Most aliases one operation may use, fragments expanded")
    max_query_cost: int = Field(
        25, ge=1, description="Most upstream requests per entity type one operation may be estimated to cost"
    )
    max_string_length: int = Field(1_000, ge=1, description="Longest string argument, in characters")
    max_experience_text: int = Field(
        10_000, ge=1, description="Longest `matchExperience(text:)`, in characters (a person's text, which is "
                                  "never logged or cached; the string limit above does not apply to it)"
    )
    today: date | None = Field(
        None, description="Date that relative defaults count from; default: today live, the snapshot's date offline"
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, _PerSourceEnv(settings_cls), env_settings, dotenv_settings, file_secret_settings
