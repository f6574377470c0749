"""The examples run offline: each script's main(), and the notebook executed by nbclient in a venv kernel."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import nbclient
import nbformat
import pytest

import kllgraph
from kllgraph._constants import LOCAL_BASE_URL
from kllgraph._local import InProcessApp, SyncInProcessTransport
from kllgraph_gateway import Settings, create_app

from .failing_source import FailingSource

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


def _moves(out: str) -> dict[str, dict[str, str]]:
    """The example's output as {"Target (SSYK nnnn), LEVEL substitutability": {"missing skills": ..., ...}}."""
    blocks = [block.splitlines() for block in out.split("\n\n")[1:]]
    return {
        lines[0]: {key.strip(): value.strip() for key, value in (line.split(":", 1) for line in lines[1:])}
        for lines in blocks
    }


def test_career_switch_lists_each_move_with_its_gap_educations_ads_wage_and_outlook(
    capsys: pytest.CaptureFixture[str],
) -> None:
    load_example("career_switch").main(["Vårdbiträde", "--offline"])
    out = capsys.readouterr().out
    assert out.startswith("== Vårdbiträde: 5 possible moves ==\n")
    moves = _moves(out)
    # The taxonomy's order: HIGH before LOW, then the larger share of skills already had (the README's ranking).
    assert list(moves) == [
        "Hemvårdare (SSYK 5330), HIGH substitutability",
        "Personlig assistent (SSYK 5343), HIGH substitutability",
        "Sjukvårdsbiträde (SSYK 5330), LOW substitutability",
        "Undersköterska, hemtjänst, äldreboende och habilitering (SSYK 5321), LOW substitutability",
        "Boendestödjare (SSYK 5342), LOW substitutability",
    ]
    assistant = moves["Personlig assistent (SSYK 5343), HIGH substitutability"]
    assert assistant["missing skills"].startswith("Funktionsnedsättning, vårderfarenhet; Intellektuell")
    assert assistant["missing skills"].endswith("(1 shared)")
    assert assistant["educations"] == "Vård- och omsorgsutbildning"
    assert assistant["job ads"] == "4"
    assert assistant["monthly wage"] == "27 600 kronor (2024)"
    assert assistant["outlook"] == "job opportunities: large, recruitment: paradox, five-year demand: increase (2026-1)"
    home_carer = moves["Hemvårdare (SSYK 5330), HIGH substitutability"]
    assert home_carer["missing skills"] == "none (5 shared)"
    assert home_carer["educations"] == "none listed"
    assert home_carer["job ads"] == "0"
    # Where SCB and the Yrkesbarometer have nothing, the example says so rather than printing a blank.
    support = moves["Boendestödjare (SSYK 5342), LOW substitutability"]
    assert support["monthly wage"] == "not published"
    assert support["outlook"] == "no Yrkesbarometer row"


def test_career_switch_defaults_to_sjukskoterska(capsys: pytest.CaptureFixture[str]) -> None:
    load_example("career_switch").main(["--offline"])
    out = capsys.readouterr().out
    assert out.startswith("== Sjuksköterska, grundutbildad: 6 possible moves ==\n")
    moves = _moves(out)
    levels = [target.rsplit(", ", 1)[1] for target in moves]
    assert levels == ["HIGH substitutability"] * 3 + ["LOW substitutability"] * 3
    geriatric = moves["Geriatriksjuksköterska (SSYK 2227), HIGH substitutability"]
    assert geriatric["missing skills"].startswith("Specialistsjuksköterskeexamen; Demensvård; ")


