"""Event tables for the terminal that stay readable at 80 columns.

Three rules, so that a code is never cut in half (issue: ids wrapped over four lines, "ASSAU LT"):

- columns are chosen by the terminal's width, most useful first; a column that does not fit is
  left out (``--wide`` shows them all and lets the table be as wide as it needs);
- codes (ids, types, actor codes, dates, counts) never wrap inside a word: their column is at
  least as wide as the longest single code, and several codes wrap only between codes;
- free text (places, triggers) is cut with an ellipsis on one line.

Ids are shown as their shortest unique prefix (as git shows commits), never shorter than
:data:`MIN_ID_PREFIX` characters; ``--wide`` and the machine formats give whole ids.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

#: Shortest id prefix shown, so prefixes stay unique as a store grows.
MIN_ID_PREFIX = 7
#: Free-text columns are never squeezed below this.
MIN_TEXT_WIDTH = 10
#: Free text is cut here unless --wide, so codes keep the room.
MAX_TEXT_WIDTH = 30
#: Space between two columns (the table has no vertical rules).
GUTTER = 2

ColumnKind = Literal["code", "text", "number"]


@dataclass(frozen=True)
class Column:
    """One table column: its header, how to get its cell from a record, and what it holds.

    Columns are listed most useful first; that order decides which fit a narrow terminal.
    ``kind`` is ``code`` (never split inside a word), ``number`` (right-aligned) or ``text``
    (one line, cut with an ellipsis).
    """

    header: str
    cell: Callable[[Any], str]
    kind: ColumnKind = "code"


def short_ids(ids: Sequence[str], minimum: int = MIN_ID_PREFIX) -> dict[str, str]:
    """Each id's shortest prefix (at least ``minimum`` long) that no other id in ``ids`` shares."""
    unique = sorted(set(ids))
    shortest: dict[str, str] = {}
    for position, full in enumerate(unique):
        length = min(len(full), minimum)
        for neighbour in (
            unique[position - 1] if position else None,
            unique[position + 1] if position + 1 < len(unique) else None,
        ):
            if neighbour is None:
                continue
            common = 0
            while common < min(len(full), len(neighbour)) and full[common] == neighbour[common]:
                common += 1
            length = max(length, min(len(full), common + 1))
        shortest[full] = full[:length]
    return shortest


def _natural_width(column: Column, cells: list[str]) -> int:
    """The width a column needs: codes as wide as their longest word, text as its longest cell."""
    if column.kind == "text":
        longest = max((len(c) for c in cells), default=0)
        return max(len(column.header), min(longest, max(MIN_TEXT_WIDTH, longest)))
    words = [w for c in cells for w in c.split()] or [""]
    return max(len(column.header), max(len(w) for w in words))


def _minimum_width(column: Column, cells: list[str]) -> int:
    if column.kind == "text":
        return max(len(column.header), min(MIN_TEXT_WIDTH, _natural_width(column, cells)))
    return _natural_width(column, cells)


def fit_columns(columns: Sequence[Column], cells: list[list[str]], width: int) -> list[int]:
    """Indexes of the columns to show within ``width`` characters, in their priority order:
    each column is taken if its minimum width still fits, and skipped otherwise."""
    chosen: list[int] = []
    used = 0
    for index, column in enumerate(columns):
        need = _minimum_width(column, [row[index] for row in cells])
        extra = need + (GUTTER if chosen else 0)
        if used + extra <= width or not chosen:
            chosen.append(index)
            used += extra
    return chosen


def print_table(
    console: Console,
    title: str,
    columns: Sequence[Column],
    records: Sequence[Any],
    *,
    wide: bool = False,
) -> None:
    """Print ``records`` as a table of the ``columns`` that fit the console (all with ``wide``)."""
    cells = [[column.cell(record) for column in columns] for record in records]
    if wide:
        shown = list(range(len(columns)))
        natural = sum(_natural_width(columns[i], [r[i] for r in cells]) for i in shown)
        console = Console(
            width=max(console.width, natural + GUTTER * len(shown)),
            file=console.file,
            force_terminal=console.is_terminal,
            no_color=console.no_color,
        )
    else:
        shown = fit_columns(columns, cells, console.width)
    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1))
    for index in shown:
        column = columns[index]
        column_cells = [row[index] for row in cells]
        if column.kind == "text":
            table.add_column(
                column.header,
                no_wrap=True,
                overflow="ellipsis",
                min_width=_minimum_width(column, column_cells),
                max_width=None if wide else MAX_TEXT_WIDTH,
            )
        else:
            table.add_column(
                column.header,
                justify="right" if column.kind == "number" else "left",
                min_width=_minimum_width(column, column_cells),
                overflow="fold",  # reached only by a single word wider than the terminal
            )
    for row in cells:
        table.add_row(*(Text(row[index]) for index in shown))
    console.print(table)
    hidden = [columns[i].header for i in range(len(columns)) if i not in shown]
    if hidden:
        console.print(
            Text(
                f"({len(hidden)} more columns: {', '.join(hidden)}; --wide shows them)", style="dim"
            )
        )


def codes_cell(codes: Sequence[str] | None) -> str:
    """Actor codes joined so that a narrow column wraps between codes, never inside one."""
    return ", ".join(codes or []) or "-"


def date_cell(date: str | None, precision: str | None) -> str:
    """A date cut to its precision (2022-09, 2022), or '?' when unknown."""
    if not date or precision in (None, "none"):
        return "?"
    return {"month": date[:7], "year": date[:4]}.get(precision, date[:10])


def flags_cell(record: dict[str, Any] | Any, names: Sequence[str]) -> str:
    get = record.get if isinstance(record, dict) else lambda k: getattr(record, k, None)
    return " ".join(name for name in names if get(name)) or ""
