"""The base of generated result models, the shapes the paginator relies on, and what an answer says about
itself (`extensions`)."""

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

import pydantic

if TYPE_CHECKING:
    import pandas as pd

N_co = TypeVar("N_co", covariant=True)


class GraphQLModel(pydantic.BaseModel):
    """Base of every generated model: fields by Python name or by GraphQL alias, unknown fields ignored."""

    model_config = pydantic.ConfigDict(populate_by_name=True, extra="ignore", frozen=False)

    # Not a field: the `extensions` of the GraphQL response this model was read from. A class-level default that
    # `attach_extensions` overrides on the one result object, not a pydantic PrivateAttr: private attributes make
    # pydantic run Python code for every nested model it validates, which doubled the cost of a page of items.
    _kllgraph_extensions: ClassVar[Mapping[str, Any]] = MappingProxyType({})

    @property
    def extensions(self) -> Mapping[str, Any]:
        """The `extensions` of the response this result came from (e.g. `extensions["kllgraph"]["snapshot"]`
        offline); empty for models not returned by a client call. Codegen names a GraphQL field `extensions`
        `extensions_`, so this never hides data."""
        return self._kllgraph_extensions

    def to_pandas(self) -> "pd.DataFrame":
        """This result as a DataFrame: the nodes of a connection, the items of the one list it holds (e.g.
        `historical_demand`, a statistics table's `rows` with one column per dimension), else one row.
        Nested objects become dotted columns; `attrs["kllgraph"]` holds the offline/composed notice."""
        from ._notebook import to_dataframe  # pandas is optional: imported on use

        return to_dataframe(_table_rows(self), self.extensions)


def _table_rows(model: pydantic.BaseModel) -> list[object]:
    values = [getattr(model, name) for name in type(model).model_fields]
    edges = getattr(model, "edges", None)
    if isinstance(edges, list) and all(hasattr(edge, "node") for edge in edges):
        return [edge.node for edge in edges]
    lists = [value for value in values if isinstance(value, list)]
    if len(lists) == 1:
        return list(lists[0])
    if len(values) == 1 and isinstance(values[0], pydantic.BaseModel):
        # A root result with one field (`{ statisticsTable { ... } }`): the table is that field's.
        return _table_rows(values[0])
    return [model]


class ResponseData(dict[str, Any]):
    """What raw `execute()` returns: the response's `data` (a plain dict) plus its `.extensions`."""

    extensions: Mapping[str, Any]

    def __init__(self, data: Mapping[str, Any], extensions: Mapping[str, Any] | None = None) -> None:
        super().__init__(data)
        self.extensions = extensions or {}


def attach_extensions(result: object, extensions: Mapping[str, Any]) -> None:
    """Let a call's result carry its response's `extensions` (models and raw data; `None` cannot)."""
    if isinstance(result, GraphQLModel):
        # Instance attribute beside the fields: never dumped, compared or validated, kept by copies and pickles.
        object.__setattr__(result, "_kllgraph_extensions", extensions)
    elif isinstance(result, ResponseData):
        result.extensions = extensions


def composed_snapshot(extensions: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """`extensions.kllgraph.snapshot` when it says the data was composed (not recorded from the agencies)."""
    notice = extensions.get("kllgraph")
    snapshot = notice.get("snapshot") if isinstance(notice, Mapping) else None
    if isinstance(snapshot, Mapping) and snapshot.get("provenance") == "composed":
        return snapshot
    return None


class PageInfoLike(Protocol):
    """A Relay `PageInfo` as selected by paginated operations."""

    @property
    def has_next_page(self) -> bool: ...

    @property
    def end_cursor(self) -> str | None: ...


class EdgeLike(Protocol[N_co]):
    """A Relay edge: the paginator only reads its node."""

    @property
    def node(self) -> N_co: ...


class ConnectionLike(Protocol[N_co]):
    """A Relay connection with `totalCount`; generated connection models satisfy it structurally."""

    @property
    def edges(self) -> Sequence[EdgeLike[N_co]]: ...

    @property
    def page_info(self) -> PageInfoLike: ...

    @property
    def total_count(self) -> int | None: ...
