"""Index page with its explain panel, dashboards with tables and XLSX, the API."""

import io
import zipfile
from typing import Any
from xml.etree import ElementTree

import pytest
from django.test import Client

from tuntas.accounts.services import token_create

pytestmark = pytest.mark.django_db

Q = "region=34.02&year=2026&quarter=3"


def test_index_page_lists_sectors_and_services(client_for: Any) -> None:
    page = client_for("bantul_koordinator").get(f"/indeks/?{Q}")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-service="K4"' in text and "Tuntas Muda" in text
    assert "K4 Pelayanan Kesehatan Ibu Hamil" in text


def test_explain_panel_shows_the_formula_with_its_numbers(client_for: Any) -> None:
    page = client_for("bantul_verifikator").get(f"/indeks/penjelasan/?{Q}&level=service&code=K4")
    text = page.content.decode()
    assert "Penerima = min(100; 8.120 / 11.200 × 100) = 72,50" in text
    assert "Indeks = 0,8 × 72,50 + 0,2 × " in text
    region = client_for("bantul_verifikator").get(f"/indeks/penjelasan/?{Q}&level=region")
    assert "Indeks Pemda" in region.content.decode()


def test_dashboard_has_each_chart_as_table_and_chart_data(client_for: Any) -> None:
    text = client_for("bantul_koordinator").get(f"/indeks/dasbor/?{Q}").content.decode()
    for key in ("bidang", "tren", "pelaporan", "di-bawah-target"):
        assert f'id="panel-{key}"' in text
        assert f'<script id="{key}" type="application/json">' in text


def test_province_dashboard_ranks_its_kabupaten(client_for: Any) -> None:
    text = (
        client_for("diy_peninjau")
        .get("/indeks/dasbor/?region=34&year=2026&quarter=3")
        .content.decode()
    )
    assert 'id="panel-peringkat"' in text
    assert "Kabupaten Sleman" in text and "Kabupaten Bantul" in text


NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def xlsx_rows(content: bytes) -> list[list[str]]:
    """Cell texts of the first sheet (strings resolved; no spreadsheet library needed)."""
    book = zipfile.ZipFile(io.BytesIO(content))
    shared = [
        "".join(t.text or "" for t in si.iter(f"{{{NS['x']}}}t"))
        for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall(  # noqa: S314
            "x:si", NS
        )
    ]
    sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))  # noqa: S314 (ours)
    rows = []
    for row in sheet.iter(f"{{{NS['x']}}}row"):
        cells = []
        for c in row.findall("x:c", NS):
            v = c.find("x:v", NS)
            text = "" if v is None else v.text or ""
            cells.append(shared[int(text)] if c.get("t") == "s" else text)
        rows.append(cells)
    return rows


def test_xlsx_has_the_rows_of_the_table(client_for: Any) -> None:
    response = client_for("diy_peninjau").get(
        "/indeks/dasbor/?region=34&year=2026&quarter=3&xlsx=peringkat"
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(response.content)
    assert rows[0][:2] == ["Kabupaten/kota", "Indeks"]
    names = [r[0] for r in rows[1:]]
    # Sleman's figures are 1,08 × Bantul's, Gunungkidul's 0,86 ×: Sleman ranks first.
    assert names.index("Kabupaten Sleman") < names.index("Kabupaten Bantul")
    assert names.index("Kabupaten Bantul") < names.index("Kabupaten Gunungkidul")


@pytest.mark.parametrize(
    "url",
    [f"/indeks/?{Q}", f"/indeks/penjelasan/?{Q}&level=region", f"/indeks/dasbor/?{Q}"],
)
def test_outsiders_get_403(client_for: Any, url: str) -> None:
    assert client_for("outsider").get(url).status_code == 403
    assert client_for("jateng_peninjau").get(url).status_code == 403


def api(user: Any, path: str) -> Any:
    _, raw = token_create(actor=user, name="uji")
    return Client().get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_api_index_has_the_cli_shape(bantul_koordinator: Any) -> None:
    data = api(bantul_koordinator, "/regions/34.02/index?year=2026&quarter=3").json()
    assert data["services"]["K4"]["recipients_pct"] == 72.5
    assert data["sectors"]["kesehatan"]["category"] is not None


def test_api_submissions(bantul_verifikator: Any) -> None:
    rows = api(bantul_verifikator, "/regions/34.02/submissions?year=2026&quarter=1").json()
    assert [(r["agency"], r["status"]) for r in rows] == [("dinkes", "locked")]


@pytest.mark.parametrize(
    "path",
    ["/regions/34.02/index?year=2026&quarter=3", "/regions/34.02/submissions?year=2026&quarter=1"],
)
def test_api_outsiders_get_404(outsider: Any, jateng_peninjau: Any, path: str) -> None:
    assert api(outsider, path).status_code == 404
    assert api(jateng_peninjau, path).status_code == 404


def test_sector_explain_lists_its_services_and_the_mean(client_for: Any) -> None:
    page = client_for("bantul_koordinator").get(f"/indeks/?{Q}")
    assert "Kesehatan" in page.content.decode()
    text = (
        client_for("bantul_koordinator")
        .get(f"/indeks/penjelasan/?{Q}&level=sector&code=kesehatan")
        .content.decode()
    )
    assert "Bidang kesehatan = (" in text and "/ 3 =" in text
    missing = client_for("bantul_koordinator").get(f"/indeks/penjelasan/?{Q}&level=sector&code=x")
    assert missing.status_code == 404


def test_a_year_without_a_catalog_is_a_message_not_an_error(
    client_for: Any, bantul_koordinator: Any
) -> None:
    client = client_for("bantul_koordinator")
    for url in ("/indeks/", "/indeks/dasbor/"):
        page = client.get(f"{url}?region=34.02&year=2022&quarter=4")
        assert page.status_code == 200
        assert "Tidak ada katalog SPM yang berlaku untuk tahun 2022" in page.content.decode()
    assert api(bantul_koordinator, "/regions/34.02/index?year=2022").status_code == 404
