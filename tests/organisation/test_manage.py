"""A Pemda's koordinator sets up its organisation in pages: agencies, services carried per year,
a new year copied from the last, users. Nobody else may."""

from typing import Any

import pytest

from tuntas.accounts.models import User
from tuntas.organisation.models import Agency, AgencyService, SpmTeam

pytestmark = pytest.mark.django_db


def test_koordinator_adds_an_agency(client_for: Any) -> None:
    client = client_for("bantul_koordinator")
    response = client.post(
        "/organisasi/34.02/perangkat-daerah/tambah/",
        {"code": "dukcapil", "name": "Dinas Kependudukan dan Pencatatan Sipil", "short_name": ""},
    )
    assert response.status_code == 302
    agency = Agency.objects.get(region_id="34.02", code="dukcapil")
    assert agency.history.get().history_user.username == "bantul.koordinator"


def test_duplicate_agency_code_is_named_in_the_form(client_for: Any) -> None:
    response = client_for("bantul_koordinator").post(
        "/organisasi/34.02/perangkat-daerah/tambah/", {"code": "dinkes", "name": "Dinkes lagi"}
    )
    assert response.status_code == 200
    assert "Kode perangkat daerah &#x27;dinkes&#x27; sudah dipakai." in response.content.decode()
    assert Agency.objects.filter(region_id="34.02", code="dinkes").count() == 1


@pytest.mark.parametrize(
    "who", ["outsider", "bantul_operator", "bantul_verifikator", "diy_peninjau"]
)
def test_only_the_pemdas_managers_add_agencies(who: str, client_for: Any) -> None:
    client = client_for(who)
    assert client.get("/organisasi/34.02/perangkat-daerah/tambah/").status_code == 403
    response = client.post("/organisasi/34.02/perangkat-daerah/tambah/", {"code": "x", "name": "X"})
    assert response.status_code == 403
    assert not Agency.objects.filter(code="x").exists()


def test_koordinator_sets_services_and_sees_who_else_carries_them(client_for: Any) -> None:
    client = client_for("bantul_koordinator")
    bappeda = Agency.objects.get(region_id="34.02", code="bappeda")
    url = f"/organisasi/perangkat-daerah/{bappeda.pk}/layanan/?year=2026"
    page = client.get(url).content.decode()
    assert "Jenis pelayanan yang diampu" in page
    assert "Dinkes" in page  # K4 is already carried by the health office
    assert client.post(url, {"service": ["K4", "K24"]}).status_code == 302
    codes = set(
        AgencyService.objects.filter(agency=bappeda, year=2026).values_list(
            "service__code", flat=True
        )
    )
    assert codes == {"K4", "K24"}


def test_services_of_another_level_are_refused(client_for: Any) -> None:
    client = client_for("bantul_koordinator")
    bappeda = Agency.objects.get(region_id="34.02", code="bappeda")
    url = f"/organisasi/perangkat-daerah/{bappeda.pk}/layanan/?year=2026"
    response = client.post(url, {"service": ["P1"]})
    assert response.status_code == 200
    assert "P1 tidak ada dalam katalog 2026" in response.content.decode()
    assert not AgencyService.objects.filter(agency=bappeda, year=2026).exists()


@pytest.mark.parametrize("who", ["outsider", "bantul_operator"])
def test_outsiders_cannot_set_services(who: str, client_for: Any) -> None:
    dinkes = Agency.objects.get(region_id="34.02", code="dinkes")
    url = f"/organisasi/perangkat-daerah/{dinkes.pk}/layanan/?year=2026"
    client = client_for(who)
    assert client.get(url).status_code == 403
    assert client.post(url, {"service": []}).status_code == 403
    assert AgencyService.objects.filter(agency=dinkes, year=2026).count() == 12


