"""An operator enters a quarter's figures by form: inline check, save, value after reload."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_operator_enters_a_quarter(page: Page, world: Any) -> None:
    from tuntas.accounts.models import User
    from tuntas.figures.services import window_set
    from tuntas.regions.models import Region

    # Q4 open whatever today's date, as the koordinator would set it.
    window_set(
        actor=User.objects.get(username="bantul.koordinator"),
        region=Region.objects.get(code="34.02"),
        year=2026,
        quarter=4,
        closes_on=timezone.localdate() + dt.timedelta(days=30),
    )
    sign_in(page, world.url, "bantul.dinkes.operator")
    page.get_by_role("link", name="Penerapan SPM").click()
    page.get_by_role("combobox", name="Tahun").select_option("2026")
    page.get_by_role("link", name="K4 Pelayanan Kesehatan Ibu Hamil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("K4 Pelayanan Kesehatan Ibu Hamil")

    served = page.get_by_label("K4 Triwulan 4, Dilayani sesuai standar (kumulatif)")
    served.fill("20.000")
    served.press("Tab")  # change -> htmx checks the cell
    expect(page.get_by_role("alert").filter(has_text="melebihi")).to_be_visible()

    served.fill("9.300")
    served.press("Enter")  # moves down the column, like a spreadsheet
    expect(page.get_by_label("K4 Triwulan 4, Realisasi anggaran (kumulatif)")).to_be_focused()
    expect(page.get_by_role("alert").filter(has_text="melebihi")).to_have_count(0)
    page.get_by_label("K4 Triwulan 4, Permasalahan").fill("Data puskesmas terlambat masuk.")
    page.get_by_role("button", name="Simpan angka").first.click()
    expect(page.get_by_text("2 angka disimpan.")).to_be_visible()

    page.reload()
    expect(served).to_have_value("9.300")
    expect(page.get_by_label("K4 Triwulan 4, Permasalahan")).to_have_value(
        "Data puskesmas terlambat masuk."
    )
