"""The penerapan pages: who sees them, and the demo shows figures."""

from typing import Any

import pytest

PEMDA_PAGES = [
    "/penerapan/",
    "/penerapan/keterisian/",
    "/penerapan/kebutuhan/",
    "/penerapan/jadwal/",
]
SERVICE = "/penerapan/34.02/dinkes/K4/?year=2026"


@pytest.mark.parametrize("url", PEMDA_PAGES)
@pytest.mark.parametrize(
    "who",
    [
        "bantul_koordinator",
        "bantul_operator",
        "bantul_verifikator",
        "diy_peninjau",
        "kemendagri",
        "outsider",
    ],
)
def test_pemda_pages_render(url: str, who: str, client_for: Any) -> None:
    response = client_for(who).get(url)
    assert response.status_code == 200
    assert "Penerapan SPM" in response.content.decode()


@pytest.mark.parametrize("url", PEMDA_PAGES)
@pytest.mark.parametrize("who", ["outsider", "outsider_operator", "jateng_peninjau"])
def test_outsiders_get_403_for_bantul(url: str, who: str, client_for: Any) -> None:
    assert client_for(who).get(f"{url}?region=34.02&year=2026").status_code == 403


def test_overview_shows_demo_completeness(client_for: Any) -> None:
    page = client_for("bantul_koordinator").get("/penerapan/?year=2026").content.decode()
    assert "Dinas Kesehatan" in page and "Dinas Pendidikan" in page
    assert "K4" in page and "Pelayanan Kesehatan Ibu Hamil" in page
    operator = client_for("bantul_operator").get("/penerapan/?year=2026").content.decode()
    assert "Dinas Kesehatan" in operator and "Dinas Pendidikan" not in operator


def test_completeness_and_needs_pages(client_for: Any) -> None:
    client = client_for("bantul_verifikator")
    page = client.get("/penerapan/keterisian/?year=2026").content.decode()
    assert "completeness-chart" in page and "Kabupaten Bantul" in page
    needs = client.get("/penerapan/kebutuhan/?year=2026").content.decode()
    assert "Dinas Kesehatan" in needs


def test_service_page_shows_the_four_stages_and_formula(client_for: Any) -> None:
    page = client_for("bantul_operator").get(SERVICE).content.decode()
    for heading in (
        "Tahap 1. Pengumpulan data",
        "Tahap 2. Penghitungan kebutuhan",
        "Tahap 3. Penyusunan rencana",
        "Tahap 4. Pelaksanaan per triwulan",
    ):
        assert heading in page
    # Demo: 11.200 ibu hamil x 90 tablet = 1.008.000; 650.000 tersedia.
    assert "11.200 × 90 = 1.008.000" in page
    assert "maks(0; 1.008.000 − 650.000) = 358.000" in page
    assert "norma kebutuhan per penerima belum ditetapkan" in page
    assert "1.02.02.2.02.0001" in page
    assert 'inputmode="decimal"' in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("bantul_disdik_operator", 403),
        ("outsider", 403),
        ("outsider_operator", 403),
        ("jateng_peninjau", 403),
        ("bantul_verifikator", 200),
        ("diy_peninjau", 200),
    ],
)
def test_service_page_access(who: str, status: int, client_for: Any) -> None:
    assert client_for(who).get(SERVICE).status_code == status


def test_verifier_sees_read_only_grid(client_for: Any) -> None:
    page = client_for("bantul_verifikator").get(SERVICE).content.decode()
    assert "Simpan angka" not in page
    assert "hx-post" not in page


@pytest.mark.parametrize(
    "who",
    [
        "bantul_disdik_operator",
        "outsider",
        "outsider_operator",
        "jateng_peninjau",
        "bantul_verifikator",
    ],
)
@pytest.mark.parametrize("suffix", ["", "periksa/", "anggaran/", "rencana-aksi/"])
def test_posts_refused_for_others(who: str, suffix: str, client_for: Any) -> None:
    from tuntas.figures.models import ActionItem, BudgetLine, FigureValue

    before = (FigureValue.objects.count(), BudgetLine.objects.count(), ActionItem.objects.count())
    response = client_for(who).post(
        f"/penerapan/34.02/dinkes/K4/{suffix}?year=2026",
        {
            "f-0-target-": "1",
            "o-f-0-target-": "11.200",
            "v-f-0-target-": "1",
            "code": "1.02.02.2.02.0009",
            "name": "X",
            "amount": "1",
            "problem": "p",
            "action_text": "a",
            "person_in_charge": "x",
            "deadline": "2026-12-01",
        },
        HTTP_HX_TRIGGER_NAME="f-0-target-",
    )
    assert response.status_code == 403
    after = (FigureValue.objects.count(), BudgetLine.objects.count(), ActionItem.objects.count())
    assert after == before


def test_windows_page_post_only_for_koordinator(client_for: Any) -> None:
    response = client_for("bantul_operator").post(
        "/penerapan/jadwal/?region=34.02&year=2026", {"quarter": "1", "closes_on": "2026-12-31"}
    )
    assert response.status_code == 403
    from tuntas.figures.models import InputWindow

    assert not InputWindow.objects.filter(region_id="34.02", year=2026).exists()
    client = client_for("bantul_koordinator")
    client.post(
        "/penerapan/jadwal/?region=34.02&year=2026",
        {"quarter": "1", "action": "reopen", "until": "2099-01-01", "reason": "Susulan"},
    )
    window = InputWindow.objects.get(region_id="34.02", year=2026, quarter=1)
    assert window.reopen_reason == "Susulan"
    page = client.get("/penerapan/jadwal/?region=34.02&year=2026").content.decode()
    assert "Susulan" in page


def test_koordinator_sets_a_close_date_by_form(client_for: Any) -> None:
    from tuntas.figures.models import InputWindow

    client = client_for("bantul_koordinator")
    url = "/penerapan/jadwal/?region=34.02&year=2026"
    client.post(url, {"quarter": "3", "action": "set", "closes_on": "2026-10-31"})
    assert InputWindow.objects.get(region_id="34.02", year=2026, quarter=3).closes_on.day == 31
    refused = client.post(
        url, {"quarter": "3", "action": "reopen", "until": "2099-01-01", "reason": " "}, follow=True
    )
    assert "Alasan membuka kembali wajib diisi." in refused.content.decode()
    page = client.get(url).content.decode()
    assert "31 Oktober 2026" in page
