"""JSON-stat 2.0 as SCB's PxWebApi 2.0 sends it: models and a pure decoder into typed rows.

A dataset is a dense cube: `id` names the dimensions in order, `size` their category counts, and `value` lists the
cells row-major over `id`/`size` (the last dimension varies fastest). Each dimension's `category.index` gives the
position of every category code (an object `{code: position}`, or an array of codes), `category.label` its text.
`value` may also be an object `{"<flat index>": value}` (sparse form) and `status` a string (for every cell), an
array, or an object keyed by flat index -- the JSON-stat 2.0 spec allows all of these, so we accept all of them.

PxWebApi 2.0 metadata (`GET /tables/{id}/metadata`) is JSON-stat too, with `value: []`: `TableMetadata` reads
the same dimensions without requiring values. Nothing here does I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "Category",
    "DimensionCell",
    "JsonStatDataset",
    "JsonStatDimension",
    "JsonStatError",
    "Row",
    "TableMetadata",
    "Unit",
    "decode_rows",
]


class JsonStatError(ValueError):
    """The payload is JSON, but not a consistent JSON-stat 2.0 dataset."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class Unit(_Model):
    base: str | None = None
    decimals: int | None = None


class Category(_Model):
    index: dict[str, int] | list[str] | None = None
    label: dict[str, str] | None = None
    unit: dict[str, Unit] | None = None

    def codes(self) -> list[str]:
        """Category codes in cube order."""
        if isinstance(self.index, list):
            return list(self.index)
        if isinstance(self.index, dict):
            return [code for code, _ in sorted(self.index.items(), key=lambda item: item[1])]
        # The spec lets a single-category dimension omit `index`; then `label` holds its one code.
        return list(self.label or {})


class JsonStatDimension(_Model):
    label: str | None = None
    category: Category
    extension: dict[str, Any] | None = None

    def codes(self) -> list[str]:
        return self.category.codes()

    def label_of(self, code: str) -> str:
        return (self.category.label or {}).get(code, code)

    @property
    def elimination(self) -> bool:
        """PxWeb: the variable may be left out of a selection (SCB then uses its total / elimination value)."""
        return bool((self.extension or {}).get("elimination", False))


def _check_dimensions(ids: list[str], sizes: list[int], dimensions: dict[str, JsonStatDimension]) -> None:
    if len(ids) != len(sizes):
        raise JsonStatError(f"`id` has {len(ids)} dimensions but `size` has {len(sizes)}")
    for dimension_id, size in zip(ids, sizes, strict=True):
        dimension = dimensions.get(dimension_id)
        if dimension is None:
            raise JsonStatError(f"dimension {dimension_id!r} is in `id` but not in `dimension`")
        count = len(dimension.codes())
        if count != size:
            raise JsonStatError(f"dimension {dimension_id!r} has {count} categories but `size` says {size}")


class TableMetadata(_Model):
    """`GET /tables/{id}/metadata`: the table's variables (dimensions) with all their values; no cells."""

    version: str | None = None
    label: str | None = None
    source: str | None = None
    updated: str | None = None
    note: list[str] = []
    role: dict[str, list[str]] = {}
    id: list[str]
    size: list[int]
    dimension: dict[str, JsonStatDimension]
    extension: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> TableMetadata:
        _check_dimensions(self.id, self.size, self.dimension)
        return self

    @property
    def time_variables(self) -> list[str]:
        return list(self.role.get("time", []))

    def dimensions(self) -> list[tuple[str, JsonStatDimension]]:
        return [(dimension_id, self.dimension[dimension_id]) for dimension_id in self.id]


class JsonStatDataset(TableMetadata):
    """`POST /tables/{id}/data?outputFormat=json-stat2`: dimensions plus one value per cell."""

    class_: str | None = Field(default=None, alias="class")
    value: list[float | None] | dict[str, float | None]
    status: str | list[str | None] | dict[str, str] | None = None

    @model_validator(mode="after")
    def _values_fill_the_cube(self) -> JsonStatDataset:
        cells = math.prod(self.size)
        if isinstance(self.value, list) and len(self.value) != cells:
            raise JsonStatError(f"`value` has {len(self.value)} cells but `size` {self.size} makes {cells}")
        if isinstance(self.value, dict):
            bad = [key for key in self.value if not key.isdigit() or int(key) >= cells]
            if bad:
                raise JsonStatError(f"`value` keys {bad[:3]} are not flat indexes below {cells}")
        return self

    def value_at(self, flat_index: int) -> float | None:
        if isinstance(self.value, list):
            return self.value[flat_index]
        return self.value.get(str(flat_index))

    def status_at(self, flat_index: int) -> str | None:
        if self.status is None or isinstance(self.status, str):
            return self.status
        if isinstance(self.status, list):
            # A one-element array applies to every cell (JSON-stat 2.0 §status).
            if len(self.status) == 1:
                return self.status[0]
            return self.status[flat_index] if flat_index < len(self.status) else None
        return self.status.get(str(flat_index))


@dataclass(frozen=True, slots=True)
class DimensionCell:
    """One dimension's category for a row: the variable and the value, each as code and label."""

    variable_code: str
    variable_label: str
    code: str
    label: str


@dataclass(frozen=True, slots=True)
class Row:
    """One cell of the cube with its coordinates."""

    dimensions: tuple[DimensionCell, ...]
    value: float | None
    status: str | None

    def code(self, variable_code: str) -> str | None:
        for cell in self.dimensions:
            if cell.variable_code == variable_code:
                return cell.code
        return None


def decode_rows(dataset: JsonStatDataset) -> list[Row]:
    """Every cell of the cube, row-major over `id`/`size` (last dimension fastest), with codes and labels."""
    axes: list[list[DimensionCell]] = []
    for dimension_id, dimension in dataset.dimensions():
        variable_label = dimension.label or dimension_id
        axes.append([
            DimensionCell(dimension_id, variable_label, code, dimension.label_of(code)) for code in dimension.codes()
        ])
    rows: list[Row] = []
    total = math.prod(dataset.size)
    for flat in range(total):
        # Mixed-radix digits of the flat index, most significant first.
        remainder, coordinates = flat, []
        for size in reversed(dataset.size):
            remainder, digit = divmod(remainder, size)
            coordinates.append(digit)
        coordinates.reverse()
        cells = tuple(axis[position] for axis, position in zip(axes, coordinates, strict=True))
        rows.append(Row(cells, dataset.value_at(flat), dataset.status_at(flat)))
    return rows
