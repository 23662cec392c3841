"""Bantul's koordinator generates the annual report, downloads the PDF and sends it up; DI
Yogyakarta's reviewer finds it in the inbox and acknowledges it."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_generate_download_send_and_acknowledge(
    page: Page, world: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    sign_in(page, world.url, "bantul.koordinator")
    page.get_by_role("link", name="Laporan", exact=True).click()
    page.get_by_label("Tahun").select_option("2026")
    expect(page.get_by_role("heading", level=1)).to_have_text("Laporan SPM Kabupaten Bantul 2026")

    page.get_by_role("button", name="Buat laporan tahunan (PDF)").click()
    expect(page.locator("#job")).to_contain_text("Selesai")
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh laporan-spm-34.02-2026.pdf").click()
    saved = tmp_path / "laporan.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")

    page.get_by_role("link", name="Muat ulang daftar dokumen").click()
    page.get_by_label("laporan-spm-34.02-2026.pdf", exact=False).check()
    page.get_by_role("button", name="Kirim dengan surat pengantar").click()
    expect(page.get_by_role("status")).to_contain_text("400.10/1/Tapem/2026, 400.10/2/Tapem/2026")
    expect(page.get_by_text("Menunggu konfirmasi penerima")).to_have_count(2)

    sign_in(page, world.url, "diy.peninjau")
    page.get_by_role("link", name="Laporan", exact=True).click()
    page.get_by_role("link", name="Kotak masuk").click()
    expect(page.get_by_role("cell", name="Kabupaten Bantul (2026)")).to_be_visible()
    page.get_by_role("button", name="Konfirmasi diterima").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Penerimaan 400.10/1/Tapem/2026 dikonfirmasi."
    )
    expect(page.get_by_text("Diterima ")).to_be_visible()
