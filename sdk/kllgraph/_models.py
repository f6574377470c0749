"""The base of generated result models and the shapes the paginator relies on."""

from collections.abc import Sequence
from typing import Protocol, TypeVar

import pydantic

N_co = TypeVar("N_co", covariant=True)


class GraphQLModel(pydantic.BaseModel):
    """Base of every generated model: fields by Python name or by GraphQL alias, unknown fields ignored."""

    model_config = pydantic.ConfigDict(populate_by_name=True, extra="ignore", frozen=False)


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
