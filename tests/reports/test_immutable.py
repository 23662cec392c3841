"""Archived documents cannot be altered or deleted through the UI or the API, and a file
changed on disk behind Tuntas's back is refused at download."""

from typing import Any

import pytest

from tuntas.reports.models import Document

from .helpers import bantul_sends

pytestmark = pytest.mark.django_db


def test_api_has_no_update_or_delete(client: Any, bantul_koordinator: Any) -> None:
    from tuntas.accounts.services import token_create

    report, _ = bantul_sends(["provinsi"])
    _, raw = token_create(actor=bantul_koordinator, name="uji")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    url = f"/api/v1/documents/{report.pk}"
    assert client.get(url, **auth).json()["sha256"] == report.sha256
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(url, content_type="application/json", data="{}", **auth)
        assert response.status_code == 405, method
    file_url = f"{url}/file"
    assert client.delete(file_url, **auth).status_code == 405
    assert Document.objects.get(pk=report.pk).sha256 == report.sha256


def test_admin_shows_documents_read_only(client_for: Any) -> None:
    report, _ = bantul_sends(["provinsi"])
    admin = client_for("admin")
    assert admin.get(f"/admin/reports/document/{report.pk}/change/").status_code == 200
    response = admin.post(f"/admin/reports/document/{report.pk}/change/", {"filename": "x.pdf"})
    assert response.status_code == 403
    assert (
        admin.post(f"/admin/reports/document/{report.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Document.objects.get(pk=report.pk).filename == report.filename


def test_no_page_changes_a_document(client_for: Any) -> None:
    report, _ = bantul_sends(["provinsi"])
    client = client_for("bantul_koordinator")
    response = client.post(f"/laporan/dokumen/{report.pk}/unduh/", {"filename": "x"})
    assert response.status_code == 405
    assert Document.objects.get(pk=report.pk).filename == report.filename


def test_altered_file_is_refused_at_download(client_for: Any) -> None:
    report, _ = bantul_sends(["provinsi"])
    with open(report.file.path, "ab") as f:
        f.write(b"tampered")
    response = client_for("bantul_koordinator").get(f"/laporan/dokumen/{report.pk}/unduh/")
    assert response.status_code == 409
    assert "SHA-256" in response.content.decode()