def test_career_switch_in_a_region_reads_its_ads_and_outlook(capsys: pytest.CaptureFixture[str]) -> None:
    load_example("career_switch").main(["Vårdbiträde", "--offline", "--region", "01"])
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "== Vårdbiträde: 5 possible moves (ads and outlook in län 01) =="
    moves = _moves(out)
    # The county's ads: of the four Personlig assistent ads in the snapshot, one is in Stockholms län.
    assert moves["Personlig assistent (SSYK 5343), HIGH substitutability"]["job ads"] == "1"
    home_carer = moves["Hemvårdare (SSYK 5330), HIGH substitutability"]
    # Stockholms län's row, not the national one (small, surplus) that the test above reads.
    assert home_carer["outlook"] == (
        "job opportunities: medium, recruitment: balance, five-year demand: increase (2026-1)"
    )
    assert home_carer["monthly wage"] == "28 900 kronor (2024)"


def test_career_switch_keeps_the_moves_when_a_source_fails(capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(offline=True, retry_attempts=1)
    app = create_app(settings, transport=FailingSource(settings, "jobed"))
    # The example's report with an injected client of an in-process gateway whose JobEd Connect answers 503.
    with kllgraph.Client(LOCAL_BASE_URL, transport=SyncInProcessTransport(InProcessApp(app))) as client:
        assert load_example("career_switch").report(client, "Vårdbiträde")
    out = capsys.readouterr().out
    assert out.startswith("Partial answer: ") and "[UPSTREAM_UNAVAILABLE] at careerMoves.0.educations" in out
    moves = _moves(out)
    assert len(moves) == 5
    assistant = moves["Personlig assistent (SSYK 5343), HIGH substitutability"]
    assert assistant["educations"] == "not available"
    assert assistant["job ads"] == "4"


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


def test_notebook_as_shipped_has_its_outputs_and_four_charts() -> None:
    notebook = nbformat.read(EXAMPLES / "explore.ipynb", as_version=4)  # type: ignore[no-untyped-call]
    assert 'pip install "kllgraph[notebook]"' in notebook.cells[0].source
    assert "Client.local(offline=True)" in notebook.cells[0].source and "kllgraph.Client(" in notebook.cells[0].source
    assert not _outputs(notebook, "error")
    assert sum("image/png" in out["data"] for out in _outputs(notebook, "display_data")) == 4
    assert (EXAMPLES / "explore.ipynb").stat().st_size < 400_000


def test_notebook_re_executes_offline_and_draws_four_charts() -> None:
    notebook = nbformat.read(EXAMPLES / "explore.ipynb", as_version=4)  # type: ignore[no-untyped-call]
    # Prove the kernel is this venv's python (jupyter_client runs kernelspec argv "python" as sys.executable).
    check = nbformat.v4.new_code_cell("import sys\nprint(sys.prefix)")  # type: ignore[no-untyped-call]
    columns = '["occupation.label", "level", "job_ads.total_count", "monthly_wage.value"]'
    moves_cell = nbformat.v4.new_code_cell(f"print(moves[{columns}].to_json(orient='records'))")  # type: ignore[no-untyped-call]
    notebook.cells.extend([moves_cell, check])
    client = nbclient.NotebookClient(
        notebook, kernel_name="python3", timeout=180, resources={"metadata": {"path": str(EXAMPLES)}}
    )
    client.execute()

    assert not _outputs(notebook, "error")
    assert notebook.cells[-1].outputs[0]["text"].strip() == sys.prefix
    images = [out for out in _outputs(notebook, "display_data") if "image/png" in out["data"]]
    assert len(images) == 4, "ads per occupation field, historical demand, population against open ads, career moves"
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
    assert any("occupation.label" in text and "outlook.recruitment_situation" in text for text in results)

    # What the career-moves chart drew from: Vårdbiträde's five targets, HIGH first, wage and ads from the graph.
    charted = json.loads(notebook.cells[-2].outputs[0]["text"])
    assert [move["occupation.label"] for move in charted][:2] == ["Hemvårdare", "Personlig assistent"]
    assert [move["level"] for move in charted] == ["HIGH", "HIGH", "LOW", "LOW", "LOW"]
    assert charted[1]["job_ads.total_count"] == 4 and charted[1]["monthly_wage.value"] == 27_600
    assert charted[4]["monthly_wage.value"] is None  # Boendestödjare: SCB publishes none; the chart says so
