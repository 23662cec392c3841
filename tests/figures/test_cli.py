"""`tuntas figures`: subcommands, the JSON shape koordinators script against, exit status."""

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from .excelfill import fill, find_row, open_2026, read, run_import, template

__all__ = ["open_2026"]  # a fixture


def test_import_json_has_saved_count_and_located_errors(tmp_path: Path, open_2026: None) -> None:
    original = template(tmp_path)
    row = find_row(read(original), "1 Data", **{"Kode layanan": "K4", "Kunci": "target"})
    bad = run_import(tmp_path, fill(original, {("1 Data", f"G{row}"): "x"}), expect_error=True)
    assert isinstance(bad["saved"], int) and bad["saved"] == 0
    assert bad["errors"] == [
        {
            "sheet": "1 Data",
            "row": row,
            "column": "G",
            "header": "Nilai",
            "message": "'x' bukan angka.",
        }
    ]
    good = run_import(tmp_path, fill(original, {("1 Data", f"G{row}"): 11300}))
    assert good["saved"] == 1 and good["errors"] == [] and good["dry_run"] is False
    assert good["file"] == "Dinas Kesehatan (Kabupaten Bantul), 2026"


def test_text_report_names_cells(tmp_path: Path, open_2026: None) -> None:
    original = template(tmp_path)
    row = find_row(read(original), "1 Data", **{"Kode layanan": "K4", "Kunci": "target"})
    path = tmp_path / "bad.xlsx"
    path.write_bytes(fill(original, {("1 Data", f"G{row}"): -3}))
    out = StringIO()
    with pytest.raises(CommandError, match="kesalahan; tidak ada yang disimpan"):
        call_command("figures", "import", str(path), "--as=bantul.koordinator", stdout=out)
    assert f"GALAT 1 Data!G{row} (Nilai)" in out.getvalue()
    assert "tidak boleh negatif" in out.getvalue()


def test_template_needs_the_right_to_enter_figures(tmp_path: Path, db: Any) -> None:
    with pytest.raises(CommandError, match="tidak berwenang"):
        template(tmp_path, user="bantul.verifikator")
    with pytest.raises(CommandError, match="tidak ditemukan"):
        template(tmp_path, user="kulonprogo.dinkes.operator")
    assert template(tmp_path, user="bantul.koordinator")[:2] == b"PK"  # a zip (xlsx)


def test_missing_file_is_a_clean_command_error(tmp_path: Path, db: Any) -> None:
    with pytest.raises(CommandError, match="No such file"):
        call_command("figures", "import", str(tmp_path / "tidak-ada.xlsx"), stdout=StringIO())
