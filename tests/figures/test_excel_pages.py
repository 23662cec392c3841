"""The staged upload in the web: template, upload, preview, confirm; and who may use it."""

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tuntas.figures.models import UnitPrice

from .excelfill import YEAR, figure, fill, find_row, open_2026, read

__all__ = ["open_2026"]  # a fixture

PAGE = reverse("figures:excel", args=["34.02", "dinkes"])
TEMPLATE = reverse("figures:excel_template", args=["34.02", "dinkes"]) + f"?year={YEAR}"
PRICES = reverse("figures:prices") + f"?region=34.02&year={YEAR}"
PRICES_TEMPLATE = reverse("figures:prices_template") + f"?region=34.02&year={YEAR}"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client: Any, url: str, data: bytes, name: str = "isi.xlsx") -> Any:
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def k4_target_cell(data: bytes) -> str:
    return f"G{find_row(read(data), '1 Data', **{'Kode layanan': 'K4', 'Kunci': 'target'})}"


def test_download_upload_preview_confirm(
    client_for: Any, dinkes: Any, bantul_operator: Any, open_2026: None
) -> None:
    client = client_for("bantul_operator")
    assert client.get(PAGE).status_code == 200
    response = client.get(TEMPLATE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    filled = fill(response.content, {("1 Data", k4_target_cell(response.content)): 11800})

    staged = upload(client, PAGE, filled)
    assert staged.status_code == 302
    preview = client.get(staged.url)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "K4 Tahunan, Sasaran penerima" in page and "11.200" in page and "11.800" in page
    assert "Simpan semua perubahan" in page
    assert figure(dinkes, "K4", "target").value == D(11200)  # nothing written before confirm

    done = client.post(staged.url)
    assert done.status_code == 302 and done.url == PAGE
    stored = figure(dinkes, "K4", "target")
    assert stored.value == D(11800)
    assert stored.history.first().history_user == bantul_operator
    assert client.get(staged.url).status_code == 403  # the staged file is gone


def test_preview_lists_errors_and_offers_no_save(
    client_for: Any, dinkes: Any, open_2026: None
) -> None:
    client = client_for("bantul_koordinator")
    original = client.get(TEMPLATE).content
    filled = fill(
        original, {("1 Data", k4_target_cell(original)): "banyak", ("3 Rencana", "D2"): -1}
    )
    preview = client.get(upload(client, PAGE, filled).url)
    page = preview.content.decode()
    assert "2 kesalahan; tidak ada yang disimpan" in page
    assert "&#x27;banyak&#x27; bukan angka" in page and "Pagu anggaran (Rp)" in page
    assert "Simpan semua perubahan" not in page
    assert client.post(preview.wsgi_request.path).status_code == 200  # confirm refused too
    assert figure(dinkes, "K4", "target").value == D(11200)


def test_file_edited_to_another_agency_is_refused_on_this_agency_page(
    client_for: Any, open_2026: None
) -> None:
    client = client_for("bantul_operator")
    edited = fill(client.get(TEMPLATE).content, {("Petunjuk", "AA3"): "disdik"})
    page = client.get(upload(client, PAGE, edited).url).content.decode()
    assert "Berkas ini untuk perangkat daerah disdik" in page


def test_operator_of_another_agency_cannot_load_this_agencys_file(
    client_for: Any, dinkes: Any, open_2026: None
) -> None:
    """Disdik's operator, given a Dinkes file, can only upload on Disdik's page: refused there
    by the metadata, and Dinkes's page is 403."""
    dinkes_file = client_for("bantul_operator").get(TEMPLATE).content
    filled = fill(dinkes_file, {("1 Data", k4_target_cell(dinkes_file)): 1})
    client = client_for("bantul_disdik_operator")
    assert upload(client, PAGE, filled).status_code == 403
    own_page = reverse("figures:excel", args=["34.02", "disdik"])
    preview = client.get(upload(client, own_page, filled).url)
    assert "Berkas ini untuk perangkat daerah dinkes" in preview.content.decode()
    assert client.post(preview.wsgi_request.path).status_code == 200  # not saved
    assert figure(dinkes, "K4", "target").value == D(11200)


def test_wrong_upload_is_explained(client_for: Any) -> None:
    client = client_for("bantul_operator")
    response = client.post(PAGE, {"file": SimpleUploadedFile("data.csv", b"a,b")}, follow=True)
    assert "Pilih berkas Excel (.xlsx)" in response.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "outsider",
        "outsider_operator",
        "jateng_peninjau",
        "bantul_disdik_operator",
        "bantul_verifikator",
    ],
)
def test_outsiders_get_403_on_every_agency_excel_page(
    client_for: Any, name: str, open_2026: None
) -> None:
    owner = client_for("bantul_operator")
    staged = upload(owner, PAGE, owner.get(TEMPLATE).content).url
    client = client_for(name)
    assert client.get(PAGE).status_code == 403
    assert client.get(TEMPLATE).status_code == 403
    assert upload(client, PAGE, b"x").status_code == 403
    assert client.get(staged).status_code == 403
    assert client.post(staged).status_code == 403


def test_staged_file_belongs_to_its_uploader(client_for: Any, open_2026: None) -> None:
    owner = client_for("bantul_operator")
    staged = upload(owner, PAGE, owner.get(TEMPLATE).content).url
    assert client_for("bantul_kepala").get(staged).status_code == 403


def test_ssh_pages_round_trip_for_the_koordinator(client_for: Any, bantul_koordinator: Any) -> None:
    client = client_for("bantul_koordinator")
    assert client.get(PRICES).status_code == 200
    original = client.get(PRICES_TEMPLATE).content
    row = find_row(read(original), "SSH", **{"Kode mutu": "K4-B02"})
    staged = upload(client, PRICES, fill(original, {("SSH", f"D{row}"): 425}))
    preview = client.get(staged.url).content.decode()
    assert "425" in preview and "Simpan semua perubahan" in preview
    assert client.post(staged.url).status_code == 302
    stored = UnitPrice.objects.get(region_id="34.02", year=YEAR, item_code="K4-B02")
    assert stored.price == D(425)
    assert stored.history.first().history_user == bantul_koordinator


@pytest.mark.parametrize(
    "name", ["bantul_operator", "bantul_verifikator", "outsider", "jateng_peninjau"]
)
def test_ssh_pages_are_403_for_all_but_the_pemda_managers(client_for: Any, name: str) -> None:
    owner = client_for("bantul_koordinator")
    staged = upload(owner, PRICES, owner.get(PRICES_TEMPLATE).content).url
    client = client_for(name)
    assert client.get(PRICES).status_code == 403
    assert client.get(PRICES_TEMPLATE).status_code == 403
    assert upload(client, PRICES, b"x").status_code == 403
    assert client.get(staged).status_code == 403


@pytest.mark.parametrize(
    ("who", "excel", "prices"),
    [
        ("bantul_operator", True, False),
        ("bantul_koordinator", True, True),
        ("bantul_verifikator", False, False),
    ],
)
def test_the_overview_links_the_excel_pages_to_those_who_may_use_them(
    who: str, excel: bool, prices: bool, client_for: Any
) -> None:
    page = client_for(who).get(reverse("figures:overview") + f"?year={YEAR}").content.decode()
    assert (PAGE in page) is excel
    assert (reverse("figures:prices") in page) is prices
