"""A filled template with mistakes: every one reported by sheet, row and column, nothing saved."""

import io
import zipfile
from decimal import Decimal as D
from pathlib import Path
from typing import Any

from tuntas.figures.models import ActionItem, BudgetLine

from .excelfill import (
    YEAR,
    Formula,
    figure,
    fill,
    find_row,
    open_2026,
    read,
    run_import,
    template,
)

__all__ = ["open_2026"]  # a fixture


def where(result: dict[str, Any]) -> set[tuple[str, int | None, str]]:
    return {(e["sheet"], e["row"], e["column"]) for e in result["errors"]}


def message(result: dict[str, Any], sheet: str, cell: str) -> str:
    found = [
        e["message"]
        for e in result["errors"]
        if (e["sheet"], f"{e['column']}{e['row']}") == (sheet, cell)
    ]
    assert len(found) == 1, result["errors"]
    return found[0]


def test_errors_in_every_sheet_are_all_reported_and_nothing_saved(
    tmp_path: Path, dinkes: Any, open_2026: None
) -> None:
    original = template(tmp_path)
    sheets = read(original)

    def row(sheet: str, **cols: str) -> int:
        return find_row(sheets, sheet, **cols)

    k4_target = row("1 Data", **{"Kode layanan": "K4", "Kunci": "target"})
    k6_target = row("1 Data", **{"Kode layanan": "K6", "Kunci": "target"})
    doctors = row("1 Data", **{"Kode mutu": "K4-S01"})
    k4_served = row("4 Pelaksanaan", **{"Kode layanan": "K4", "Kunci": "served"})
    k5_served = row("4 Pelaksanaan", **{"Kode layanan": "K5", "Kunci": "served"})
    k6_served = row("4 Pelaksanaan", **{"Kode layanan": "K6", "Kunci": "served"})
    filled = fill(
        original,
        {
            ("1 Data", f"G{k6_target}"): 9999,  # valid, but must not be kept
            ("1 Data", f"G{k4_target}"): "sebelas",
            ("1 Data", f"G{doctors}"): 12.5,
            ("3 Rencana", "A5"): "K5",
            ("3 Rencana", "B5"): "1.02",
            ("3 Rencana", "C5"): "Pendampingan persalinan",
            ("3 Rencana", "D5"): -5,
            ("3 Rencana Aksi", "A3"): "K5",
            ("3 Rencana Aksi", "B3"): "Persalinan di rumah",
            ("3 Rencana Aksi", "E3"): "Kepala Puskesmas",
            ("3 Rencana Aksi", "F3"): "besok",
            ("4 Pelaksanaan", f"I{k4_served}"): Formula("=1/0", "#DIV/0!"),
            ("4 Pelaksanaan", f"I{k5_served}"): 99999,
            ("4 Pelaksanaan", f"I{k6_served}"): Formula("=F2*2", 10000),
        },
    )
    result = run_import(tmp_path, filled, expect_error=True)

    assert where(result) == {
        ("1 Data", k4_target, "G"),
        ("1 Data", doctors, "G"),
        ("3 Rencana", 5, "B"),
        ("3 Rencana", 5, "D"),
        ("3 Rencana Aksi", 3, "D"),
        ("3 Rencana Aksi", 3, "F"),
        ("4 Pelaksanaan", k4_served, "I"),
        ("4 Pelaksanaan", k5_served, "I"),
        ("4 Pelaksanaan", k6_served, "I"),
    }
    assert "'sebelas' bukan angka" in message(result, "1 Data", f"G{k4_target}")
    assert "bilangan bulat" in message(result, "1 Data", f"G{doctors}")
    assert "tidak sesuai pola" in message(result, "3 Rencana", "B5")
    assert "tidak boleh negatif" in message(result, "3 Rencana", "D5")
    assert "Rencana aksi wajib diisi" in message(result, "3 Rencana Aksi", "D3")
    assert "bukan tanggal" in message(result, "3 Rencana Aksi", "F3")
    assert "#DIV/0!" in message(result, "4 Pelaksanaan", f"I{k4_served}")
    assert "melebihi K5 Tahunan, Sasaran penerima" in message(
        result, "4 Pelaksanaan", f"I{k5_served}"
    )
    assert "rumus" in message(result, "4 Pelaksanaan", f"I{k6_served}")
    headers = {(e["column"], e["header"]) for e in result["errors"] if e["sheet"] == "3 Rencana"}
    assert headers == {("B", "Kode nomenklatur"), ("D", "Pagu anggaran (Rp)")}

    assert result["saved"] == 0
    assert figure(dinkes, "K6", "target").value == D(10600)
    assert BudgetLine.objects.filter(agency=dinkes, year=YEAR, service__code="K5").count() == 1
    assert not ActionItem.objects.filter(agency=dinkes, year=YEAR, service__code="K5").exists()


