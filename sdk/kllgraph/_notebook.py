"""Notebook helpers: flat records, DataFrames, HTML tables, progress bars; pandas and tqdm imported lazily."""

import html
import importlib
import importlib.util
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import pydantic

from ._constants import NOTEBOOK_INSTALL_HINT

if TYPE_CHECKING:
    import pandas as pd

HTML_MAX_ROWS = 20
HTML_MAX_CELL_CHARS = 80


def in_jupyter_kernel() -> bool:
    """Whether this process is a Jupyter kernel (not a plain terminal IPython)."""
    ipython = sys.modules.get("IPython")
    get_ipython = getattr(ipython, "get_ipython", None)
    shell = get_ipython() if callable(get_ipython) else None
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def flatten(item: object) -> dict[str, object]:
    """One table row from a result item: nested models and objects become dotted columns (`employer.name`)."""
    if isinstance(item, pydantic.BaseModel):
        raw: object = item.model_dump()
    else:
        raw = item
    if not isinstance(raw, Mapping):
        return {"value": raw}
    row: dict[str, object] = {}
    _flatten_into(row, "", raw)
    return row


def _flatten_into(row: dict[str, object], prefix: str, mapping: Mapping[Any, object]) -> None:
    for key, value in mapping.items():
        column = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            _flatten_into(row, column + ".", value)
        elif isinstance(value, list) and _is_dimension_list(value):
            # A statistics row's dimensions: one column per variable (`Region`, `Tid`) holding the value's label.
            for dimension in value:
                row[f"{prefix}{dimension['variable_code']}"] = dimension["label"]
        else:
            row[column] = value


def _is_dimension_list(value: list[object]) -> bool:
    return bool(value) and all(
        isinstance(entry, Mapping) and {"variable_code", "label"} <= entry.keys() for entry in value
    )


def to_dataframe(items: Iterable[object], extensions: Mapping[str, Any] | None = None) -> "pd.DataFrame":
    """A DataFrame of `items`; `attrs["kllgraph"]` holds the answer's `extensions["kllgraph"]` (offline mode,
    snapshot provenance and date, stale parts), `{}` when it had none."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(f"to_pandas() needs pandas: {NOTEBOOK_INSTALL_HINT}") from exc
    frame = pd.DataFrame.from_records([flatten(item) for item in items])
    notice = (extensions or {}).get("kllgraph")
    frame.attrs["kllgraph"] = dict(notice) if isinstance(notice, Mapping) else {}
    return frame


def html_table(items: Iterable[object], *, caption: str, max_rows: int = HTML_MAX_ROWS) -> str:
    """A small HTML table of the first `max_rows` items; every value is escaped."""
    rows = [flatten(item) for _, item in zip(range(max_rows), items, strict=False)]
    columns = list(dict.fromkeys(column for row in rows for column in row))
    head = "".join(f"<th>{html.escape(column)}</th>" for column in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(row.get(column))}</td>" for column in columns) + "</tr>" for row in rows
    )
    return (
        f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    if len(text) > HTML_MAX_CELL_CHARS:
        text = text[: HTML_MAX_CELL_CHARS - 1] + "…"
    return html.escape(text)


class ProgressBar(Protocol):
    def update(self, n: int) -> object: ...

    def close(self) -> None: ...


class _NoProgress:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(enabled: bool | None, *, total: int | None, description: str) -> ProgressBar:
    """A tqdm bar when asked for (`True`), or by default (`None`) in a Jupyter kernel if tqdm is installed.

    `tqdm.auto` picks the notebook widget in a kernel; without ipywidgets it would warn "IProgress not found"
    at import, so then the text bar of `tqdm.std` (which renders in notebooks too) is used directly.
    """
    if enabled is False or (enabled is None and not in_jupyter_kernel()):
        return _NoProgress()
    module = "tqdm.auto" if importlib.util.find_spec("ipywidgets") is not None else "tqdm.std"
    try:
        tqdm_module: Any = importlib.import_module(module)
    except ImportError as exc:
        if enabled is None:
            return _NoProgress()
        raise ImportError(f"progress=True needs tqdm: {NOTEBOOK_INSTALL_HINT}") from exc
    bar: ProgressBar = tqdm_module.tqdm(total=total, desc=description, unit="item")
    return bar
