"""XLSX files for people: the standard template and the sheet of rejected rows to fix and
upload again. Every cell is written as text, and text that Excel would take for a formula
(= + - @) also carries Excel's quote prefix, so nothing from an uploaded file ever runs."""

import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter

from .validation import ExtraField

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Columns after the data in the error sheet; the import ignores them on re-upload.
ERROR_COLUMNS = ("baris_asal", "kolom_salah", "alasan")


class _Sheet:
    def __init__(self, columns: Sequence[str]):
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {"in_memory": True})
        self.sheet = self.book.add_worksheet("Data")
        self.text = self.book.add_format({"num_format": "@"})
        self.quoted = self.book.add_format({"num_format": "@", "quote_prefix": True})
        bold = self.book.add_format({"bold": True, "num_format": "@"})
        for col, name in enumerate(columns):
            self.sheet.write_string(0, col, name, bold)
            # Text columns so Excel keeps NIK and village codes as typed.
            self.sheet.set_column(col, col, max(len(name) + 2, 14), self.text)
        self.sheet.freeze_panes(1, 0)

    def write(self, row: int, values: Sequence[Any]) -> None:
        for col, value in enumerate(values):
            text = "" if value is None else str(value)
            fmt = self.quoted if text.startswith(FORMULA_START) else self.text
            self.sheet.write_string(row, col, text, fmt)

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def template_xlsx(columns: Sequence[str], extra: Sequence[ExtraField]) -> bytes:
    sheet = _Sheet(columns)
    notes = sheet.book.add_worksheet("Petunjuk")
    lines = [
        "nik: 16 angka, kolom berformat Teks",
        "jenis_kelamin: L atau P",
        "tanggal_lahir, tanggal_layanan: TTTT-BB-HH atau HH-BB-TTTT",
        "kode_desa: kode Kemendagri, mis. 34.02.01.2001 atau 3402012001",
        "sesuai_standar: ya atau tidak",
        *(f"{f.name}: {f.label}" for f in extra),
    ]
    for i, line in enumerate(lines):
        notes.write_string(i, 0, line)
    return sheet.close()


def rejections_xlsx(columns: Sequence[str], rejections: Sequence[Sequence[Any]]) -> bytes:
    """One row per rejected row: its values under the standard headers, then where and why."""
    sheet = _Sheet([*columns, *ERROR_COLUMNS])
    for i, (row_no, column, _value, reason, cells) in enumerate(rejections, start=1):
        sheet.write(i, [*(cells.get(c, "") for c in columns), row_no, column, reason])
    return sheet.close()
