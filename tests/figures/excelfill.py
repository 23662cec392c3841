"""Filling a downloaded template the way a user would, without openpyxl (not installed).

The template's cells are read with python-calamine and written to a new workbook with
XlsxWriter, with the edits applied: every cell keeps its position, including the hidden
metadata, so the import sees what it would see after a user typed into Excel (formats and
protection are not carried over; the import does not rely on them)."""

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

import python_calamine
import xlsxwriter

Rows = list[list[Any]]


@dataclass(frozen=True)
class Formula:
    formula: str
    cached: Any = 0  # the result Excel stored ("#DIV/0!" for an error value)


def read(data: bytes) -> dict[str, Rows]:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {
        name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        for name in book.sheet_names
    }


def position(ref: str) -> tuple[int, int]:
    match = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    assert match, ref
    col = 0
    for ch in match.group(1):
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)) - 1, col - 1


def find_row(sheets: dict[str, Rows], sheet: str, **columns: str) -> int:
    """The Excel row number of the first row whose cells match, by header name."""
    header = sheets[sheet][0]
    for r, row in enumerate(sheets[sheet][1:], 2):
        if all(row[header.index(h)] == v for h, v in columns.items()):
            return r
    raise AssertionError(f"no row {columns} in {sheet}")


def fill(
    data: bytes,
    edits: dict[tuple[str, str], Any],
    *,
    rename: dict[str, str] | None = None,
    extra_sheets: tuple[str, ...] = (),
) -> bytes:
    """`edits`: (sheet, "G2") -> value, a `Formula`, or "" to empty the cell."""
    sheets = read(data)
    for (sheet, ref), value in edits.items():
        r, c = position(ref)
        rows = sheets[sheet]
        while len(rows) <= r:
            rows.append([])
        rows[r] += [""] * (c + 1 - len(rows[r]))
        rows[r][c] = value
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet((rename or {}).get(name, name))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, Formula):
                    ws.write_formula(r, c, value.formula, None, value.cached)
                elif isinstance(value, dt.date):
                    ws.write_datetime(r, c, value, date)
                elif isinstance(value, str):
                    if value:
                        ws.write_string(r, c, value)
                else:
                    ws.write(r, c, value)
    for name in extra_sheets:
        wb.add_worksheet(name).write(0, 0, "catatan")
    wb.close()
    return out.getvalue()
