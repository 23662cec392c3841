"""Every report page and endpoint refuses outsiders: 403 on pages, 404 from the API; agency
roles have no report pages; only preparers change anything."""

from typing import Any

import pytest

from tuntas.reports.models import Dispatch, Document, Narrative, ReportJob

from .helpers import bantul_sends

pytestmark = pytest.mark.django_db

OUTSIDERS = ["outsider", "outsider_operator", "jateng_peninjau", "bantul_operator"]


def urls(report: Document, dispatch: Dispatch, job: ReportJob) -> list[tuple[str, str]]:
    return [
        ("get", "/laporan/34.02/?year=2026"),
        ("get", "/laporan/34.02/narasi/penutup/?year=2026"),
        ("post", "/laporan/34.02/narasi/penutup/?year=2026"),
        ("get", "/laporan/34.02/pengaturan/?year=2026"),
        ("post", "/laporan/34.02/pengaturan/?year=2026"),
        ("post", "/laporan/34.02/buat/?year=2026"),
        ("post", "/laporan/34.02/pindaian/?year=2026"),
        ("post", "/laporan/34.02/kirim/?year=2026"),
        ("get", f"/laporan/dokumen/{report.pk}/unduh/"),
        ("get", f"/laporan/dokumen/{dispatch.receipt_id}/unduh/"),
        ("get", f"/laporan/pekerjaan/{job.pk}/"),
        ("post", f"/laporan/pengiriman/{dispatch.pk}/terima/"),
    ]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_403_on_every_page(who: str, client_for: Any) -> None:
    report, (dispatch, _) = bantul_sends()
    job = ReportJob.objects.get(document=report)
    client = client_for(who)
    for method, url in urls(report, dispatch, job):
        response = getattr(client, method)(
            url, {"kind": "annual_pdf", "text": "x"} if method == "post" else None
        )
        assert response.status_code == 403, (method, url)
    assert Narrative.objects.filter(section="penutup", text="x").count() == 0
    assert ReportJob.objects.count() == 1
    dispatch.refresh_from_db()
    assert dispatch.acknowledged_at is None
    archive = client.get("/laporan/arsip/?year=2026")
    assert archive.status_code == 403 or report.sha256 not in archive.content.decode()
    zip_response = client.get("/laporan/arsip/unduh/?year=2026")
    assert zip_response.status_code == 403 or b"annual_pdf" not in zip_response.content
    assert dispatch.number not in client.get("/laporan/kotak-masuk/").content.decode()


@pytest.mark.parametrize("who", ["bantul_verifikator", "diy_peninjau", "kemendagri"])
def test_readers_see_but_cannot_prepare(who: str, client_for: Any) -> None:
    client = client_for(who)
    page = client.get("/laporan/34.02/?year=2026")
    assert page.status_code == 200 and "Buat laporan tahunan (PDF)" not in page.content.decode()
    assert client.post("/laporan/34.02/buat/?year=2026", {"kind": "annual_pdf"}).status_code == 403
    assert client.get("/laporan/34.02/narasi/penutup/?year=2026").status_code == 403
    assert not ReportJob.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "jateng_peninjau", "bantul_operator"])
def test_api_gives_outsiders_404(who: str, client: Any, client_for: Any) -> None:
    from tests.conftest import ACTORS
    from tuntas.accounts.models import User
    from tuntas.accounts.services import token_create

    report, (dispatch, _) = bantul_sends()
    user = User.objects.get(username=ACTORS[who])
    _, raw = token_create(actor=user, name="uji")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(f"/api/v1/documents/{report.pk}", **auth).status_code == 404
    assert client.get(f"/api/v1/documents/{report.pk}/file", **auth).status_code == 404
    assert client.post(f"/api/v1/dispatches/{dispatch.pk}/acknowledge", **auth).status_code == 404
    assert client.get("/api/v1/documents?year=2026", **auth).json() == []
    assert client.get("/api/v1/inbox", **auth).json() == []


def test_api_inbox_and_acknowledge_for_the_province(client: Any, diy_peninjau: Any) -> None:
    from tuntas.accounts.services import token_create

    report, (dispatch, _) = bantul_sends()
    _, raw = token_create(actor=diy_peninjau, name="uji")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    [item] = client.get("/api/v1/inbox", **auth).json()
    assert item["number"] == dispatch.number and report.pk in item["documents"]
    file = client.get(f"/api/v1/documents/{report.pk}/file", **auth)
    assert file.status_code == 200 and file.content.startswith(b"%PDF-")
    response = client.post(f"/api/v1/dispatches/{dispatch.pk}/acknowledge", **auth)
    assert response.json()["acknowledged_by"] == "diy.peninjau"
    assert client.post(f"/api/v1/dispatches/{dispatch.pk}/acknowledge", **auth).status_code == 409
