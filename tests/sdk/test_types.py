from __future__ import annotations

import kllgraph.types


def test_generated_models_have_a_public_import_path() -> None:
    assert kllgraph.types.EducationForm.YH == "YH"
    selection = kllgraph.types.SelectionInput(variable_code="Region", value_codes=["0180"])
    assert selection.model_dump(by_alias=True) == {"variableCode": "Region", "valueCodes": ["0180"], "codelist": None}
    assert "GeneratedClient" not in kllgraph.types.__all__
    assert all(hasattr(kllgraph.types, name) for name in kllgraph.types.__all__)
