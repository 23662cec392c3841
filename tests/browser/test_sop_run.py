"""An SOP run walked through two users' "Tugas saya": started by the Biro, the Sekda's
disposition uploaded, then the Biro's next step, and the timeline shows both done."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def _complete_first_task(page: Page, activity: str, document: Path) -> None:
    page.get_by_role("link", name="Tugas saya").click()
    card = page.locator("article[id^=tugas]", has_text=activity)
    expect(card).to_be_visible()
    card.get_by_label("Dokumen keluaran").set_input_files(str(document))
    card.get_by_role("button", name="Selesaikan").click()
    expect(page.get_by_role("status")).to_contain_text("selesai")


def test_run_through_two_inboxes(page: Page, world: Any, tmp_path: Path) -> None:
    disposition = tmp_path / "disposisi.pdf"
    disposition.write_bytes(b"%PDF-1.4 disposisi Sekda")
    decree = tmp_path / "sk-tim.pdf"
    decree.write_bytes(b"%PDF-1.4 SK Tim Penerapan SPM")

    sign_in(page, world.url, "babel.koordinator")
    page.get_by_text("Lainnya").click()
    page.get_by_role("link", name="SOP", exact=True).click()
    page.get_by_role("link", name="Pelaksanaan Penerapan dan Pelaporan SPM").click()
    page.get_by_label("Tahun anggaran").fill("2026")
    page.get_by_role("button", name="Mulai pelaksanaan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lini masa")
    page.get_by_role("link", name="Tugas saya").click()
    expect(page.get_by_text("Tidak ada tugas yang menunggu Anda.")).to_be_visible()

    sign_in(page, world.url, "babel.sekda")
    _complete_first_task(page, "Sekretaris Daerah meneruskan penugasan", disposition)

    sign_in(page, world.url, "babel.koordinator")
    _complete_first_task(page, "Membentuk Tim Penerapan SPM tahun berjalan", decree)
    page.locator("article[id^=tugas]").first.get_by_role("link", name="lini masa").click()
    expect(page.locator("tr[data-activity='1'] .status")).to_have_text("Selesai")
    expect(page.locator("tr[data-activity='2'] .status")).to_have_text("Selesai")
    expect(page.locator("tr[data-activity='3'] .status")).to_have_text("Siap dikerjakan")
    page.get_by_role("link", name="Kepatuhan waktu").click()
    expect(page.locator("tr[data-activity='1'] .verdict")).to_have_text("tepat waktu")
