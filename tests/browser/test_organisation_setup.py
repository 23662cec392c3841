"""Bantul's koordinator sets up the organisation in the pages: adds an agency, ticks the
services it carries, and gives it an operator, who can then sign in."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_koordinator_sets_up_an_agency_and_its_operator(page: Page, world: Any) -> None:
    sign_in(page, world.url, "bantul.koordinator")
    page.get_by_text("Lainnya").click()
    page.get_by_role("link", name="Organisasi").click()
    page.get_by_role("button", name="Tambah perangkat daerah").click()
    page.get_by_label("Nama perangkat daerah").fill("Dinas Kependudukan dan Pencatatan Sipil")
    page.get_by_label("Singkatan").fill("Disdukcapil")
    page.get_by_label("Kode").fill("dukcapil")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_contain_text("Dinas Kependudukan dan Pencatatan Sipil")

    page.get_by_label("Tahun").select_option("2026")
    row = page.get_by_role("row", name="Dinas Kependudukan dan Pencatatan Sipil")
    row.get_by_role("link", name="Atur layanan").click()
    expect(page.get_by_role("row", name="K24")).to_contain_text("Satpol PP")  # already carried
    page.get_by_label("K24").check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("row", name="Dinas Kependudukan dan Pencatatan Sipil")).to_contain_text(
        "K24"
    )

    page.get_by_role("button", name="Pengguna").click()
    page.get_by_label("Nama pengguna").fill("bantul.dukcapil.operator")
    page.get_by_label("Nama lengkap").fill("Rahmat Hidayat")
    page.locator("select[name=role]").select_option("operator")
    page.locator("select[name=agency]").select_option(
        label="Dinas Kependudukan dan Pencatatan Sipil"
    )
    page.get_by_role("button", name="Buat akun").click()
    expect(page.get_by_role("status")).to_contain_text("Akun bantul.dukcapil.operator dibuat.")
    password = page.locator("#new-password").inner_text()

    page.context.clear_cookies()
    page.goto(f"{world.url}/masuk/")
    page.get_by_label("Nama pengguna").fill("bantul.dukcapil.operator")
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Selamat datang, Rahmat Hidayat")
