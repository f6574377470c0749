"""SCB PxWebApi 2.0 (/config, /tables, /tables/{id}, /tables/{id}/metadata, POST /tables/{id}/data) over
tools/snapshot_world/scb.

Recorded samples are answered verbatim where the gateway's request is theirs: /config, the first /tables page,
TAB6471's metadata, and TAB6471 data for exactly the selection the sample was fetched with. Every other data
request is answered by slicing a world cube in the real JSON-stat2 shape: the cube holds the recorded sample's
cells, county and riket totals derived from them, and the composed cells of cells.json (see PROVENANCE.md).
`GET /tables?query=` answers what the gateway's table search asks (labels holding every query word).

Every answered cell that is not a recorded sample cell (composed, or a sum) carries the JSON-stat2 `status`
COMPOSED_STATUS, so the gateway shows it as `status` on rows and hub figures; wholly composed tables also say so
in their metadata `note`, `extension.kllgraph` and content labels (world files).
"""

from __future__ import annotations

import itertools
import json
import math
from typing import Any

import httpx

from kllgraph_gateway._errors import BadUserInput
from kllgraph_gateway.connectors.scb.api import expand_value_codes
from kllgraph_gateway.connectors.scb.jsonstat import JsonStatDataset, TableMetadata, decode_rows

from ._base import Emulator, load_world

BASE_PATH = "/api/v2"
COMPOSED_STATUS = "kll-komponerad"
Coordinates = tuple[str, ...]
# TAB6471 recorded; the others composed (PROVENANCE.md). TAB4707/4714/4718 are on the recorded first /tables page.
METADATA_TABLES = ("TAB6471", "TAB4449", "TAB5932", "TAB4707", "TAB4714", "TAB4718")


class Cube:
    """One table: its metadata and the cells the world knows, keyed by codes in metadata `id` order."""

    def __init__(self, metadata: dict[str, Any]) -> None:
        self.metadata = metadata
        self.model = TableMetadata.model_validate(metadata)
        self.cells: dict[Coordinates, float | None] = {}
        self.composed: set[Coordinates] = set()

    def add(self, dimension_ids: list[str], codes: list[str], value: float | None, *, composed: bool) -> None:
        by_id = dict(zip(dimension_ids, codes, strict=True))
        coordinates = tuple(by_id[d] for d in self.model.id)
        self.cells[coordinates] = value
        if composed:
            self.composed.add(coordinates)

    def known_codes(self, axis: int) -> set[str]:
        return {coordinates[axis] for coordinates in self.cells}

    def value(self, coordinates: Coordinates) -> float | None:
        return self.cells.get(coordinates)


def _error(status: int, title: str) -> httpx.Response:
    # PxWebApi 2.0 answers errors as RFC 7807 problem documents (spec: ErrorResponse400/404).
    return httpx.Response(status, json={"type": "about:blank", "title": title, "status": status})


