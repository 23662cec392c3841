"""The official SOP document as PDF: identity page, lanes per actor, mutu baku; user text
printed literally (a # or * in a field is not Typst markup)."""

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from pypdf import PdfReader

from tuntas.accounts.models import User
from tuntas.sops.services import sop_save

from .helpers import BANTUL

pytestmark = pytest.mark.django_db
THIRD = Path(__file__).parent / "data" / "kulonprogo-pelaporan-spm.yaml"


def _text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_cli_writes_the_bantul_sop(tmp_path: Path) -> None:
    out = tmp_path / "bantul.pdf"
    call_command("sop", "pdf", BANTUL, "-o", str(out), stdout=StringIO())
    text = _text(out)
    for expected in (
        "Nomor SOP: 04/SOP/2022",
        "Tanggal pembuatan: 3 Januari 2022",
        "Dasar Hukum",
        "Kualifikasi Pelaksana",
        "Peringatan",
        "Pelaksana",
        "Mutu Baku",
        "Kelengkapan",
        "Waktu",
        "Kepala Bagian Tata Pemerintahan",
        "Tim SPM Kabupaten",
        "Arsiparis",
        "Menyusun Draf SK Tim SPM Kabupaten.",
        "5-10 hari kerja",
        "Mulai",
        "Selesai",
        "Tidak: ke 7",
    ):
        assert expected in text, expected


def test_markup_characters_print_literally(outsider: User, tmp_path: Path) -> None:
    sop_save(actor=outsider, text=THIRD.read_text(encoding="utf-8"), source=THIRD.name)
    out = tmp_path / "kp.pdf"
    call_command("sop", "pdf", "kulonprogo-pelaporan-spm", "-o", str(out), stdout=StringIO())
    assert "Ir. Contoh #1 *Pejabat*" in _text(out)


def test_pdf_page_is_scoped(client_for: Any) -> None:
    response = client_for("bantul_operator").get(f"/sop/{BANTUL}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client_for("outsider").get(f"/sop/{BANTUL}/pdf/").status_code == 403


def test_pdf_stays_indonesian_for_an_english_reader(client_for: Any, tmp_path: Path) -> None:
    client = client_for("bantul_operator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # override() restores the test's language afterwards (the middleware activates English).
    with translation.override("id"):
        assert "Versions" in client.get(f"/sop/{BANTUL}/").content.decode()  # English page
        pdf = client.get(f"/sop/{BANTUL}/pdf/").content
    out = tmp_path / "en.pdf"
    out.write_bytes(pdf)
    text = _text(out)
    for expected in ("Nomor SOP: 04/SOP/2022", "Kualifikasi Pelaksana", "Mulai", "Selesai"):
        assert expected in text, expected
