"""The Excel round trip: template from the command, filled like a user would, imported."""

import datetime as dt
from decimal import Decimal as D
from pathlib import Path
from typing import Any

from tuntas.figures.models import ActionItem, BudgetLine

from .excelfill import YEAR, figure, fill, find_row, open_2026, read, run_import, template

__all__ = ["open_2026"]  # a fixture


def test_template_is_prefilled_with_services_and_last_values(tmp_path: Path, dinkes: Any) -> None:
    sheets = read(template(tmp_path))
    assert list(sheets) == [
        "Petunjuk",
        "1 Data",
        "2 Kebutuhan",
        "3 Rencana",
        "3 Rencana Aksi",
        "4 Pelaksanaan",
    ]
    needs = sheets["2 Kebutuhan"]
    vaccine = needs[find_row(sheets, "2 Kebutuhan", **{"Kode mutu": "K4-B01"}) - 1]
    assert vaccine[7] == 9500 and vaccine[4] > 0  # SSH price next to the computed need
    data = sheets["1 Data"]
    row = find_row(sheets, "1 Data", **{"Kode layanan": "K4", "Kunci": "target"})
    assert data[row - 1][6] == 11200  # the demo's stored target
    row = find_row(sheets, "1 Data", **{"Kode mutu": "K4-S02"})
    assert data[row - 1][2] == "Ketersediaan SDM" and data[row - 1][6] == 412
    served = find_row(sheets, "4 Pelaksanaan", **{"Kode layanan": "K5", "Kunci": "served"})
    assert sheets["4 Pelaksanaan"][served - 1][5:9] == [2540, 5210, 7790, ""]
    assert sheets["3 Rencana"][1][:2] == ["K4", "1.02.02.2.02.0001"]
    assert sheets["3 Rencana Aksi"][1][6] == "Sedang berjalan"
    carried = {r[0] for r in data[1:]}
    assert carried == {f"K{n}" for n in range(4, 16)}  # Dinkes's services, not Disdik's
    guide = " ".join(str(r[0]) for r in sheets["Petunjuk"])
    assert "Dinas Kesehatan" in guide and "TIDAK ADA PERUBAHAN" in guide


def test_fill_and_import_saves_everything_with_audit(
    tmp_path: Path, dinkes: Any, bantul_operator: Any, open_2026: None
) -> None:
    original = template(tmp_path)
    sheets = read(original)
    target = find_row(sheets, "1 Data", **{"Kode layanan": "K4", "Kunci": "target"})
    usg = find_row(sheets, "1 Data", **{"Kode mutu": "K4-B06"})
    served = find_row(sheets, "4 Pelaksanaan", **{"Kode layanan": "K4", "Kunci": "served"})
    problems = find_row(sheets, "4 Pelaksanaan", **{"Kode layanan": "K4", "Kunci": "problems"})
    filled = fill(
        original,
        {
            ("1 Data", f"G{target}"): 11500,
            ("1 Data", f"G{usg}"): "1.234,5",  # typed as text, the Indonesian way
            ("4 Pelaksanaan", f"I{served}"): 10400,
            ("4 Pelaksanaan", f"I{problems}"): "Stok buku KIA habis di dua puskesmas",
            # a second budget line for K5 (row 5, below the three stored lines)
            ("3 Rencana", "A5"): "K5",
            ("3 Rencana", "B5"): "1.02.02.2.02.0004",
            ("3 Rencana", "C5"): "Pendampingan persalinan di fasilitas kesehatan",
            ("3 Rencana", "D5"): 150000000,
            ("3 Rencana Aksi", "A3"): "K5",
            ("3 Rencana Aksi", "B3"): "Persalinan di rumah masih terjadi",
            ("3 Rencana Aksi", "D3"): "Kelas ibu hamil di setiap desa",
            ("3 Rencana Aksi", "E3"): "Kepala Puskesmas",
            ("3 Rencana Aksi", "F3"): "30/11/2026",
            ("3 Rencana Aksi", "G3"): "Direncanakan",
        },
    )
    result = run_import(tmp_path, filled)
    assert result["errors"] == []
    # four figures, and K5's plan rewritten: its two budget lines and one action
    assert result["saved"] == 4 + 3
    assert figure(dinkes, "K4", "target").value == D(11500)
    assert figure(dinkes, "K4", "available", item="K4-B06").value == D("1234.5")
    assert figure(dinkes, "K4", "served", 4).value == D(10400)
    assert figure(dinkes, "K4", "problems", 4).text.startswith("Stok buku KIA")
    assert figure(dinkes, "K4", "target").history.first().history_user == bantul_operator
    lines = BudgetLine.objects.filter(agency=dinkes, year=YEAR, service__code="K5")
    assert sorted(b.amount for b in lines) == [D(150000000), D(820000000)]
    assert lines.first().history.first().history_user == bantul_operator  # type: ignore[union-attr]
    action = ActionItem.objects.get(agency=dinkes, year=YEAR, service__code="K5")
    assert action.deadline == dt.date(2026, 11, 30) and action.status == "rencana"
    # K4's plan was in the file unchanged: not rewritten
    assert BudgetLine.objects.get(service__code="K4", agency=dinkes, year=YEAR).version == 1

    # the same file again changes nothing
    again = run_import(tmp_path, filled)
    assert again["saved"] == 0 and again["errors"] == [] and again["changes"] == []


def test_dry_run_lists_changes_and_saves_nothing(
    tmp_path: Path, dinkes: Any, open_2026: None
) -> None:
    original = template(tmp_path)
    row = find_row(read(original), "1 Data", **{"Kode layanan": "K6", "Kunci": "target"})
    result = run_import(tmp_path, fill(original, {("1 Data", f"G{row}"): 9999}), "--dry-run")
    assert result["errors"] == [] and result["saved"] == 0 and result["dry_run"] is True
    assert result["changes"] == [
        {
            "sheet": "1 Data",
            "row": row,
            "figure": "K6 Tahunan, Sasaran penerima",
            "old": "10.600",
            "new": "9.999",
        }
    ]
    assert figure(dinkes, "K6", "target").value == D(10600)


def test_budget_and_realised_raised_together_in_one_file(
    tmp_path: Path, dinkes: Any, open_2026: None
) -> None:
    """Realised within the new budget though above the stored one (K4), and a budget cut
    below the stored realised that the file lowers too (K5): both pass, whatever the order."""
    original = template(tmp_path)
    sheets = read(original)
    k4 = find_row(sheets, "4 Pelaksanaan", **{"Kode layanan": "K4", "Kunci": "realised"})
    k5 = find_row(sheets, "4 Pelaksanaan", **{"Kode layanan": "K5", "Kunci": "realised"})
    filled = fill(
        original,
        {
            ("3 Rencana", "D2"): 3000000000,  # K4: was 1.65 billion
            ("4 Pelaksanaan", f"I{k4}"): 2000000000,
            ("3 Rencana", "D3"): 500000000,  # K5: was 820 million, realised 515 million by Q3
            ("4 Pelaksanaan", f"H{k5}"): 480000000,
        },
    )
    result = run_import(tmp_path, filled)
    assert result["errors"] == [], result["errors"]
    assert figure(dinkes, "K4", "realised", 4).value == D(2000000000)
    assert figure(dinkes, "K5", "realised", 3).value == D(480000000)
    assert BudgetLine.objects.get(agency=dinkes, year=YEAR, service__code="K5").amount == D(
        500000000
    )