def test_a_plan_error_keeps_the_figures_of_the_same_file_out(
    tmp_path: Path, dinkes: Any, open_2026: None
) -> None:
    """Figures and plans go in one transaction: a bad budget line of K4 also stops K4's
    valid target."""
    original = template(tmp_path)
    k4_target = find_row(read(original), "1 Data", **{"Kode layanan": "K4", "Kunci": "target"})
    filled = fill(original, {("1 Data", f"G{k4_target}"): 12000, ("3 Rencana", "C2"): ""})
    result = run_import(tmp_path, filled, expect_error=True)
    assert where(result) == {("3 Rencana", 2, "C")}
    assert figure(dinkes, "K4", "target").value == D(11200)


def test_file_edited_for_another_agency_is_refused(tmp_path: Path, dinkes: Any) -> None:
    """The metadata names the agency; a Dinkes operator who rewrites it to Disdik's code
    gets an error and nothing is read."""
    original = template(tmp_path)
    assert read(original)["Petunjuk"][2][25:27] == ["perangkat_daerah", "dinkes"]
    edited = fill(original, {("Petunjuk", "AA3"): "disdik"})
    result = run_import(tmp_path, edited, expect_error=True)
    assert where(result) == {("Petunjuk", None, "")}
    assert "tidak berwenang" in result["errors"][0]["message"]


def test_file_of_another_region_is_refused_for_its_operator(tmp_path: Path, dinkes: Any) -> None:
    original = template(tmp_path)
    k4_target = find_row(read(original), "1 Data", **{"Kode layanan": "K4", "Kunci": "target"})
    filled = fill(original, {("1 Data", f"G{k4_target}"): 1})
    result = run_import(tmp_path, filled, user="kulonprogo.dinkes.operator", expect_error=True)
    assert "tidak berwenang" in result["errors"][0]["message"]
    assert figure(dinkes, "K4", "target").value == D(11200)


def test_unknown_sheet_changed_header_and_foreign_file(tmp_path: Path, dinkes: Any) -> None:
    original = template(tmp_path)
    result = run_import(
        tmp_path,
        fill(original, {("4 Pelaksanaan", "F1"): "TW I"}, extra_sheets=("Catatan",)),
        expect_error=True,
    )
    assert where(result) == {("Catatan", None, ""), ("4 Pelaksanaan", None, "")}
    assert any("Judul kolom" in e["message"] for e in result["errors"])

    not_excel = run_import(tmp_path, b"bukan berkas excel", expect_error=True)
    assert "tidak dapat dibaca" in not_excel["errors"][0]["message"]

    no_metadata = fill(original, {("Petunjuk", "AA1"): "lain"})
    assert (
        "bukan templat"
        in run_import(tmp_path, no_metadata, expect_error=True)["errors"][0]["message"]
    )


def test_a_zip_that_unpacks_huge_is_refused_before_reading(tmp_path: Path, db: Any) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    assert len(packed.getvalue()) < 100_000
    result = run_import(tmp_path, packed.getvalue(), expect_error=True)
    assert "terlalu besar" in result["errors"][0]["message"]


def test_rule_error_points_at_the_figure_it_names(
    tmp_path: Path, dinkes: Any, open_2026: None
) -> None:
    """Lowering K4's target below the stored served figures: the errors sit on those cells."""
    original = template(tmp_path)
    sheets = read(original)
    target = find_row(sheets, "1 Data", **{"Kode layanan": "K4", "Kunci": "target"})
    served = find_row(sheets, "4 Pelaksanaan", **{"Kode layanan": "K4", "Kunci": "served"})
    result = run_import(
        tmp_path, fill(original, {("1 Data", f"G{target}"): 2000}), expect_error=True
    )
    assert where(result) == {("4 Pelaksanaan", served, col) for col in "FGH"}
    assert "melebihi K4 Tahunan, Sasaran penerima (2.000)" in message(
        result, "4 Pelaksanaan", f"F{served}"
    )


def test_zero_is_a_value_and_an_empty_amount_is_missing(
    tmp_path: Path, dinkes: Any, open_2026: None
) -> None:
    original = template(tmp_path)
    zero = run_import(tmp_path, fill(original, {("3 Rencana", "D4"): 0}))  # K6, nothing realised
    assert zero["errors"] == [] and zero["saved"] == 1
    assert BudgetLine.objects.get(agency=dinkes, year=YEAR, service__code="K6").amount == 0
    empty = run_import(tmp_path, fill(original, {("3 Rencana", "D4"): ""}), expect_error=True)
    assert "Pagu anggaran wajib diisi" in message(empty, "3 Rencana", "D4")
