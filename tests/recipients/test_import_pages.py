"""The staged import through the pages: upload, mapping with preview, progress, result, and
the error sheet with formula-looking cells neutralised."""

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from tuntas.recipients.models import ImportJob, Recipient, RecipientAccessLog
from tuntas.recipients.sample import DEMO_BAD

IMPORT_URL = "/penerima/34.02/2026/K4/impor/"


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _upload(client: Any, path: Path, **options: str) -> Any:
    with open(path, "rb") as f:
        return client.post(IMPORT_URL, {"file": f, "mode": "valid", **options})


def test_upload_map_run_and_read_the_result(client_for: Any, make_csv: Callable[..., Path]) -> None:
    client = client_for("bantul_operator")
    path = make_csv(130, bad=DEMO_BAD)
    response = _upload(client, path)
    assert response.status_code == 302
    job = ImportJob.objects.get(year=2026)
    assert response["Location"] == f"/penerima/impor/{job.pk}/pemetaan/"

    page = client.get(response["Location"])
    assert page.status_code == 200
    # The standard headers are recognised and the first rows previewed.
    assert page.context["header"][0] == (0, "nik", "nik")
    assert len(page.context["rows"]) == 10

    mapping = {f"col_{i}": h for i, h, _c in page.context["header"]}
    started = client.post(response["Location"], mapping)
    assert started["Location"] == f"/penerima/impor/{job.pk}/"

    finished = client.get(started["Location"], headers={"HX-Request": "true"})
    assert finished["HX-Redirect"] == f"/penerima/impor/{job.pk}/hasil/"
    result = client.get(f"/penerima/impor/{job.pk}/hasil/")
    assert result.context["job"].imported == 130 - len(DEMO_BAD)
    assert result.context["job"].rejected == len(DEMO_BAD)
    assert "NIK harus 16 angka" in result.content.decode()
    assert Recipient.objects.filter(year=2026).count() == 130 - len(DEMO_BAD)


def test_mapping_must_cover_required_columns(
    client_for: Any, make_csv: Callable[..., Path]
) -> None:
    client = client_for("bantul_operator")
    response = _upload(client, make_csv(5))
    page = client.post(response["Location"], {"col_0": "nik"})
    assert page.status_code == 400
    assert "kolom wajib belum dipetakan" in page.content.decode().lower()
    assert ImportJob.objects.get(year=2026).status == ImportJob.Status.MAPPING


def test_renamed_headers_are_mapped_and_the_mapping_is_remembered(
    client_for: Any, make_csv: Callable[..., Path]
) -> None:
    client = client_for("bantul_operator")
    path = make_csv(5)
    lines = path.read_text().splitlines()
    lines[0] = lines[0].replace("nik,nama", "Nomor Identitas,Nama Ibu")
    path.write_text("\n".join(lines) + "\n")
    first = _upload(client, path)
    page = client.get(first["Location"])
    assert page.context["header"][0] == (0, "Nomor Identitas", "")  # not a known alias
    assert page.context["header"][1] == (1, "Nama Ibu", "")
    mapping = {f"col_{i}": chosen for i, _h, chosen in page.context["header"]}
    mapping |= {"col_0": "nik", "col_1": "nama"}
    client.post(first["Location"], mapping)
    assert Recipient.objects.filter(year=2026).count() == 5

    second = _upload(client, path)
    again = client.get(second["Location"])
    assert again.context["header"][0] == (0, "Nomor Identitas", "nik")


def test_dry_run_from_the_page(client_for: Any, make_csv: Callable[..., Path]) -> None:
    client = client_for("bantul_operator")
    response = _upload(client, make_csv(12), dry_run="1")
    page = client.get(response["Location"])
    client.post(response["Location"], {f"col_{i}": h for i, h, _c in page.context["header"]})
    job = ImportJob.objects.get(year=2026)
    assert (job.dry_run, job.imported, job.status) == (True, 12, ImportJob.Status.DONE)
    assert not Recipient.objects.filter(year=2026).exists()


