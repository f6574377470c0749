"""The JSON-stat2 decoder against SCB's real TAB6471 data and metadata samples, and the spec's other forms."""

from __future__ import annotations

import json
import math
from typing import Any

import pydantic
import pytest

from kllgraph_gateway.connectors.scb.jsonstat import JsonStatDataset, TableMetadata, decode_rows

from ...conftest import SAMPLES


def sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def test_real_sample_decodes_into_one_row_per_cell() -> None:
    raw = sample("scb-pxweb-v2-data-jsonstat2.json")
    dataset = JsonStatDataset.model_validate(raw)
    rows = decode_rows(dataset)
    assert raw["size"] == [21, 11, 3, 1, 4]
    assert len(rows) == math.prod(raw["size"]) == 2772
    assert [c.variable_code for c in rows[0].dimensions] == ["Region", "Alder", "Kon", "ContentsCode", "Tid"]


def _coordinates(row: Any) -> tuple[str, ...]:
    return tuple(cell.code for cell in row.dimensions)


def test_real_sample_cells_checked_by_hand() -> None:
    rows = decode_rows(JsonStatDataset.model_validate(sample("scb-pxweb-v2-data-jsonstat2.json")))
    # First cell: Stockholms län, 0-9 år, totalt, folkmängd, 2026M01 = value[0]; Tid varies fastest.
    first = rows[0]
    assert _coordinates(first) == ("01", "0-9", "TotSa", "000007SF", "2026M01")
    assert [c.label for c in first.dimensions] == [
        "Stockholms län", "0-9 år", "totalt, samtliga män och kvinnor", "Folkmängden per månad", "2026M01"]
    assert first.dimensions[0].variable_label == "region" and first.value == 245284 and first.status is None
    assert _coordinates(rows[3])[4] == "2026M04" and rows[3].value == 251635
    # Next Kon value after the 4 months: män, 2026M01.
    assert _coordinates(rows[4]) == ("01", "0-9", "1", "000007SF", "2026M01") and rows[4].value == 125373
    # Västra Götalands län (12th region), 20-29 (3rd age), kvinnor (3rd sex), 2026M02: ((11*11+2)*3+2)*4+1 = 1485.
    vg = rows[1485]
    assert [c.label for c in vg.dimensions] == [
        "Västra Götalands län", "20-29 år", "kvinnor", "Folkmängden per månad", "2026M02"]
    men, total = rows[1485 - 4], rows[1485 - 8]
    assert _coordinates(total)[:3] == ("14", "20-29", "TotSa") and _coordinates(men)[2] == "1"
    assert vg.value is not None and men.value is not None and total.value is not None
    # Totals are CKM-noised, so women + men match the total only closely (SCB's note in the sample).
    assert abs(men.value + vg.value - total.value) / total.value < 0.001
    last = rows[-1]
    assert [c.label for c in last.dimensions] == [
        "Norrbottens län", "100+ år", "kvinnor", "Folkmängden per månad", "2026M04"]
    assert last.value == 54


def test_real_metadata_sample() -> None:
    metadata = TableMetadata.model_validate(sample("scb-pxweb-v2-table-metadata.json"))
    assert metadata.id == ["Region", "Alder", "Kon", "ContentsCode", "Tid"]
    assert metadata.size == [312, 134, 3, 1, 16]
    assert metadata.time_variables == ["Tid"]
    region, alder = metadata.dimension["Region"], metadata.dimension["Alder"]
    assert region.elimination and not alder.elimination
    assert region.label_of("0180") == "Stockholm" and region.label_of("2584") == "Kiruna"
    assert "TotSA" in alder.codes()
    assert metadata.dimension["Tid"].codes()[-1] == "2026M04"


def _tiny(**overrides: Any) -> dict[str, Any]:
    cube: dict[str, Any] = {
        "version": "2.0", "class": "dataset", "id": ["A", "B"], "size": [2, 2],
        "dimension": {
            "A": {"label": "a", "category": {"index": ["x", "y"], "label": {"x": "X", "y": "Y"}}},
            "B": {"label": "b", "category": {"index": {"q": 1, "p": 0}}},
        },
        "value": [1, 2, 3, 4],
    }
    cube.update(overrides)
    return cube


def test_array_index_object_index_and_missing_labels() -> None:
    rows = decode_rows(JsonStatDataset.model_validate(_tiny()))
    assert [_coordinates(r) for r in rows] == [("x", "p"), ("x", "q"), ("y", "p"), ("y", "q")]
    assert rows[1].dimensions[1].label == "q"  # no label given: the code stands in
    assert [r.value for r in rows] == [1, 2, 3, 4]


def test_sparse_values_and_status_forms() -> None:
    sparse = JsonStatDataset.model_validate(_tiny(value={"1": 7, "3": None}, status={"3": ".."}))
    rows = decode_rows(sparse)
    assert [r.value for r in rows] == [None, 7, None, None]
    assert [r.status for r in rows] == [None, None, None, ".."]
    assert {r.status for r in decode_rows(JsonStatDataset.model_validate(_tiny(status="p")))} == {"p"}
    listed = decode_rows(JsonStatDataset.model_validate(_tiny(status=[None, "e", None, None])))
    assert [r.status for r in listed] == [None, "e", None, None]


@pytest.mark.parametrize("overrides", [
    {"value": [1, 2, 3]},
    {"size": [2, 3]},
    {"id": ["A", "C"]},
    {"value": {"9": 1}},
])
def test_inconsistent_cubes_are_rejected(overrides: dict[str, Any]) -> None:
    with pytest.raises(pydantic.ValidationError):
        JsonStatDataset.model_validate(_tiny(**overrides))
