"""Notebook helpers: flat records, DataFrames, HTML tables, progress bars; pandas and tqdm imported lazily."""

import html
import importlib
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
        else:
            row[column] = value


def to_dataframe(items: Iterable[object]) -> "pd.DataFrame":
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(f"to_pandas() needs pandas: {NOTEBOOK_INSTALL_HINT}") from exc
    return pd.DataFrame.from_records([flatten(item) for item in items])


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
    """A tqdm bar when asked for (`True`), or by default (`None`) in a Jupyter kernel if tqdm is installed."""
    if enabled is False or (enabled is None and not in_jupyter_kernel()):
        return _NoProgress()
    try:
        tqdm_auto: Any = importlib.import_module("tqdm.auto")
    except ImportError as exc:
        if enabled is None:
            return _NoProgress()
        raise ImportError(f"progress=True needs tqdm: {NOTEBOOK_INSTALL_HINT}") from exc
    options = {"total": total, "desc": description, "unit": "item"}
    try:
        bar: ProgressBar = tqdm_auto.tqdm(**options)
    except ImportError:
        # The notebook widget needs ipywidgets; a text bar works everywhere.
        tqdm_std: Any = importlib.import_module("tqdm.std")
        bar = tqdm_std.tqdm(**options)
    return bar
