"""Filling a downloaded template the way a user would, without openpyxl (not installed).

The template's cells are read with python-calamine and written to a new workbook with
XlsxWriter, with the edits applied: every cell keeps its position, including the hidden
metadata, so the import sees what it would see after a user typed into Excel (formats and
protection are not carried over; the import does not rely on them)."""

import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import python_calamine
import xlsxwriter
from django.core.management import CommandError, call_command

from tests.conftest import set_bantul_windows
from tuntas.approvals.models import Submission
from tuntas.figures.models import FigureValue
from tuntas.organisation.models import Agency

Rows = list[list[Any]]
YEAR = 2026  # the demo's year: Bantul Dinkes has K4-K6 filled for quarters 1-3


@pytest.fixture
def open_2026(dinkes: Agency) -> None:
    """Every 2026 quarter open, so the tests do not depend on today's date, and still in the
    agency's hands (the demo has approved its first quarters, which locks them)."""
    Submission.objects.filter(agency=dinkes, year=YEAR).delete()
    set_bantul_windows(YEAR, days=30)


def template(tmp_path: Path, user: str = "bantul.dinkes.operator") -> bytes:
    out = tmp_path / "dinkes.xlsx"
    call_command(
        "figures",
        "template",
        "--region=34.02",
        f"--year={YEAR}",
        "--agency=dinkes",
        f"-o={out}",
        f"--as={user}",
        stdout=StringIO(),
    )
    return out.read_bytes()


def run_import(
    tmp_path: Path,
    data: bytes,
    *args: str,
    user: str = "bantul.dinkes.operator",
    expect_error: bool = False,
) -> Any:
    """`tuntas figures import FILE --format=json` as `user`: the JSON printed. The command
    fails (non-zero exit) exactly when there are errors."""
    path = tmp_path / "filled.xlsx"
    path.write_bytes(data)
    out = StringIO()
    command = ["figures", "import", str(path), "--format=json", f"--as={user}", *args]
    if expect_error:
        with pytest.raises(CommandError, match="tidak ada yang disimpan"):
            call_command(*command, stdout=out)
    else:
        call_command(*command, stdout=out)
    return json.loads(out.getvalue())


def figure(dinkes: Agency, service: str, key: str, quarter: int = 0, item: str = "") -> Any:
    by_item: dict[str, Any] = {"item__code": item} if item else {"item__isnull": True}
    return FigureValue.objects.get(
        agency=dinkes, year=YEAR, service__code=service, key=key, quarter=quarter, **by_item
    )


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
