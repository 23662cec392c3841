"""An uploaded logo appears on the report's letterhead in the PDF and the DOCX; other files are
refused with a clear message."""

import io
import struct
import zlib
from typing import Any

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from tuntas.reports.models import Letterhead, ReportJob

pytestmark = pytest.mark.django_db


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    pixels = b"".join(b"\x00" + b"\x1f\x4e\x79" * 4 for _ in range(4))
    header = struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


FORM = {
    "name_lines": "Pemerintah Kabupaten Bantul\nSekretariat Daerah",
    "address": "Jalan Robert Wolter Monginsidi Nomor 1, Bantul",
    "signatory_name": "Drs. Agus Budi Raharja, M.Si.",
    "signatory_nip": "196808121994031006",
    "signatory_title": "Sekretaris Daerah",
    "pattern": "400.10/{seq}/Tapem/{year}",
}


def test_logo_is_drawn_in_pdf_and_docx(client_for: Any) -> None:
    client = client_for("bantul_koordinator")
    response = client.post(
        "/laporan/34.02/pengaturan/?year=2026",
        {**FORM, "logo": SimpleUploadedFile("logo-bantul.png", tiny_png(), "image/png")},
    )
    assert response.status_code == 302
    assert Letterhead.objects.get(region_id="34.02").logo.name.endswith(".png")
    for kind in ("annual_pdf", "annual_docx"):
        client.post("/laporan/34.02/buat/?year=2026", {"kind": kind})
    pdf_job, docx_job = ReportJob.objects.order_by("created_at")
    with pdf_job.document.file.open("rb") as f:
        cover = PdfReader(f).pages[0]
        assert len(cover.images) >= 1
        assert "PEMERINTAH KABUPATEN BANTUL" in cover.extract_text()
    with docx_job.document.file.open("rb") as f:
        assert len(docx.Document(io.BytesIO(f.read())).inline_shapes) == 1


def test_a_logo_that_is_not_an_image_is_refused(client_for: Any) -> None:
    response = client_for("bantul_koordinator").post(
        "/laporan/34.02/pengaturan/?year=2026",
        {**FORM, "logo": SimpleUploadedFile("logo.svg", b"<svg/>", "image/svg+xml")},
    )
    assert "Logo harus berkas PNG atau JPEG." in response.content.decode()
    assert not Letterhead.objects.get(region_id="34.02").logo
