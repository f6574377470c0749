import sys
import types

import pandas as pd
import pytest

import kllgraph
from kllgraph import _notebook
from kllgraph._notebook import flatten, html_table, in_jupyter_kernel, progress_bar

from .fake_gateway import AdsClient, AsyncAdsClient, FakeGateway, JobAdNode

EXPECTED_COLUMNS = ["id", "headline", "employer.name", "employer.organisation_number"]


def test_flatten_nested_models_to_dotted_columns() -> None:
    ad = JobAdNode.model_validate({"id": "1", "headline": "Kock", "employer": {"name": "Krogen"}})
    assert flatten(ad) == {
        "id": "1",
        "headline": "Kock",
        "employer.name": "Krogen",
        "employer.organisation_number": None,
    }
    assert flatten({"a": {"b": {"c": 1}}, "tags": ["x"], "empty": {}}) == {"a.b.c": 1, "tags": ["x"], "empty": {}}
    assert flatten(3) == {"value": 3}


def test_paginator_to_pandas_collects_all_items(gateway: FakeGateway) -> None:
    frame = AdsClient(transport=gateway.transport).job_ads(first=3).to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == EXPECTED_COLUMNS
    assert len(frame) == 7
    assert frame["employer.name"].tolist()[:2] == ["Region 0", "Region 1"]


def test_page_to_pandas_and_max_items(gateway: FakeGateway) -> None:
    client = AdsClient(transport=gateway.transport)
    assert len(client.job_ads(first=3).first_page().to_pandas()) == 3
    assert len(client.job_ads(first=3, max_items=4).to_pandas()) == 4


async def test_async_to_pandas(gateway: FakeGateway) -> None:
    async with AsyncAdsClient(transport=gateway.transport) as client:
        frame = await client.job_ads(first=3).to_pandas()
    assert list(frame.columns) == EXPECTED_COLUMNS
    assert len(frame) == 7


def test_to_pandas_without_pandas_names_the_extra(gateway: FakeGateway, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    paginator = AdsClient(transport=gateway.transport).job_ads()
    with pytest.raises(ImportError, match=r'pip install "kllgraph\[notebook\]"'):
        paginator.to_pandas()


def test_html_table_escapes_values() -> None:
    hostile = {"headline": "<script>alert('x')</script>", "employer": {"name": "A & B"}}
    table = html_table([hostile], caption="<b>ads</b>")
    assert "<script>" not in table and "&lt;script&gt;" in table
    assert "A &amp; B" in table
    assert "&lt;b&gt;ads&lt;/b&gt;" in table
    assert "<th>employer.name</th>" in table


def test_page_and_paginator_repr_html(gateway: FakeGateway) -> None:
    client = AdsClient(transport=gateway.transport)
    page_html = client.job_ads(first=3).first_page()._repr_html_()
    assert page_html.count("<tr>") == 1 + 3
    assert "3 items (this page) of 7" in page_html
    paginator_html = client.job_ads(first=3, max_items=2)._repr_html_()
    assert paginator_html.count("<tr>") == 1 + 2
    assert "Region 1" in paginator_html and "Region 2" not in paginator_html


async def test_async_paginator_repr_html_does_no_io(gateway: FakeGateway) -> None:
    async with AsyncAdsClient(transport=gateway.transport) as client:
        assert "await" in client.job_ads()._repr_html_()
    assert gateway.requests == []


def test_progress_off_by_default_outside_jupyter(gateway: FakeGateway, capsys: pytest.CaptureFixture[str]) -> None:
    assert not in_jupyter_kernel()
    list(AdsClient(transport=gateway.transport).job_ads(first=3))
    assert capsys.readouterr().err == ""


def test_progress_forced_on_shows_a_bar(gateway: FakeGateway, capsys: pytest.CaptureFixture[str]) -> None:
    AdsClient(transport=gateway.transport).job_ads(first=3, max_items=5).to_pandas(progress=True)
    assert "5/5" in capsys.readouterr().err


def test_progress_on_by_default_in_jupyter(
    gateway: FakeGateway, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_notebook, "in_jupyter_kernel", lambda: True)
    list(AdsClient(transport=gateway.transport).job_ads(first=3))
    assert "7/7" in capsys.readouterr().err
    list(AdsClient(transport=gateway.transport, progress=False).job_ads(first=3))
    assert capsys.readouterr().err == ""


def test_progress_without_tqdm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    monkeypatch.setitem(sys.modules, "tqdm.std", None)
    with pytest.raises(ImportError, match=r'pip install "kllgraph\[notebook\]"'):
        progress_bar(True, total=1, description="x")
    monkeypatch.setattr(_notebook, "in_jupyter_kernel", lambda: True)
    bar = progress_bar(None, total=1, description="x")  # auto: quietly none
    bar.update(1)
    bar.close()


def test_in_jupyter_kernel_detects_the_kernel_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    ZMQInteractiveShell = type("ZMQInteractiveShell", (), {})
    TerminalInteractiveShell = type("TerminalInteractiveShell", (), {})
    fake_ipython = types.ModuleType("IPython")
    monkeypatch.setitem(sys.modules, "IPython", fake_ipython)
    fake_ipython.get_ipython = ZMQInteractiveShell  # type: ignore[attr-defined]
    assert in_jupyter_kernel()
    fake_ipython.get_ipython = TerminalInteractiveShell  # type: ignore[attr-defined]
    assert not in_jupyter_kernel()


def test_page_is_exported_with_useful_repr(gateway: FakeGateway) -> None:
    page = AdsClient(transport=gateway.transport).job_ads(first=3).first_page()
    assert isinstance(page, kllgraph.Page)
    assert repr(page) == "Page(items=3, total_count=7, has_next_page=True, end_cursor='2')"
