"""A person signs in with a demo account and sees the home page."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_login_and_home_page(page: Page, world: Any) -> None:
    page.goto(f"{world.url}/")
    expect(page).to_have_url(f"{world.url}/masuk/?next=/")
    page.get_by_label("Nama pengguna").fill("bantul.koordinator")
    page.get_by_label("Kata sandi").fill("salah")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert")).to_contain_text("Nama pengguna atau kata sandi salah")

    page.get_by_label("Kata sandi").fill("tuntas-demo-2026")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Selamat datang, Sri Lestari, S.IP.")
    expect(page.get_by_text("Kabupaten Bantul").first).to_be_visible()

    page.get_by_text("Lainnya").click()  # set-up pages sit under "Lainnya"
    page.get_by_role("link", name="Organisasi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisasi Kabupaten Bantul")
    expect(page.get_by_role("cell", name="Dinas Kesehatan", exact=True)).to_be_visible()


def test_phone_width_shows_the_menu(page: Page, world: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{world.url}/masuk/")
    page.get_by_label("Nama pengguna").fill("bantul.dinkes.operator")
    page.get_by_label("Kata sandi").fill("tuntas-demo-2026")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("link", name="Penerapan SPM")).to_be_visible()
    page.get_by_text("Lainnya").click()
    expect(page.get_by_role("link", name="Katalog SPM")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dwi Astuti")
