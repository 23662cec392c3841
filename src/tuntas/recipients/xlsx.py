"""Interim XLSX reader (python-calamine); replaced by the streaming reader."""

from pathlib import Path
from typing import Any

import polars as pl
from python_calamine import CalamineWorkbook

from .readers import FileUnreadable


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return (
            value.isoformat(sep=" ")
            if hasattr(value, "hour") and (value.hour or value.minute or value.second)
            else str(value)[:10]
        )
    return str(value)


def read_xlsx(path: Path, *, rows: int | None = None) -> tuple[list[str], pl.DataFrame]:
    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    except Exception as exc:
        raise FileUnreadable(f"Berkas Excel tidak dapat dibaca: {exc}") from exc
    it = iter(sheet.iter_rows())
    header = [str(h or "").strip() for h in next(it, [])]
    while header and not header[-1]:
        header.pop()
    w = len(header)
    data: dict[str, list[Any]] = {"row": []}  # interim
    for i in range(w):
        data[f"c{i}"] = []
        data[f"n{i}"] = []
    for r, cells in enumerate(it, start=2):
        cells = [*cells[:w], *([None] * (w - len(cells)))]  # type: ignore[list-item]
        texts = [_text(c) for c in cells]
        if all(t is None for t in texts):
            continue
        data["row"].append(r)
        for i, (c, t) in enumerate(zip(cells, texts, strict=True)):
            data[f"c{i}"].append(t)
            data[f"n{i}"].append(isinstance(c, (int, float)) and not isinstance(c, bool))
        if rows is not None and len(data["row"]) >= rows:
            break
    schema = {
        "row": pl.Int64,
        **{f"c{i}": pl.String for i in range(w)},
        **{f"n{i}": pl.Boolean for i in range(w)},
    }
    return header, pl.DataFrame(data, schema=schema)
