"""The examples run offline: each script's main(), and the notebook executed by nbclient in a venv kernel."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import nbclient
import nbformat
import pytest

# The bundled snapshot is composed data: the SDK warns once per client (tests/sdk/test_provenance.py checks it).
pytestmark = pytest.mark.filterwarnings("ignore::kllgraph.ComposedDataWarning")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def load_example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"kllgraph_example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _no_gateway_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KLLGRAPH_URL", raising=False)


def test_quickstart_lists_ads_and_an_occupation_with_its_ssyk_code(capsys: pytest.CaptureFixture[str]) -> None:
    load_example("quickstart").main(["--offline", "--limit", "3"])
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert re.match(r"\d+ current job ads; the first 3:", lines[0])
    ad_lines = [line for line in lines[1:4] if line.startswith("  ")]
    assert len(ad_lines) == 3 and all(len(line.strip()) > 10 for line in ad_lines)
    assert re.search(r"Occupation '.+' \(\w{4}_\w{3}_\w{3}\): SSYK \d{4}", out)


def test_quickstart_defaults_to_offline_without_a_gateway_url(capsys: pytest.CaptureFixture[str]) -> None:
    load_example("quickstart").main(["--limit", "1"])
    assert "current job ads; the first 1:" in capsys.readouterr().out


def test_career_switch_reports_educations_ads_and_scb_figures(capsys: pytest.CaptureFixture[str]) -> None:
    load_example("career_switch").main(["--offline"])
    out = capsys.readouterr().out
    assert re.search(r"== Sjuksköterska.* \(SSYK \d{4}\) ==", out)
    assert re.search(r"Employees: +[\d ]+ \(\d{4}, \w+\)", out)
    assert re.search(r"Monthly wage: +[\d ]+ kronor", out)
    educations = out.split("Educations that lead to it", 1)[1].split("Current job ads", 1)[0]
    assert re.search(r"  - .*sjuksköterske", educations, re.IGNORECASE)
    match = re.search(r"Current job ads: (\d+)", out)
    assert match and int(match.group(1)) > 0
    assert re.search(r"  - Sjuksköterska .+ \(.+, .+\)", out)


def test_career_switch_says_when_nothing_matches(capsys: pytest.CaptureFixture[str]) -> None:
    load_example("career_switch").main(["Ingen sådan yrkestitel", "--offline"])
    assert "No occupation matches 'Ingen sådan yrkestitel'." in capsys.readouterr().out


def _outputs(notebook: nbformat.NotebookNode, output_type: str) -> list[nbformat.NotebookNode]:
    return [
        out
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == output_type
    ]


def test_notebook_as_shipped_has_its_outputs_and_three_charts() -> None:
    notebook = nbformat.read(EXAMPLES / "explore.ipynb", as_version=4)  # type: ignore[no-untyped-call]
    assert 'pip install "kllgraph[notebook]"' in notebook.cells[0].source
    assert "Client.local(offline=True)" in notebook.cells[0].source and "kllgraph.Client(" in notebook.cells[0].source
    assert not _outputs(notebook, "error")
    assert sum("image/png" in out["data"] for out in _outputs(notebook, "display_data")) == 3
    assert (EXAMPLES / "explore.ipynb").stat().st_size < 400_000


def test_notebook_re_executes_offline_and_draws_three_charts() -> None:
    notebook = nbformat.read(EXAMPLES / "explore.ipynb", as_version=4)  # type: ignore[no-untyped-call]
    # Prove the kernel is this venv's python (jupyter_client runs kernelspec argv "python" as sys.executable).
    check = nbformat.v4.new_code_cell("import sys\nprint(sys.prefix)")  # type: ignore[no-untyped-call]
    notebook.cells.append(check)
    client = nbclient.NotebookClient(
        notebook, kernel_name="python3", timeout=180, resources={"metadata": {"path": str(EXAMPLES)}}
    )
    client.execute()

    assert not _outputs(notebook, "error")
    assert notebook.cells[-1].outputs[0]["text"].strip() == sys.prefix
    images = [out for out in _outputs(notebook, "display_data") if "image/png" in out["data"]]
    assert len(images) == 3, "ads per occupation field, historical demand, population against open ads"
    assert all(len(out["data"]["image/png"]) > 5_000 for out in images)  # base64 PNGs with something drawn

    stderr = "".join(out["text"] for out in _outputs(notebook, "stream") if out["name"] == "stderr")
    assert "IProgress not found" not in stderr
    assert "JobAds: 100%" in stderr  # the tqdm text bar, without ipywidgets
    assert stderr.count("ComposedDataWarning") == 1  # once per client

    results = [out["data"].get("text/plain", "") for out in _outputs(notebook, "execute_result")]
    # The composed-data notice, read from the DataFrame's attrs.
    assert any("'provenance': 'composed'" in text for text in results)
    assert any("ad_count" in text for text in results)
    assert any("open_ads" in text and "Stockholm" in text for text in results)