def test_error_sheet_neutralises_formulas_and_can_be_reimported(
    client_for: Any, make_csv: Callable[..., Path], tmp_path: Path
) -> None:
    client = client_for("bantul_operator")
    response = _upload(client, make_csv(130, bad=DEMO_BAD))
    page = client.get(response["Location"])
    client.post(response["Location"], {f"col_{i}": h for i, h, _c in page.context["header"]})
    job = ImportJob.objects.get(year=2026)

    sheet = client.get(f"/penerima/impor/{job.pk}/baris-ditolak.xlsx")
    assert sheet.status_code == 200
    data = sheet.content
    assert b"<f>" not in data.replace(b"\n", b"")  # no formula element anywhere
    saved = tmp_path / "ditolak.xlsx"
    saved.write_bytes(data)
    rows = CalamineWorkbook.from_path(str(saved)).get_sheet_by_index(0).to_python()
    assert rows[0][-3:] == ["baris_asal", "kolom_salah", "alasan"]
    assert len(rows) == 1 + len(DEMO_BAD)
    formula_row = next(r for r in rows if str(r[1]).startswith("="))
    assert formula_row[1] == "=cmd|' /C calc'!A0"  # kept as plain text
    assert RecipientAccessLog.objects.filter(action="unduh", row_count=len(DEMO_BAD)).exists()


def test_xlsx_upload_with_numeric_cells(client_for: Any, tmp_path: Path) -> None:
    """NIKs typed as numbers in Excel: exact ones pass, ones Excel cut to 15 digits do not."""
    path = tmp_path / "k4.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    header = ["nik", "nama", "jenis_kelamin", "tanggal_lahir", "alamat", "kode_desa",
              "tanggal_layanan", "sesuai_standar"]  # fmt: skip
    sheet.write_row(0, 0, header)
    sheet.write_row(1, 0, [3402014506900001, "Siti", "P", "1990-06-05", "", 3402012001,
                           "2026-03-01", "ya"])  # fmt: skip
    sheet.write_row(2, 0, [3402014506900010, "Ani", "P", "05-06-1990", "", "34.02.01.2001",
                           "2026-03-01", "tidak"])  # fmt: skip
    book.close()
    client = client_for("bantul_operator")
    response = _upload(client, path)
    page = client.get(response["Location"])
    client.post(response["Location"], {f"col_{i}": h for i, h, _c in page.context["header"]})
    job = ImportJob.objects.get(year=2026)
    assert (job.imported, job.rejected) == (1, 1)
    assert "kehilangan digit" in job.rejections[0][3]
    assert Recipient.objects.filter(year=2026).get().nik == "3402014506900001"


def test_template_download(client_for: Any) -> None:
    response = client_for("bantul_operator").get("/penerima/34.02/2026/K4/templat.xlsx")
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    first = rows.get_sheet_by_index(0).to_python()[0]
    assert first[:8] == ["nik", "nama", "jenis_kelamin", "tanggal_lahir", "alamat",
                         "kode_desa", "tanggal_layanan", "sesuai_standar"]  # fmt: skip
    assert "kunjungan_anc" in first


def test_unreadable_or_wrong_files_are_refused(client_for: Any, tmp_path: Path) -> None:
    client = client_for("bantul_operator")
    broken = tmp_path / "rusak.xlsx"
    broken.write_text("ini bukan berkas Excel")
    response = _upload(client, broken)
    assert response.status_code == 400
    assert "tidak dapat dibaca" in response.content.decode()
    wrong = tmp_path / "data.pdf"
    wrong.write_text("%PDF")
    response = _upload(client, wrong)
    assert response.status_code == 400
    assert "Berkas harus CSV atau XLSX" in response.content.decode()
    assert not ImportJob.objects.filter(year=2026).exists()