class ScbEmulator:
    host = "statistikdatabasen.scb.se"

    def __init__(self) -> None:
        self.config = load_world("scb", "config.json")
        self.first_page = load_world("scb", "tables.json")
        tables = [*self.first_page["tables"], *load_world("scb", "tables-search.json")["tables"],
                  *load_world("scb", "composed-tables.json")["tables"]]
        self.tables = {table["id"]: table for table in tables}
        self.sample_data = load_world("scb", "TAB6471-data.json")
        # Every table the world lists has metadata (recorded or composed), so each listed table's node id resolves.
        self.cubes = {table_id: Cube(load_world("scb", f"{table_id}-metadata.json")) for table_id in METADATA_TABLES}
        self._fill_population()
        for table_id, composed in load_world("scb", "cells.json").items():
            for *codes, value in composed["cells"]:
                self.cubes[table_id].add(composed["id"], codes, value, composed=True)

    def _fill_population(self) -> None:
        """TAB6471: the recorded sample's cells, plus Alder=TotSA per county (sum of the sample's 10-year groups,
        which cover every age) and riket "00" (sum of the counties), for each month and sex in the sample."""
        cube = self.cubes["TAB6471"]
        sample = JsonStatDataset.model_validate(self.sample_data)
        totals: dict[tuple[str, str, str], float] = {}
        for row in decode_rows(sample):
            codes = [cell.code for cell in row.dimensions]
            cube.add(sample.id, codes, row.value, composed=False)
            region, _, sex, _, month = codes
            for key in ((region, sex, month), ("00", sex, month)):
                totals[key] = totals.get(key, 0.0) + (row.value or 0.0)
        for (region, sex, month), total in totals.items():
            cube.add(["Region", "Alder", "Kon", "ContentsCode", "Tid"], [region, "TotSA", sex, "000007SF", month],
                     total, composed=True)  # a sum of sample cells, not a figure SCB published

    def handle(self, request: httpx.Request) -> httpx.Response | None:
        if not request.url.path.startswith(BASE_PATH + "/"):
            return None
        path, params = request.url.path.removeprefix(BASE_PATH), request.url.params
        parts = path.strip("/").split("/")
        if request.method == "GET" and parts == ["config"]:
            return httpx.Response(200, json=self.config)
        if request.method == "GET" and parts == ["tables"]:
            return self._tables(params)
        if len(parts) >= 2 and parts[0] == "tables":
            table_id = parts[1]
            if request.method == "GET" and len(parts) == 2:
                table = self.tables.get(table_id)
                return httpx.Response(200, json={"language": "sv", **table}) if table else _error(404, "Not found")
            cube = self.cubes.get(table_id)
            if cube is None:
                return _error(404, f"Table {table_id} not found")
            if request.method == "GET" and parts[2:] == ["metadata"]:
                return httpx.Response(200, json=cube.metadata)
            if request.method == "POST" and parts[2:] == ["data"]:
                if params.get("outputFormat", "json-stat2") != "json-stat2":
                    return None
                return self._data(table_id, cube, json.loads(request.content or b"{}"))
        return None

    def _tables(self, params: httpx.QueryParams) -> httpx.Response:
        query = params.get("query", "")
        page_number, page_size = int(params.get("pageNumber", "1")), int(params.get("pageSize", "20"))
        if not query and (page_number, page_size) == (1, 20):
            return httpx.Response(200, json=self.first_page)  # the recorded first page, verbatim
        words = query.casefold().split()
        hits = [t for t in self.tables.values() if all(w in t["label"].casefold() for w in words)]
        start = (page_number - 1) * page_size
        return httpx.Response(200, json={
            "language": "sv", "tables": hits[start:start + page_size],
            "page": {"pageNumber": page_number, "pageSize": page_size, "totalElements": len(hits),
                     "totalPages": max(1, math.ceil(len(hits) / page_size)), "links": []},
            "links": [],
        })

    def _data(self, table_id: str, cube: Cube, body: dict[str, Any]) -> httpx.Response:
        metadata = cube.model
        wanted = {item["variableCode"]: item for item in body.get("selection", [])}
        if any(item.get("codelist") for item in wanted.values()):
            return _error(400, "codelists are not in the composed world")
        axes: list[tuple[str, list[str]]] = []
        fixed: dict[int, str | None] = {}  # eliminated dimension -> its elimination value code (None: sum)
        try:
            for axis, (dimension_id, dimension) in enumerate(metadata.dimensions()):
                item = wanted.get(dimension_id)
                if item is None:
                    if not dimension.elimination:
                        return _error(400, f"Mandatory variable {dimension_id} is missing")
                    fixed[axis] = (dimension.extension or {}).get("eliminationValueCode")
                    continue
                codes = expand_value_codes(dimension.codes(), item["valueCodes"], variable=dimension_id)
                if any("*" in v or "?" in v for v in item["valueCodes"]):
                    known = cube.known_codes(axis)
                    codes = [c for c in codes if c in known]  # wildcards reach what the world holds
                axes.append((dimension_id, codes))
        except BadUserInput as exc:
            return _error(400, exc.message)
        if math.prod(len(codes) for _, codes in axes) > int(self.config["maxDataCells"]):
            return _error(403, "Too many cells selected")
        if table_id == "TAB6471" and self._is_sample_selection(axes):
            return httpx.Response(200, json=self.sample_data)  # the recorded response, verbatim
        cells = [self._value(cube, dict(zip([a for a, _ in axes], combo, strict=True)), fixed)
                 for combo in itertools.product(*(codes for _, codes in axes))]
        return httpx.Response(200, json=self._dataset(cube, axes, cells))

    def _is_sample_selection(self, axes: list[tuple[str, list[str]]]) -> bool:
        sample = JsonStatDataset.model_validate(self.sample_data)
        return [(d, list(sample.dimension[d].codes())) for d in sample.id] == axes

    @staticmethod
    def _value(cube: Cube, chosen: dict[str, str], fixed: dict[int, str | None]) -> tuple[float | None, bool]:
        """The cell's value and whether it is composed (not exactly one recorded sample cell)."""
        ids = cube.model.id
        options: list[list[str]] = []
        for axis, dimension_id in enumerate(ids):
            if dimension_id in chosen:
                options.append([chosen[dimension_id]])
            elif fixed.get(axis) is not None:
                options.append([str(fixed[axis])])
            else:
                options.append(sorted(cube.known_codes(axis)))  # eliminated without a total code: sum over it
        found = [(tuple(c), cube.value(tuple(c))) for c in itertools.product(*options)]
        present = [(c, v) for c, v in found if v is not None]
        if not present:
            return None, False
        composed = len(present) > 1 or present[0][0] in cube.composed
        return sum(v for _, v in present), composed

    @staticmethod
    def _dataset(
        cube: Cube, axes: list[tuple[str, list[str]]], cells: list[tuple[float | None, bool]]
    ) -> dict[str, Any]:
        source = cube.metadata
        dimensions: dict[str, Any] = {}
        for dimension_id, codes in axes:
            original = source["dimension"][dimension_id]
            category: dict[str, Any] = {
                "index": {code: i for i, code in enumerate(codes)},
                "label": {code: original["category"]["label"].get(code, code) for code in codes},
            }
            units = original["category"].get("unit")
            if units:
                category["unit"] = {code: units[code] for code in codes if code in units}
            extension = {k: v for k, v in (original.get("extension") or {}).items() if k != "codelists"}
            dimensions[dimension_id] = {"label": original.get("label"), "category": category, "extension": extension}
        return {
            "version": "2.0", "class": "dataset", "label": source.get("label"), "source": source.get("source", "SCB"),
            "updated": source.get("updated"), "note": source.get("note", []), "role": source.get("role", {}),
            "id": [d for d, _ in axes], "size": [len(codes) for _, codes in axes], "dimension": dimensions,
            "extension": source.get("extension", {}),
            "value": [int(v) if v is not None and float(v).is_integer() else v for v, _ in cells],
            # JSON-stat2 sparse status, keyed by flat index: the per-cell marker of composed figures.
            **({"status": status} if (status := {str(i): COMPOSED_STATUS for i, (_, composed) in enumerate(cells)
                                                if composed}) else {}),
        }


# What this module contributes to the snapshot composer (`emulators.discover`).
EMULATORS: tuple[type[Emulator], ...] = (ScbEmulator,)
