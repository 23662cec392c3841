"""Reading recipient files row by row (CSV with the csv module, XLSX with python-calamine),
and guessing which header is which standard column."""

import csv
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})

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


def _normalise(header: Any) -> str:
    return re.sub(r"\s+", "_", str(header or "").strip().lower())


def is_xlsx(path: Path) -> bool:
    return path.suffix.lower() in XLSX_SUFFIXES


def _csv_dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def open_rows(path: Path) -> tuple[int, Iterator[Sequence[Any]]]:
    """The number of data rows (for the progress bar; a CSV is counted by lines) and every row
    of the first sheet or of the CSV, header first. calamine loads a sheet whole, so it is
    loaded once here for both."""
    if is_xlsx(path):
        try:
            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        except Exception as exc:  # calamine raises its own error types for broken workbooks
            raise FileUnreadable(f"Berkas Excel tidak dapat dibaca: {exc}") from exc
        return max(sheet.total_height - 1, 0), iter(sheet.iter_rows())
    return _count_lines(path) - 1, _csv_rows(path)


def _csv_rows(path: Path) -> Iterator[Sequence[Any]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            dialect = _csv_dialect(f.read(8192))
            f.seek(0)
            yield from csv.reader(f, dialect)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise FileUnreadable(f"Berkas tidak dapat dibaca sebagai CSV UTF-8: {exc}") from exc


def _count_lines(path: Path) -> int:
    lines = 0
    last = b"\n"
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    return max(lines + (last != b"\n"), 1)


def preview(path: Path, rows: int = 10) -> tuple[list[str], list[list[str]]]:
    _total, it = open_rows(path)
    header = [str(h or "").strip() for h in next(it, [])]
    body = []
    for cells in it:
        body.append(["" if c is None else str(c) for c in cells])
        if len(body) >= rows:
            break
    return header, body


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
