"""The demo walk: Bantul's Dinas Kesehatan submits its third quarter of 2026, the Tim SPM
returns one figure, the operator fixes it, the quarter is resubmitted, verified and approved,
sent to DI Yogyakarta, whose reviewer sees its index and accepts it."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

REVIEW = "/verifikasi/34.02/dinkes/2026/3/"
SERVED_Q3 = "K4 Triwulan 3, Dilayani sesuai standar (kumulatif)"


def test_submit_return_fix_approve_and_province_acceptance(page: Page, world: Any) -> None:
    from tuntas.accounts.models import User
    from tuntas.figures.services import window_set
    from tuntas.regions.models import Region

    # The third quarter's entry window has closed by the time tests run: the koordinator
    # keeps it open so the returned figure can be fixed.
    window_set(
        actor=User.objects.get(username="bantul.koordinator"),
        region=Region.objects.get(code="34.02"),
        year=2026,
        quarter=3,
        closes_on=timezone.localdate() + dt.timedelta(days=30),
    )
    url = world.url
    status = page.locator("[data-status]").first

    sign_in(page, url, "bantul.dinkes.kepala")
    page.goto(url + REVIEW)
    page.get_by_role("button", name="Ajukan untuk diverifikasi").click()
    expect(status).to_have_text("Diajukan")

    sign_in(page, url, "bantul.verifikator")
    page.goto(f"{url}/verifikasi/?region=34.02&year=2026&quarter=3")
    page.get_by_role("table").get_by_role("link", name="Verifikasi").click()
    expect(page.get_by_role("heading", name="Pelanggaran aturan validasi")).to_be_visible()
    page.get_by_label(f"Catatan untuk {SERVED_Q3}").fill("Tidak sesuai register kohort")
    page.get_by_role("button", name="Kembalikan dengan catatan").click()
    expect(status).to_have_text("Dikembalikan")

    sign_in(page, url, "bantul.dinkes.operator")
    page.goto(url + REVIEW)
    expect(page.get_by_text("Tidak sesuai register kohort")).to_be_visible()
    page.goto(f"{url}/penerapan/34.02/dinkes/K4/?year=2026")
    page.get_by_label(SERVED_Q3).fill("8.100")
    page.get_by_role("button", name="Simpan angka").first.click()
    expect(page.get_by_label(SERVED_Q3)).to_have_value("8.100")

    sign_in(page, url, "bantul.dinkes.kepala")
    page.goto(url + REVIEW)
    page.get_by_role("button", name="Ajukan untuk diverifikasi").click()
    expect(status).to_have_text("Diajukan")

    sign_in(page, url, "bantul.verifikator")
    page.goto(url + REVIEW)
    change = page.locator("tr.changed")
    expect(change).to_contain_text(SERVED_Q3)
    expect(change).to_contain_text("8.120")
    expect(change).to_contain_text("8.100")
    page.get_by_role("button", name="Verifikasi", exact=True).click()
    expect(status).to_have_text("Terverifikasi")

    sign_in(page, url, "bantul.sekda")
    page.goto(f"{url}/verifikasi/?region=34.02&year=2026&quarter=3")
    page.get_by_label("Pilih Dinas Kesehatan").check()
    page.get_by_role("button", name="Sahkan yang dipilih").click()
    expect(page.locator('[data-status="approved"]')).to_have_text("Disahkan")

    sign_in(page, url, "bantul.koordinator")
    page.goto(f"{url}/verifikasi/?region=34.02&year=2026&quarter=3")
    page.get_by_role("button", name="Kirim ke provinsi").click()
    expect(page.get_by_role("status")).to_contain_text("Dikirim ke provinsi.")

    sign_in(page, url, "diy.peninjau")
    page.goto(f"{url}/indeks/?region=34.02&year=2026&quarter=3")
    page.locator('tr[data-service="K4"]').get_by_role("button", name="Penjelasan").click()
    expect(page.locator("#explain-K4")).to_contain_text("Penerima = min(100; 8.100 / 11.200")
    page.goto(f"{url}/indeks/dasbor/?region=34&year=2026&quarter=3")
    expect(page.locator("#panel-peringkat")).to_contain_text("Kabupaten Bantul")
    page.goto(f"{url}/verifikasi/provinsi/?region=34&year=2026&quarter=3")
    row = page.locator('tr[data-region="34.02"]')
    row.get_by_role("button", name="Terima").click()
    expect(page.locator('tr[data-region="34.02"] [data-status]')).to_contain_text("Diterima")
