"""Verification pages: the list, the review page, the province's review; outsiders get 403."""

from typing import Any

import pytest

from tuntas.approvals.models import FigureNote, ProvinceSubmission, Status, Submission
from tuntas.organisation.models import Agency

from .conftest import YEAR

pytestmark = pytest.mark.django_db

LIST = f"/verifikasi/?region=34.02&year={YEAR}&quarter=1"
REVIEW = f"/verifikasi/34.02/dinkes/{YEAR}/1/"
PROVINCE = f"/verifikasi/provinsi/?region=34&year={YEAR}&quarter=1"


def test_the_list_shows_each_agency_status_with_bulk_boxes(
    submitted: Submission, client_for: Any
) -> None:
    page = client_for("bantul_verifikator").get(LIST)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Dinas Kesehatan" in text and 'data-status="submitted"' in text
    assert 'name="agency" value="dinkes"' in text


def test_bulk_verify_then_approve_from_the_list(submitted: Submission, client_for: Any) -> None:
    client_for("bantul_verifikator").post(LIST, {"action": "verify", "agency": ["dinkes"]})
    assert Submission.objects.get(pk=submitted.pk).status == Status.VERIFIED
    client_for("bantul_sekda").post(LIST, {"action": "approve", "agency": ["dinkes"]})
    assert Submission.objects.get(pk=submitted.pk).status == Status.APPROVED


def test_a_refused_bulk_action_is_a_message_not_a_change(
    submitted: Submission, client_for: Any
) -> None:
    page = client_for("bantul_sekda").post(
        LIST, {"action": "approve", "agency": ["dinkes"]}, follow=True
    )
    assert "tidak dapat disahkan" in page.content.decode()
    assert Submission.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_return_with_a_note_on_one_figure_from_the_review_page(
    submitted: Submission, client_for: Any
) -> None:
    page = client_for("bantul_verifikator").get(REVIEW)
    assert 'name="note:K4|1|served|"' in page.content.decode()
    client_for("bantul_verifikator").post(
        REVIEW, {"action": "return", "note:K4|1|served|": "Tidak sesuai kohort"}
    )
    sub = Submission.objects.get(pk=submitted.pk)
    assert sub.status == Status.RETURNED
    note = FigureNote.objects.get(submission=sub)
    assert (note.service_code, note.quarter, note.key, note.note) == (
        "K4",
        1,
        "served",
        "Tidak sesuai kohort",
    )
    text = client_for("bantul_operator").get(REVIEW).content.decode()
    assert "Tidak sesuai kohort" in text


def test_the_agency_head_submits_from_the_review_page(
    client_for: Any, open_year: None, dinkes: Agency, bantul_operator: Any
) -> None:
    from tuntas.figures.services import FigureChange

    from .conftest import save

    assert save(bantul_operator, dinkes, FigureChange("K5", 1, "served", "", 10)).ok
    client_for("bantul_kepala").post(REVIEW, {"action": "submit"})
    assert Submission.objects.get(agency=dinkes, year=YEAR, quarter=1).status == Status.SUBMITTED


def test_the_province_accepts_on_its_page(
    approved: Submission, client_for: Any, bantul_koordinator: Any
) -> None:
    client_for("bantul_koordinator").post(LIST, {"action": "province", "period": "1"})
    sent = ProvinceSubmission.objects.get(region_id="34.02", year=YEAR, quarter=1)
    page = client_for("diy_peninjau").get(PROVINCE)
    text = page.content.decode()
    assert 'data-region="34.02"' in text and "Kabupaten Bantul" in text
    client_for("diy_peninjau").post(PROVINCE, {"submission": sent.pk, "action": "accept"})
    assert ProvinceSubmission.objects.get(pk=sent.pk).status == "accepted"


@pytest.mark.parametrize("url", [LIST, REVIEW, PROVINCE])
def test_outsiders_get_403(client_for: Any, url: str) -> None:
    who = "jateng_peninjau" if url == PROVINCE else "outsider"
    assert client_for(who).get(url).status_code == 403


def test_another_agency_cannot_open_dinkes_review(client_for: Any) -> None:
    assert client_for("bantul_disdik_operator").get(REVIEW).status_code == 403


def test_the_koordinator_sets_the_approver_on_the_list_page(client_for: Any) -> None:
    from tuntas.approvals.models import ApprovalSetting

    client_for("bantul_sekda").post(LIST, {"action": "approver", "approver_role": "koordinator"})
    assert not ApprovalSetting.objects.filter(region_id="34.02").exists()
    client_for("bantul_koordinator").post(
        LIST, {"action": "approver", "approver_role": "koordinator"}
    )
    assert ApprovalSetting.objects.get(region_id="34.02").approver_role == "koordinator"


def test_province_page_for_a_year_without_a_catalog(client_for: Any) -> None:
    page = client_for("diy_peninjau").get("/verifikasi/provinsi/?region=34&year=2022&quarter=1")
    assert page.status_code == 200
    assert "Tidak ada katalog SPM" in page.content.decode()
