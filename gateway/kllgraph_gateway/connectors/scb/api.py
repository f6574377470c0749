"""Live requests to SCB's PxWebApi 2.0 (agency-apis.md §6.2; spec: PxAPI-2.yml).

SCB publishes its own limits at `GET /config` (maxDataCells per request, maxCallsPerTimeWindow per timeWindow
seconds). Before any data call we read /config (cached with the source TTL), install a client-side rate limiter
from it, and refuse a selection whose cell count exceeds maxDataCells with BAD_USER_INPUT -- counted against the
table's metadata, so the request never reaches SCB.
"""

from __future__ import annotations

import fnmatch
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..._errors import BadUserInput
from ..._upstream import SourceClient
from .jsonstat import JsonStatDataset, JsonStatDimension, TableMetadata
from .models import Codelist, Config, Table, TablesResponse

__all__ = [
    "LANG",
    "Selection",
    "cell_count",
    "codelist",
    "config",
    "data",
    "expand_value_codes",
    "install_limits",
    "metadata",
    "selection_body",
    "table",
    "tables",
]

LANG = "sv"  # Swedish labels: the hubs' names (kommun, län, SSYK) are Swedish too.
OUTPUT_FORMAT = "json-stat2"

_TABLE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]{1,63}", re.ASCII)
_FUNCTION = re.compile(r"(top|bottom|from|to|range)\((.*)\)", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Selection:
    """One variable of a data selection: its code and the value codes or value expressions to fetch."""

    variable_code: str
    value_codes: tuple[str, ...]
    codelist: str | None = None


def check_table_id(table_id: str, *, argument: str = "id") -> str:
    if not _TABLE_ID.fullmatch(table_id):
        raise BadUserInput(f"{table_id!r} is not an SCB table id (like TAB6471)", argument=argument)
    return table_id


async def config(client: SourceClient) -> Config:
    return await client.get_model("/config", Config, endpoint="config")


async def install_limits(client: SourceClient) -> Config:
    """Read /config and install SCB's published call limit as this source's client-side rate limiter."""
    limits = await config(client)
    client.set_rate_limit(limits.maxCallsPerTimeWindow, float(limits.timeWindow))
    return limits


async def tables(
    client: SourceClient, *, query: str | None, page_number: int, page_size: int
) -> TablesResponse:
    """`GET /tables`: one page (1-based `pageNumber`) of the table list, optionally filtered by a search `query`."""
    params = [("lang", LANG)]
    if query:
        params.append(("query", query))
    params += [("pageNumber", str(page_number)), ("pageSize", str(page_size))]
    return await client.get_model("/tables", TablesResponse, endpoint="tables", params=params)


async def table(client: SourceClient, table_id: str) -> Table | None:
    return await client.get(f"/tables/{check_table_id(table_id)}", Table, endpoint="table",
                            params=[("lang", LANG)], not_found_ok=True)


async def metadata(client: SourceClient, table_id: str) -> TableMetadata | None:
    """`GET /tables/{id}/metadata` (JSON-stat2 without values); None when SCB has no such table."""
    return await client.get(f"/tables/{check_table_id(table_id)}/metadata", TableMetadata, endpoint="metadata",
                            params=[("lang", LANG)], not_found_ok=True)


async def codelist(client: SourceClient, codelist_id: str) -> Codelist | None:
    return await client.get(f"/codelists/{codelist_id}", Codelist, endpoint="codelist",
                            params=[("lang", LANG)], not_found_ok=True)


def selection_body(selection: Sequence[Selection]) -> dict[str, Any]:
    """The POST body. The spec's VariableSelection lists `values` as required but names the property
    `valueCodes`; SCB and every client we found send `valueCodes` (agency-apis.md §6.2), so we do too."""
    items: list[dict[str, Any]] = []
    for choice in selection:
        item: dict[str, Any] = {"variableCode": choice.variable_code, "valueCodes": list(choice.value_codes)}
        if choice.codelist is not None:
            item["codelist"] = choice.codelist
        items.append(item)
    return {"selection": items}


def expand_value_codes(
    codes: Sequence[str], expressions: Sequence[str], *, variable: str = "valueCodes"
) -> list[str]:
    """The value codes a list of codes/expressions selects, in the table's order.

    Expressions per agency-apis.md §6.2 (M): `*` and `?` wildcards, `top(n)`, `bottom(n)`, `from(x)`, `to(x)`,
    `range(x,y)`. `top(n)` is taken as the n last codes (the newest periods, like v1's "top" filter) and
    `bottom(n)` as the n first -- for counting cells only n matters.
    """
    picked: set[str] = set()
    position = {code: i for i, code in enumerate(codes)}

    def index_of(code: str) -> int:
        if code not in position:
            raise BadUserInput(f"{code!r} is not a value of variable {variable!r}", argument="selection")
        return position[code]

    for expression in expressions:
        text = expression.strip()
        match = _FUNCTION.fullmatch(text)
        if match:
            args = [a.strip() for a in match.group(2).split(",")]
            try:
                picked.update(_function_codes(match.group(1).lower(), args, codes, index_of))
            except (ValueError, IndexError):
                raise BadUserInput(f"{expression!r} is not a valid value expression for {variable!r}",
                                   argument="selection") from None
        elif "*" in text or "?" in text:
            picked.update(code for code in codes if fnmatch.fnmatchcase(code, text))
        else:
            picked.add(codes[index_of(text)])
    return [code for code in codes if code in picked]


def _function_codes(name: str, args: Sequence[str], codes: Sequence[str],
                    index_of: Callable[[str], int]) -> list[str]:
    """The codes one `top(n)` / `bottom(n)` / `from(x)` / `to(x)` / `range(x,y)` expression selects."""
    if name in ("top", "bottom"):
        n = int(args[0])
        if n <= 0:
            return []
        return list(codes[-n:]) if name == "top" else list(codes[:n])
    if name == "from":
        return list(codes[index_of(args[0]):])
    if name == "to":
        return list(codes[: index_of(args[0]) + 1])
    return list(codes[index_of(args[0]): index_of(args[1]) + 1])


def _count_for(dimension_id: str, dimension: JsonStatDimension, choice: Selection | None) -> int:
    if choice is None:
        # Left out: SCB eliminates the variable (one total) where allowed; otherwise it applies the table's
        # default selection, which we cannot know here -- count every value so the bound stays safe.
        return 1 if dimension.elimination else len(dimension.codes())
    if choice.codelist is not None:
        # A codelist replaces the variable's values with its own; count the expressions, `*` as every base value.
        return len(dimension.codes()) if any("*" in v or "(" in v for v in choice.value_codes) \
            else len(choice.value_codes)
    return len(expand_value_codes(dimension.codes(), choice.value_codes, variable=dimension_id))


def cell_count(table_metadata: TableMetadata, selection: Sequence[Selection]) -> int:
    """How many cells SCB would return for `selection`; BAD_USER_INPUT for unknown variables or values."""
    by_code = {choice.variable_code: choice for choice in selection}
    unknown = [code for code in by_code if code not in table_metadata.dimension]
    if unknown:
        raise BadUserInput(f"variable(s) {unknown} are not in this table (it has {table_metadata.id})",
                           argument="selection")
    return math.prod(_count_for(d_id, d, by_code.get(d_id)) for d_id, d in table_metadata.dimensions())


async def data(
    client: SourceClient, table_id: str, selection: Sequence[Selection], *, table_metadata: TableMetadata
) -> JsonStatDataset:
    """`POST /tables/{id}/data?lang=sv&outputFormat=json-stat2` with `{"selection": [...]}`."""
    limits = await install_limits(client)
    cells = cell_count(table_metadata, selection)
    if cells > limits.maxDataCells:
        raise BadUserInput(
            f"this selection makes {cells} cells; SCB answers at most {limits.maxDataCells} per request "
            f"(GET /config maxDataCells): select fewer values", argument="selection",
        )
    return await client.post_model(
        f"/tables/{check_table_id(table_id)}/data", JsonStatDataset, endpoint="data",
        params=[("lang", LANG), ("outputFormat", OUTPUT_FORMAT)], json=selection_body(selection),
    )
