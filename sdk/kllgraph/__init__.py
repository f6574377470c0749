"""kllgraph: a typed Python SDK for the kllgraph GraphQL gateway over Swedish agencies' open data.

Everything public is importable from `kllgraph`; the `_modules` are private.
"""

from ._base_client import AsyncClientBase, ClientOptions, SyncClientBase
from ._cache import CacheStats, ResponseCache
from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    BadUserInputError,
    ComposedDataWarning,
    GraphQLError,
    GraphQLErrorDetail,
    KllgraphError,
    NotFoundError,
    ResponseValidationError,
    UpstreamError,
)
from ._models import ConnectionLike, EdgeLike, GraphQLModel, PageInfoLike, ResponseData
from ._pagination import AsyncPaginator, Page, SyncPaginator
from ._types import NOT_GIVEN, NotGiven
from ._version import __description__, __title__, __version__

# isort: split
# Last: generated code imports the names above from `kllgraph` while this module is still initialising.
from ._client import AsyncClient, Client

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncClient",
    "AsyncClientBase",
    "AsyncPaginator",
    "BadUserInputError",
    "CacheStats",
    "Client",
    "ClientOptions",
    "ComposedDataWarning",
    "ConnectionLike",
    "EdgeLike",
    "GraphQLError",
    "GraphQLErrorDetail",
    "GraphQLModel",
    "KllgraphError",
    "NotFoundError",
    "NotGiven",
    "Page",
    "PageInfoLike",
    "ResponseCache",
    "ResponseData",
    "ResponseValidationError",
    "SyncClientBase",
    "SyncPaginator",
    "UpstreamError",
    "__description__",
    "__title__",
    "__version__",
]

# Exported classes report the package as their home: reprs, docs and pickles say `kllgraph.Client`.
for __name in __all__:
    if isinstance(__member := globals()[__name], type):
        __member.__module__ = "kllgraph"
del __name, __member
