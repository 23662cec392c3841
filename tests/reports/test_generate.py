"""Bantul's koordinator generates its annual report from what Tuntas holds: the letterhead, the
team, the services its agencies carry, the narrative. Background job with progress; archived."""

import io
from typing import Any

import docx
import pytest
from django.core.management import call_command
from pypdf import PdfReader

from tuntas.reports.models import Document, Letterhead, Narrative, ReportJob

pytestmark = pytest.mark.django_db


def generate(client: Any, kind: str) -> ReportJob:
    response = client.post("/laporan/34.02/buat/?year=2026", {"kind": kind})
    assert response.status_code == 302
    return ReportJob.objects.latest("created_at")


def test_koordinator_generates_the_pdf_with_what_exists(client_for: Any) -> None:
    client = client_for("bantul_koordinator")
    job = generate(client, "annual_pdf")
    assert job.status == ReportJob.Status.DONE and job.progress == 100, job.error
    page = client.get(f"/laporan/pekerjaan/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Selesai" in page and "hx-trigger" not in page  # polling stops when done
    response = client.get(f"/laporan/dokumen/{job.document.pk}/unduh/")
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for expected in [
        "PEMERINTAH KABUPATEN BANTUL",  # letterhead
        "100.3.3/017/2026",  # team decree
        "Tri Handayani, S.IP.",  # team secretary
        "Pelayanan Kesehatan Ibu Hamil",  # a service of the catalog
        "Dinkes",  # the agency carrying it
        "kelompok rentan",  # narrative
        "Sekretaris Daerah",
        "NIP 196808121994031006",
    ]:
        assert expected in text, expected
    document = job.document
    assert document.kind == Document.Kind.ANNUAL_PDF
    assert document.created_by.username == "bantul.koordinator"
    assert document.sha256 == response["X-Content-SHA256"]


def test_docx_through_the_same_selector(client_for: Any) -> None:
    job = generate(client_for("bantul_sekda"), "annual_docx")
    assert job.status == ReportJob.Status.DONE
    with job.document.file.open("rb") as f:
        document = docx.Document(f)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "PEMERINTAH KABUPATEN BANTUL" in text and "kelompok rentan" in text


def test_quarterly_xlsx_lists_every_service_in_e_spm_columns(client_for: Any) -> None:
    from python_calamine import CalamineWorkbook

    client = client_for("bantul_koordinator")
    response = client.post(
        "/laporan/34.02/buat/?year=2026", {"kind": "quarterly_xlsx"}, follow=True
    )
    assert "Pilih triwulan 1 sampai 4." in response.content.decode()
    assert not ReportJob.objects.exists()
    client.post("/laporan/34.02/buat/?year=2026", {"kind": "quarterly_xlsx", "quarter": "2"})
    job = ReportJob.objects.get()
    assert job.document.filename == "e-spm-tw2-34.02-2026.xlsx"
    with job.document.file.open("rb") as f:
        rows = (
            CalamineWorkbook.from_filelike(io.BytesIO(f.read())).get_sheet_by_index(0).to_python()
        )
    assert rows[0][:7] == [
        "Kode Pemda",
        "Pemda",
        "Tahun",
        "Triwulan",
        "Bidang",
        "Kode Layanan",
        "Jenis Pelayanan Dasar",
    ]
    codes = [r[5] for r in rows[1:]]
    assert len(codes) == 29 and "K4" in codes
    assert rows[1][:4] == ["34.02", "Kabupaten Bantul", 2026, 2]
    assert rows[1][7] == ""  # no figure yet: left blank, not zero


def test_narrative_edit_is_kept_per_year_with_its_author(client_for: Any) -> None:
    client = client_for("bantul_koordinator")
    url = "/laporan/34.02/narasi/arah_kebijakan/?year=2027"
    assert "Arah kebijakan" in client.get(url).content.decode()
    assert client.post(url, {"text": "Baris satu.\r\n\r\nBaris dua."}).status_code == 302
    narrative = Narrative.objects.get(region_id="34.02", year=2027, section="arah_kebijakan")
    assert narrative.text == "Baris satu.\n\nBaris dua."
    assert narrative.history.latest().history_user.username == "bantul.koordinator"
    assert (
        Narrative.objects.get(region_id="34.02", year=2026, section="arah_kebijakan").text
        != narrative.text
    )


def test_settings_page_saves_letterhead_signatory_and_pattern(client_for: Any) -> None:
    client = client_for("bantul_admin")
    response = client.post(
        "/laporan/34.02/pengaturan/?year=2026",
        {
            "name_lines": "Pemerintah Kabupaten Bantul",
            "address": "Jalan Baru 2",
            "signatory_name": "Nama",
            "signatory_nip": "123",
            "signatory_title": "Bupati Bantul",
            "pattern": "400/{seq}/{year}",
        },
    )
    assert "NIP harus 18 angka." in response.content.decode()
    assert Letterhead.objects.get(region_id="34.02").address != "Jalan Baru 2"  # all or nothing
    response = client.post(
        "/laporan/34.02/pengaturan/?year=2026",
        {
            "name_lines": "Pemerintah Kabupaten Bantul",
            "address": "Jalan Baru 2",
            "signatory_name": "H. Abdul Halim Muslih",
            "signatory_nip": "",
            "signatory_title": "Bupati Bantul",
            "pattern": "400/{seq}/{year}",
        },
    )
    assert response.status_code == 302
    assert "Jalan Baru 2" in client.get("/laporan/34.02/?year=2026").content.decode()


def test_cli_writes_pdf_and_docx(tmp_path: Any) -> None:
    pdf, docx_file = tmp_path / "l.pdf", tmp_path / "l.docx"
    call_command(
        "report", "annual", "--region", "34.02", "--year", "2026", "--format", "pdf", "-o", str(pdf)
    )
    call_command(
        "report",
        "annual",
        "--region",
        "34.02",
        "--year",
        "2026",
        "--format",
        "docx",
        "-o",
        str(docx_file),
        "--as",
        "bantul.koordinator",
    )
    assert "KABUPATEN BANTUL" in PdfReader(pdf).pages[0].extract_text()
    assert "PEMERINTAH KABUPATEN BANTUL" in docx.Document(str(docx_file)).paragraphs[0].text


def test_cli_refuses_an_outsider(tmp_path: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="di luar wewenang"):
        call_command(
            "report",
            "annual",
            "--region",
            "34.02",
            "-o",
            str(tmp_path / "x.pdf"),
            "--as",
            "kulonprogo.koordinator",
        )
    assert not (tmp_path / "x.pdf").exists()
