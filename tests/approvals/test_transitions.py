"""Each transition of an agency's quarter is allowed only to its role, and logged."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuntas.approvals import services as s
from tuntas.approvals.models import Status, Submission, Transition
from tuntas.organisation.models import Agency

from .conftest import YEAR

pytestmark = pytest.mark.django_db

EVERYONE = [
    "bantul_admin",
    "bantul_koordinator",
    "bantul_verifikator",
    "bantul_sekda",
    "bantul_operator",
    "bantul_kepala",
    "diy_peninjau",
    "outsider",
    "admin",
]


def actor(request: Any, name: str) -> Any:
    return request.getfixturevalue(name)


@pytest.mark.parametrize("name", [n for n in EVERYONE if n != "bantul_kepala"])
def test_only_the_agency_head_submits(request: Any, name: str, dinkes: Agency) -> None:
    with pytest.raises(PermissionDenied):
        s.submission_submit(actor=actor(request, name), agency=dinkes, year=YEAR, quarter=1)


@pytest.mark.parametrize("name", [n for n in EVERYONE if n != "bantul_verifikator"])
def test_only_the_verifier_verifies(request: Any, name: str, submitted: Submission) -> None:
    with pytest.raises(PermissionDenied):
        s.submission_verify(actor=actor(request, name), submission=submitted)


@pytest.mark.parametrize("name", [n for n in EVERYONE if n != "bantul_sekda"])
def test_only_the_configured_approver_approves(
    request: Any, name: str, verified: Submission
) -> None:
    with pytest.raises(PermissionDenied):
        s.submission_approve(actor=actor(request, name), submission=verified)


def test_the_pemda_may_make_the_koordinator_its_approver(
    verified: Submission, bantul_koordinator: Any, bantul_sekda: Any, outsider: Any
) -> None:
    region = verified.agency.region
    with pytest.raises(PermissionDenied):
        s.approval_setting_set(actor=outsider, region=region, approver="koordinator")
    with pytest.raises(PermissionDenied):
        s.approval_setting_set(actor=bantul_sekda, region=region, approver="koordinator")
    s.approval_setting_set(actor=bantul_koordinator, region=region, approver="koordinator")
    with pytest.raises(PermissionDenied):
        s.submission_approve(actor=bantul_sekda, submission=verified)
    assert s.submission_approve(actor=bantul_koordinator, submission=verified).status == "approved"


@pytest.mark.parametrize("name", [n for n in EVERYONE if n != "bantul_koordinator"])
def test_only_the_koordinator_reopens(request: Any, name: str, approved: Submission) -> None:
    with pytest.raises(PermissionDenied):
        s.submission_reopen(actor=actor(request, name), submission=approved, reason="Salah ketik")


@pytest.mark.parametrize("name", ["bantul_kepala", "bantul_operator", "bantul_koordinator"])
def test_returning_is_for_the_verifier_and_the_approver(
    request: Any, name: str, verified: Submission
) -> None:
    with pytest.raises(PermissionDenied):
        s.submission_return(actor=actor(request, name), submission=verified, note="Periksa")


def test_the_approver_returns_only_a_verified_quarter(
    submitted: Submission, bantul_sekda: Any, bantul_verifikator: Any
) -> None:
    with pytest.raises(ValidationError):
        s.submission_return(actor=bantul_sekda, submission=submitted, note="Belum diverifikasi")
    verified = s.submission_verify(actor=bantul_verifikator, submission=submitted)
    returned = s.submission_return(actor=bantul_sekda, submission=verified, note="Cek K4")
    assert returned.status == Status.RETURNED


def test_a_transition_from_the_wrong_state_is_refused(
    submitted: Submission, bantul_sekda: Any, bantul_kepala: Any, dinkes: Agency
) -> None:
    with pytest.raises(ValidationError, match="Diajukan"):
        s.submission_approve(actor=bantul_sekda, submission=submitted)
    with pytest.raises(ValidationError):
        s.submission_submit(actor=bantul_kepala, agency=dinkes, year=YEAR, quarter=1)


def test_return_needs_a_note_and_reopen_a_reason(
    approved: Submission, bantul_koordinator: Any
) -> None:
    with pytest.raises(ValidationError):
        s.submission_reopen(actor=bantul_koordinator, submission=approved, reason="  ")
    reopened = s.submission_reopen(
        actor=bantul_koordinator, submission=approved, reason="Sasaran K4 direvisi"
    )
    assert reopened.status == Status.DRAFT


def test_return_without_any_note_is_refused(submitted: Submission, bantul_verifikator: Any) -> None:
    with pytest.raises(ValidationError):
        s.submission_return(
            actor=bantul_verifikator,
            submission=submitted,
            notes=[s.NoteInput("K4", 1, "served", "", "  ")],
        )
    assert Submission.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_every_transition_is_logged_with_who_when_and_note(
    approved: Submission,
    bantul_kepala: Any,
    bantul_verifikator: Any,
    bantul_sekda: Any,
    bantul_koordinator: Any,
) -> None:
    s.submission_reopen(actor=bantul_koordinator, submission=approved, reason="Revisi sasaran")
    log = list(Transition.objects.filter(submission=approved).order_by("at", "pk"))
    assert [(t.from_status, t.to_status, t.actor) for t in log] == [
        ("draft", "submitted", bantul_kepala),
        ("submitted", "verified", bantul_verifikator),
        ("verified", "approved", bantul_sekda),
        ("approved", "draft", bantul_koordinator),
    ]
    assert log[-1].note == "Revisi sasaran"
    assert all(t.at is not None for t in log)
    history = approved.history.order_by("history_date")
    assert [h.history_user for h in history][-1] == bantul_koordinator


def test_bulk_verify_is_all_or_nothing(
    submitted: Submission, bantul_verifikator: Any, dinkes: Agency
) -> None:
    other = Submission.objects.create(
        agency=Agency.objects.get(region_id="34.02", code="disdik"), year=YEAR, quarter=1
    )  # still a draft: cannot be verified
    with pytest.raises(ValidationError):
        s.submissions_verify_bulk(actor=bantul_verifikator, submissions=[submitted, other])
    assert Submission.objects.get(pk=submitted.pk).status == Status.SUBMITTED
    assert s.submissions_verify_bulk(actor=bantul_verifikator, submissions=[submitted]) == 1
    assert Submission.objects.get(pk=submitted.pk).status == Status.VERIFIED
