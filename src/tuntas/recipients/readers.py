"""Reading recipient files into a table of text cells (CSV with polars, XLSX with the streaming
reader in `xlsx.py`), and guessing which header is which standard column."""

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
# Older spreadsheet formats the streaming reader does not read.
OTHER_SHEET_SUFFIXES = frozenset({".xls", ".ods"})

# Headers people actually write, normalised, for each standard column.
ALIASES = {
    "nik": {"nik", "no_nik", "nomor_induk_kependudukan", "no_ktp"},
    "nama": {"nama", "nama_lengkap", "nama_penerima", "nama_sasaran"},
    "jenis_kelamin": {"jenis_kelamin", "jk", "l/p", "kelamin", "sex"},
    "tanggal_lahir": {"tanggal_lahir", "tgl_lahir", "tgl._lahir", "lahir"},
    "alamat": {"alamat", "alamat_lengkap"},
    "kode_desa": {"kode_desa", "kode_kelurahan", "kode_desa/kelurahan", "kd_desa"},
    "tanggal_layanan": {"tanggal_layanan", "tgl_layanan", "tanggal_pelayanan", "tgl_pelayanan"},
    "sesuai_standar": {"sesuai_standar", "standar", "memenuhi_standar"},
}


class FileUnreadable(ValueError):
    pass


@dataclass(frozen=True)
class Table:
    """A file as read: the header row's texts, and one frame row per non-blank data row with
    the sheet row number (`row`, the header is row 1), the cells as text (`c0`…, null when
    empty) and, for Excel, whether a cell was a number (`n0`…)."""

    header: list[str]
    frame: pl.DataFrame


def _normalise(header: Any) -> str:
    return re.sub(r"\s+", "_", str(header or "").strip().lower())


def is_xlsx(path: Path) -> bool:
    return path.suffix.lower() in XLSX_SUFFIXES


def _csv_delimiter(path: Path) -> str:
    with open(path, encoding="utf-8-sig", newline="", errors="replace") as f:
        sample = f.read(8192)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _read_csv(path: Path, rows: int | None) -> Table:
    try:
        raw = pl.read_csv(
            path,
            has_header=False,
            infer_schema=False,
            separator=_csv_delimiter(path),
            truncate_ragged_lines=True,
            n_rows=None if rows is None else rows + 1,
            row_index_name="row",
            row_index_offset=1,
        )
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise FileUnreadable(f"Berkas tidak dapat dibaca sebagai CSV UTF-8: {exc}") from exc
    if raw.height == 0:
        return Table([], pl.DataFrame(schema={"row": pl.Int64}))
    header = ["" if h is None else str(h).strip() for h in raw.row(0)[1:]]
    while header and not header[-1]:
        header.pop()
    cells = raw.columns[1 : len(header) + 1]
    frame = raw.slice(1).select(
        pl.col("row").cast(pl.Int64),
        *(pl.col(c).alias(f"c{i}") for i, c in enumerate(cells)),
    )
    return Table(header, _without_blank_rows(frame, len(header)))


def _without_blank_rows(frame: pl.DataFrame, width: int) -> pl.DataFrame:
    if not width:
        return frame.clear()
    filled = pl.any_horizontal(
        pl.col(f"c{i}").is_not_null() & (pl.col(f"c{i}") != "") for i in range(width)
    )
    return frame.filter(filled)


def read_table(path: Path, *, rows: int | None = None) -> Table:
    """The first sheet of an XLSX or a whole CSV (at most `rows` data rows when given)."""
    if path.suffix.lower() in OTHER_SHEET_SUFFIXES:
        raise FileUnreadable(
            f"Format {path.suffix.lower()} tidak didukung; simpan ulang berkas sebagai XLSX "
            "(Excel Workbook) atau CSV UTF-8."
        )
    if is_xlsx(path):
        from .xlsx import read_xlsx  # xlsx.py imports FileUnreadable from here

        header, frame = read_xlsx(path, rows=rows)
        return Table(header, frame)
    return _read_csv(path, rows)


def preview(path: Path, rows: int = 10) -> tuple[list[str], list[list[str]]]:
    table = read_table(path, rows=rows)
    width = len(table.header)
    body = [
        ["" if c is None else str(c) for c in cells]
        for cells in table.frame.select(f"c{i}" for i in range(width)).head(rows).iter_rows()
    ]
    return table.header, body


def guess_mapping(header: Sequence[str], columns: Sequence[str]) -> dict[str, str]:
    """Header as written -> standard column, for the headers we recognise."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for h in header:
        key = _normalise(h)
        for column in columns:
            if column in taken:
                continue
            if key == column or key in ALIASES.get(column, ()):
                mapping[h] = column
                taken.add(column)
                break
    return mapping
