"""The reports print what Tuntas holds: the agencies' figures and the stored index, through
the same selectors as the pages. Bantul's demo has Dinas Kesehatan's K4-K6 filled for the
first three quarters of 2026."""

import io
import re
from pathlib import Path
from typing import Any

import docx
import pytest
import python_calamine
from django.core.management import call_command
from pypdf import PdfReader

from tuntas.accounts.models import User
from tuntas.indexing.selectors import index_get
from tuntas.regions.models import Region
from tuntas.reports.present import number

pytestmark = pytest.mark.django_db


def k4_q3_index() -> str:
    bantul = Region.objects.get(code="34.02")
    actor = User.objects.get(username="bantul.koordinator")
    stored = index_get(actor=actor, region=bantul, year=2026, quarter=3)
    [k4] = [s for s in stored.services if s.code == "K4"]
    assert k4.index is not None
    return number(k4.index, 2)


def annual(tmp_path: Path, fmt: str) -> str:
    out = tmp_path / f"laporan.{fmt}"
    call_command(
        "report", "annual", "--region=34.02", "--year=2026", f"--format={fmt}",
        f"-o={out}", "--as=bantul.koordinator",
    )  # fmt: skip
    if fmt == "pdf":
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    document = docx.Document(str(out))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_annual_report_prints_figures_index_and_budget(tmp_path: Path, fmt: str) -> None:
    text = annual(tmp_path, fmt)
    assert "tahun 2026 sampai dengan triwulan III" in text  # the year is still running
    # K4's target typed in by Dinas Kesehatan, and served by the end of the third quarter:
    # counts of people, printed without decimals
    assert re.search(r"11\.200(?!,)", text) and re.search(r"8\.120(?!,)", text)
    assert "11.200,00" not in text
    assert k4_q3_index() in text
    assert "1.02.02.2.02.0001" in text  # a sub-kegiatan from the budget lines
    # a problem met in the first quarter still belongs in a report up to the third
    assert "Kunjungan K6 oleh dokter belum merata" in " ".join(text.split())


def test_the_quarterly_sheet_holds_the_quarters_figures(tmp_path: Path) -> None:
    out = tmp_path / "triwulan.xlsx"
    call_command(
        "report", "quarterly", "--quarter=2", "--region=34.02", "--year=2026",
        f"-o={out}", "--as=bantul.koordinator",
    )  # fmt: skip
    rows = python_calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    header = [str(c) for c in rows[0]]
    k4 = dict(zip(header, next(r for r in rows if "K4" in r), strict=True))
    assert k4["Jumlah Sasaran"] == 11200
    assert k4["Jumlah Terlayani"] == 5480
    assert k4["Status Tahapan"] == "Penyusunan rencana"  # stage 1 is 82% filled, the plan all
    k7 = dict(zip(header, next(r for r in rows if "K7" in r), strict=True))
    assert k7["Jumlah Sasaran"] in ("", None)  # nobody entered it: blank, not zero


def test_an_outsider_cannot_print_bantuls_report(tmp_path: Path, outsider: Any) -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command(
            "report", "annual", "--region=34.02", "--year=2026",
            f"-o={tmp_path / 'x.pdf'}", f"--as={outsider.username}",
        )  # fmt: skip
    assert not (tmp_path / "x.pdf").exists()
