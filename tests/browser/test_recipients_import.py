"""An operator uploads a small recipient file, maps the columns, watches the progress bar while
the background worker runs the import, and lands on the result."""

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tuntas.recipients.sample import DEMO_BAD, sample_header, sample_rows, write_csv
from tuntas.regions.models import Village

pytestmark = pytest.mark.browser


def test_upload_map_watch_progress_and_see_result(page: Page, world: Any, tmp_path: Path) -> None:
    villages = list(
        Village.objects.filter(district__regency_id="34.02").values_list("code", "district_id")
    )
    path = tmp_path / "puskesmas.csv"
    rows = sample_rows(villages=villages, year=2026, n=150, seed=5, bad=DEMO_BAD)
    write_csv(path, sample_header(("kunjungan_anc", "usia_kehamilan_minggu")), rows)

    sign_in(page, world.url, "bantul.dinkes.operator")
    page.get_by_role("link", name="Data Penerima").click()
    page.get_by_label("Tahun").select_option("2026")
    page.get_by_role("row", name="K4").get_by_role("link", name="Impor").click()

    page.get_by_label("Berkas").set_input_files(str(path))
    page.get_by_label("Impor baris yang valid saja").check()
    page.get_by_role("button", name="Unggah dan petakan kolom").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pemetaan kolom")
    expect(page.get_by_label("Kolom untuk nik")).to_have_value("nik")
    page.get_by_role("button", name="Mulai impor").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Impor berjalan")
    expect(page.get_by_role("progressbar")).to_be_visible()
    expect(page.get_by_text("Dalam antrean")).to_be_visible()
    # The worker picks the job up now; the page polls and moves on by itself.
    call_command("db_worker", "--batch", "--no-startup-delay")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hasil impor", timeout=15_000)
    summary = page.locator("#summary")
    new = summary.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Baru", exact=True)
    )
    expect(new).to_contain_text(str(150 - len(DEMO_BAD)))
    expect(summary.get_by_role("row", name="Ditolak")).to_contain_text(str(len(DEMO_BAD)))
    expect(page.get_by_role("button", name="Unduh baris ditolak (XLSX)")).to_be_visible()
