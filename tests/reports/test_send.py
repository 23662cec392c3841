"""Bantul sends its report with a numbered cover letter to DI Yogyakarta and Kemendagri; each
send gets a receipt listing every file's SHA-256; each receiver acknowledges in its inbox."""

import hashlib
import io
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from tuntas.reports.models import Dispatch, Document

from .helpers import bantul_sends, read

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def test_send_numbers_letters_and_receipts_hold_the_files_hashes() -> None:
    report, sent = bantul_sends()
    assert [d.number for d in sent] == ["400.10/1/Tapem/2026", "400.10/2/Tapem/2026"]
    to_province, to_kemendagri = sent
    assert to_province.receiver_id == "34" and to_kemendagri.receiver is None
    letter = pdf_text(read(to_province.cover_letter))
    assert "400.10/1/Tapem/2026" in letter
    assert "Gubernur Daerah Istimewa Yogyakarta" in letter
    assert "Menteri Dalam Negeri" in pdf_text(read(to_kemendagri.cover_letter))
    for dispatch in sent:
        receipt = "".join(pdf_text(read(dispatch.receipt)).split())
        files = [dispatch.cover_letter, *dispatch.documents.all()]
        assert report in files
        for document in files:
            assert hashlib.sha256(read(document)).hexdigest() == document.sha256
            assert document.sha256 in receipt
        assert dispatch.receipt_number.replace(" ", "") in receipt
        assert "KabupatenBantul" in receipt


def test_receivers_see_and_acknowledge_in_their_inbox(client_for: Any) -> None:
    _, (to_province, to_kemendagri) = bantul_sends()
    diy = client_for("diy_peninjau")
    inbox = diy.get("/laporan/kotak-masuk/").content.decode()
    assert to_province.number in inbox and "Kabupaten Bantul" in inbox
    assert to_kemendagri.receipt_number not in inbox
    assert diy.post(f"/laporan/pengiriman/{to_province.pk}/terima/").status_code == 302
    to_province.refresh_from_db()
    assert to_province.acknowledged_by.username == "diy.peninjau"
    assert to_province.history.latest().history_user.username == "diy.peninjau"
    # a second confirmation is refused, the first one stands
    diy.post(f"/laporan/pengiriman/{to_province.pk}/terima/")
    assert Dispatch.objects.get(pk=to_province.pk).acknowledged_at == to_province.acknowledged_at

    kemendagri = client_for("kemendagri")
    assert to_kemendagri.number in kemendagri.get("/laporan/kotak-masuk/").content.decode()
    assert kemendagri.post(f"/laporan/pengiriman/{to_kemendagri.pk}/terima/").status_code == 302
    to_kemendagri.refresh_from_db()
    assert to_kemendagri.acknowledged_by.username == "kemendagri"
    page = client_for("bantul_koordinator").get("/laporan/34.02/?year=2026").content.decode()
    assert page.count("Diterima ") == 2


@pytest.mark.parametrize("who", ["jateng_peninjau", "bantul_koordinator", "diy_peninjau"])
def test_only_the_addressee_acknowledges(who: str, client_for: Any) -> None:
    _, (_, to_kemendagri) = bantul_sends()
    response = client_for(who).post(f"/laporan/pengiriman/{to_kemendagri.pk}/terima/")
    assert response.status_code in {302, 403}
    to_kemendagri.refresh_from_db()
    assert to_kemendagri.acknowledged_at is None


def test_send_form_and_a_bad_destination(client_for: Any) -> None:
    report, _ = bantul_sends(["provinsi"])
    client = client_for("bantul_koordinator")
    response = client.post(
        "/laporan/34.02/kirim/?year=2026", {"document": [report.pk], "destination": ["gubernur"]}
    )
    assert response.status_code == 302
    assert Dispatch.objects.count() == 1
    response = client.post(
        "/laporan/34.02/kirim/?year=2026",
        {"document": [report.pk], "destination": ["kemendagri"]},
        follow=True,
    )
    assert "400.10/2/Tapem/2026" in response.content.decode()


def test_signed_scan_is_archived_and_a_non_pdf_refused(client_for: Any) -> None:
    client = client_for("bantul_sekda")
    scan = b"%PDF-1.4\n% pindaian bertanda tangan\n"
    client.post(
        "/laporan/34.02/pindaian/?year=2026",
        {"file": SimpleUploadedFile("ttd.pdf", scan, "application/pdf")},
    )
    document = Document.objects.get(kind=Document.Kind.SIGNED_SCAN)
    assert document.sha256 == hashlib.sha256(scan).hexdigest()
    assert document.created_by.username == "bantul.sekda"
    response = client.post(
        "/laporan/34.02/pindaian/?year=2026",
        {"file": SimpleUploadedFile("ttd.docx", b"PK\x03\x04", "application/zip")},
        follow=True,
    )
    assert "Berkas pindaian harus PDF." in response.content.decode()
    assert Document.objects.filter(kind=Document.Kind.SIGNED_SCAN).count() == 1


def test_archive_zip_has_every_file_and_a_manifest(client_for: Any) -> None:
    import json
    import zipfile

    _, sent = bantul_sends()
    response = client_for("bantul_koordinator").get("/laporan/arsip/unduh/?year=2026&region=34.02")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    manifest = json.loads(archive.read("manifest.json"))
    assert len(manifest) == Document.objects.filter(region_id="34.02", year=2026).count() == 5
    for entry in manifest:
        assert hashlib.sha256(archive.read(entry["file"])).hexdigest() == entry["sha256"]
    assert "manifest.csv" in archive.namelist()
    assert {e["kind"] for e in manifest} == {"annual_pdf", "cover_letter", "receipt"}
    assert re.search(r"400\.10/\d/Tapem/2026", sent[0].number)


def test_a_province_sends_to_kemendagri_only(client_for: Any) -> None:
    from tuntas.accounts.models import User
    from tuntas.regions.models import Region
    from tuntas.reports.services import dispatch_send, report_job_start

    actor = User.objects.get(username="diy.koordinator")
    diy = Region.objects.get(code="34")
    job = report_job_start(actor=actor, region=diy, year=2026, kind="annual_docx")
    job.refresh_from_db()
    with pytest.raises(ValidationError, match="tujuan"):
        dispatch_send(
            actor=actor, region=diy, year=2026, documents=[job.document], destinations=["provinsi"]
        )
    [dispatch] = dispatch_send(
        actor=actor, region=diy, year=2026, documents=[job.document], destinations=["kemendagri"]
    )
    assert dispatch.receiver is None
    assert dispatch.number in client_for("kemendagri").get("/laporan/kotak-masuk/").content.decode()
    assert (
        dispatch.number
        not in client_for("diy_peninjau").get("/laporan/kotak-masuk/").content.decode()
    )