def test_a_new_year_starts_from_the_last(client_for: Any) -> None:
    client = client_for("bantul_koordinator")
    response = client.post("/organisasi/34.02/salin-tahun/?year=2027")
    assert response.status_code == 302
    dinkes = Agency.objects.get(region_id="34.02", code="dinkes")
    assert AgencyService.objects.filter(agency=dinkes, year=2027).count() == 12
    team = SpmTeam.objects.get(region_id="34.02", year=2027)
    assert team.decree_number == ""  # a new year needs its own decree
    assert team.members.count() == SpmTeam.objects.get(region_id="34.02", year=2026).members.count()
    page = client.get(response["Location"]).content.decode()
    assert "lengkapi nomor dan tanggal SK yang baru" in page


def test_copying_a_year_twice_changes_nothing(client_for: Any) -> None:
    client = client_for("bantul_koordinator")
    client.post("/organisasi/34.02/salin-tahun/?year=2027")
    before = AgencyService.objects.filter(year=2027).count()
    client.post("/organisasi/34.02/salin-tahun/?year=2027")
    assert AgencyService.objects.filter(year=2027).count() == before


def test_outsider_cannot_copy_a_year(client_for: Any) -> None:
    assert (
        client_for("outsider").post("/organisasi/34.02/salin-tahun/?year=2027").status_code == 403
    )
    assert not AgencyService.objects.filter(year=2027).exists()


def test_koordinator_creates_an_operator_who_can_sign_in(client_for: Any) -> None:
    client = client_for("bantul_koordinator")
    dinsos = Agency.objects.get(region_id="34.02", code="dinsos")
    response = client.post(
        "/akun/pengguna/?region=34.02",
        {
            "username": "bantul.dinsos.operator",
            "full_name": "Rahmat Hidayat",
            "job_title": "Pengelola Data",
            "email": "",
            "role": "operator",
            "agency": dinsos.pk,
        },
    )
    page = response.content.decode()
    assert "Akun bantul.dinsos.operator dibuat." in page
    password = page.split('<code id="new-password">')[1].split("</code>")[0]
    user = User.objects.get(username="bantul.dinsos.operator")
    assert (user.region_id, user.agency, user.role) == ("34.02", dinsos, "operator")
    from django.test import Client

    assert Client().login(username="bantul.dinsos.operator", password=password)


def test_an_operator_needs_an_agency(client_for: Any) -> None:
    response = client_for("bantul_koordinator").post(
        "/akun/pengguna/?region=34.02",
        {"username": "tanpa.opd", "full_name": "Tanpa OPD", "role": "operator"},
    )
    assert (
        "Operator dan kepala OPD harus terikat pada perangkat daerah." in response.content.decode()
    )
    assert not User.objects.filter(username="tanpa.opd").exists()


def test_koordinator_deactivates_a_user(client_for: Any, bantul_operator: Any) -> None:
    client = client_for("bantul_koordinator")
    response = client.post(f"/akun/pengguna/{bantul_operator.pk}/status/", {"active": "0"})
    assert response.status_code == 302
    bantul_operator.refresh_from_db()
    assert not bantul_operator.is_active
    assert bantul_operator.history.first().history_user.username == "bantul.koordinator"


@pytest.mark.parametrize("who", ["outsider", "bantul_operator", "diy_peninjau"])
def test_only_managers_see_and_change_users(
    who: str, client_for: Any, bantul_verifikator: Any
) -> None:
    client = client_for(who)
    assert client.get("/akun/pengguna/?region=34.02").status_code == 403
    response = client.post(f"/akun/pengguna/{bantul_verifikator.pk}/status/", {"active": "0"})
    assert response.status_code == 403
    bantul_verifikator.refresh_from_db()
    assert bantul_verifikator.is_active


def test_manager_cannot_lock_themself_out(client_for: Any, bantul_koordinator: Any) -> None:
    client = client_for("bantul_koordinator")
    client.post(f"/akun/pengguna/{bantul_koordinator.pk}/status/", {"active": "0"})
    bantul_koordinator.refresh_from_db()
    assert bantul_koordinator.is_active
