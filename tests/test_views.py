"""Every page, for every actor: signed-out users go to the login, outsiders get nothing."""

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = ["/", "/organisasi/", "/katalog/", "/akun/", "/akun/kata-sandi/"]


@pytest.mark.parametrize("url", PAGES)
def test_signed_out_user_is_sent_to_login(url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(
    "who", ["bantul_koordinator", "bantul_operator", "diy_peninjau", "kemendagri", "outsider"]
)
def test_every_page_renders_for_every_role(url: str, who: str, client_for: Any) -> None:
    response = client_for(who).get(url)
    assert response.status_code == 200
    assert b"Tuntas" in response.content


def test_login_page_is_indonesian_and_logs_in() -> None:
    client = Client()
    page = client.get("/masuk/")
    assert "Masuk ke Tuntas" in page.content.decode()
    wrong = client.post("/masuk/", {"username": "bantul.koordinator", "password": "salah"})
    assert "Nama pengguna atau kata sandi salah" in wrong.content.decode()
    ok = client.post("/masuk/", {"username": "bantul.koordinator", "password": "tuntas-demo-2026"})
    assert ok.status_code == 302
    home = client.get("/").content.decode()
    assert "Selamat datang, Sri Lestari, S.IP." in home
    assert "Koordinator (Bagian/Biro Pemerintahan)" in home
    assert "Kabupaten Bantul" in home


def test_logout_is_a_post() -> None:
    client = Client()
    client.login(username="bantul.koordinator", password="tuntas-demo-2026")
    assert client.post("/keluar/").status_code == 302
    assert client.get("/").status_code == 302


def test_home_shows_what_waits_for_a_koordinator(client_for: Any) -> None:
    from tuntas.organisation.models import AgencyService, SpmTeam

    SpmTeam.objects.filter(region_id="34.02", year=2026).delete()
    AgencyService.objects.filter(agency__region_id="34.02", year=2026, service__code="K24").delete()
    page = client_for("bantul_koordinator").get("/").content.decode()
    assert "Tim Penerapan SPM tahun 2026 belum dicatat." in page
    assert "Jenis pelayanan tanpa OPD pengampu tahun 2026: K24." in page


def test_organisation_page_shows_own_pemda(client_for: Any) -> None:
    page = client_for("bantul_koordinator").get("/organisasi/?year=2026").content.decode()
    assert "Organisasi Kabupaten Bantul" in page
    assert "Dinas Kesehatan" in page
    assert "K4, K5, K6" in page
    assert "100.3.3/017/2026" in page
    assert "8 Januari 2026" in page


def test_organisation_page_refuses_outsider(client_for: Any) -> None:
    response = client_for("outsider").get("/organisasi/?region=34.02")
    assert response.status_code == 403
    page = response.content.decode()
    assert "100.3.3/017/2026" not in page  # Bantul's team decree
    assert "K4, K5" not in page


def test_other_province_reviewer_refused(client_for: Any) -> None:
    assert client_for("jateng_peninjau").get("/organisasi/?region=34.02").status_code == 403


def test_provincial_reviewer_can_switch_to_a_regency(client_for: Any) -> None:
    page = client_for("diy_peninjau").get("/organisasi/?region=34.02").content.decode()
    assert "Organisasi Kabupaten Bantul" in page
    assert 'value="34.01"' in page


def test_operator_sees_only_own_agency_on_organisation_page(client_for: Any) -> None:
    page = client_for("bantul_operator").get("/organisasi/").content.decode()
    assert "Dinas Kesehatan" in page
    assert "K4, K5, K6" in page
    assert "K25" not in page  # Dinas Sosial's services


def test_catalog_page_lists_services_with_items(client_for: Any) -> None:
    page = client_for("bantul_operator").get("/katalog/?year=2026").content.decode()
    assert "Pelayanan Kesehatan Ibu Hamil" in page
    assert "Provinsi" in page and "Kabupaten/Kota" in page


def test_catalog_page_for_a_year_without_catalog(client_for: Any) -> None:
    page = client_for("bantul_operator").get("/katalog/?year=2015").content.decode()
    assert "Tidak ada katalog SPM yang berlaku untuk tahun 2015." in page


def test_english_is_the_second_locale(client_for: Any) -> None:
    client = client_for("bantul_koordinator")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Welcome, Sri Lestari, S.IP." in page
    assert "Waiting for you" in page


def test_browser_language_does_not_override_indonesian(client_for: Any) -> None:
    page = client_for("bantul_koordinator").get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Selamat datang" in page.content.decode()


def test_admin_site_is_for_system_admins_only(client_for: Any) -> None:
    assert client_for("bantul_admin").get("/admin/").status_code == 302
    assert client_for("outsider").get("/admin/").status_code == 302
    assert client_for("admin").get("/admin/").status_code == 200


def test_a_user_cannot_revoke_another_users_token(client_for: Any, bantul_operator: Any) -> None:
    from tuntas.accounts.services import token_create

    token, _ = token_create(actor=bantul_operator, name="milik operator")
    response = client_for("outsider").post(f"/akun/token/{token.pk}/cabut/")
    assert response.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    own = client_for("bantul_operator").post(f"/akun/token/{token.pk}/cabut/")
    assert own.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_password_change(client_for: Any) -> None:
    client = client_for("bantul_verifikator")
    response = client.post(
        "/akun/kata-sandi/",
        {
            "old_password": "tuntas-demo-2026",
            "new_password1": "Kopi-Tubruk-Pagi-2027",
            "new_password2": "Kopi-Tubruk-Pagi-2027",
        },
    )
    assert response.status_code == 302
    assert Client().login(username="bantul.verifikator", password="Kopi-Tubruk-Pagi-2027")


def test_the_menu_marks_one_current_page(client_for: Any) -> None:
    page = client_for("bantul_koordinator").get("/sop/tugas/").content.decode()
    assert page.count('aria-current="page"') == 1
    assert '<a href="/sop/tugas/" aria-current="page">Tugas saya</a>' in page
    assert '<a href="/sop/">SOP</a>' in page  # under "Lainnya", not marked


def test_agency_staff_have_no_report_menu(client_for: Any) -> None:
    assert "/laporan/" not in client_for("bantul_operator").get("/").content.decode()
    assert "/laporan/" in client_for("bantul_koordinator").get("/").content.decode()


def test_a_request_in_english_leaves_the_thread_indonesian(client_for: Any) -> None:
    from django.utils import translation

    client = client_for("bantul_koordinator")
    client.cookies["django_language"] = "en"
    assert "Welcome" in client.get("/").content.decode()
    assert translation.get_language() == "id"
