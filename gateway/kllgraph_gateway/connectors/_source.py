"""What every upstream source declares about itself: one frozen record per connector folder."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the upstream layer imports the connectors' records, so the probe's client type is named only
    from .._upstream import SourceClient

__all__ = ["Auth", "Connector", "Probe", "Source"]

Probe = Callable[["SourceClient"], Awaitable[str]]


@dataclass(frozen=True, slots=True)
class Auth:
    """How the secret from `KLLGRAPH_<NAME>_TOKEN` is sent; the value itself lives only in Settings (SecretStr)."""

    header: str
    scheme: str = ""  # e.g. "Bearer " -- prepended to the token
    required: bool = False  # True: live calls fail without a token, so none is sent and UPSTREAM_UNAUTHORIZED answers
    help: str = ""  # where a token is obtained; shown in UPSTREAM_UNAUTHORIZED messages, /healthz and `doctor`


@dataclass(frozen=True, slots=True)
class Source:
    name: str  # short name: settings keys, extensions.source, snapshot folder
    agency: str
    api_name: str
    base_url: str  # API root as in agency-apis.md; overridable with KLLGRAPH_<NAME>_URL
    documentation: str
    licence: str
    dataportal: str | None = None  # dataportal.se entry describing this API, where one is known
    ttl_seconds: float = 300.0  # response cache TTL
    timeout_seconds: float = 15.0
    max_concurrency: int = 4  # concurrent upstream calls per gateway process (KLLGRAPH_<NAME>_MAX_CONCURRENCY)
    page_size: int = 100  # block size the gateway fetches in (max the upstream allows per call)
    max_offset: int | None = None  # deepest item the upstream lets a client page to, if capped
    headers: dict[str, str] = field(default_factory=dict)  # static headers, e.g. vendor Accept types
    auth: Auth | None = None
    # Another source whose API this one is read through: its KLLGRAPH_<NAME>_URL moves this source's base URL too,
    # unless this source's own KLLGRAPH_<NAME>_URL is set (MYH is read through Susa-navet emil3).
    url_follows: str | None = None

    @property
    def token_setting(self) -> str:
        """The environment variable that holds this source's secret."""
        return f"KLLGRAPH_{self.name.upper()}_TOKEN"

    @property
    def needs_token(self) -> bool:
        return self.auth is not None and self.auth.required

    def token_advice(self) -> str:
        """What to do about a missing or refused token: the setting and where to get a token (never the value)."""
        where = f" ({self.auth.help})" if self.auth is not None and self.auth.help else ""
        return f"set {self.token_setting}{where}"


class Connector(Protocol):
    """What every connector package exports (`connectors/<name>/__init__.py`); graph modules name the packages they
    read (`GraphModule.connectors`), and the gateway's sources are derived from those records."""

    __name__: str  # the package, e.g. kllgraph_gateway.connectors.scb

    @property
    def SOURCE(self) -> Source: ...  # the module constant

    @property
    def probe(self) -> Probe: ...  # one cheap live request for `kllgraph-gateway doctor`
