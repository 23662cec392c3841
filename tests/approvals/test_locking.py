"""Agencies change figures only while their quarter is a draft or returned; approved figures
change only after the koordinator reopens them."""

from typing import Any

import pytest

from tuntas.approvals import services as s
from tuntas.approvals.models import Submission
from tuntas.figures.services import FigureChange, figures_lock
from tuntas.organisation.models import Agency

from .conftest import save

pytestmark = pytest.mark.django_db

SERVED_Q1 = FigureChange("K4", 1, "served", "", 250)


def codes(result: Any) -> list[str]:
    return [e.code for e in result.errors]


def test_submitted_figures_are_locked_for_the_agency(
    submitted: Submission, bantul_operator: Any, dinkes: Agency
) -> None:
    assert codes(save(bantul_operator, dinkes, SERVED_Q1)) == ["locked"]
    # The year's figures ride with every quarter.
    assert codes(save(bantul_operator, dinkes, FigureChange("K4", None, "target", "", 9))) == [
        "locked"
    ]
    # Another quarter is still open.
    assert save(bantul_operator, dinkes, FigureChange("K4", 2, "served", "", 400)).ok


def test_returned_figures_are_editable_again(
    submitted: Submission, bantul_verifikator: Any, bantul_operator: Any, dinkes: Agency
) -> None:
    s.submission_return(
        actor=bantul_verifikator,
        submission=submitted,
        notes=[s.NoteInput("K4", 1, "served", "", "Tidak sesuai register kohort")],
    )
    result = save(bantul_operator, dinkes, SERVED_Q1)
    assert result.ok and result.saved == 1


def test_approved_figures_change_only_after_reopening(
    approved: Submission, bantul_operator: Any, bantul_koordinator: Any, dinkes: Agency
) -> None:
    assert codes(save(bantul_operator, dinkes, SERVED_Q1)) == ["locked"]
    # Not even the koordinator writes around the approval.
    assert codes(save(bantul_koordinator, dinkes, SERVED_Q1)) == ["locked"]
    s.submission_reopen(actor=bantul_koordinator, submission=approved, reason="Revisi register")
    assert save(bantul_operator, dinkes, SERVED_Q1).ok


def test_a_figure_lock_still_locks_a_draft_quarter(
    bantul_koordinator: Any, bantul_operator: Any, dinkes: Agency, open_year: None
) -> None:
    figures_lock(actor=bantul_koordinator, agency=dinkes, year=2025, quarter=2, reason="Audit")
    assert codes(save(bantul_operator, dinkes, FigureChange("K4", 2, "served", "", 1))) == [
        "locked"
    ]


def test_the_audit_trail_shows_every_version_of_a_figure(
    submitted: Submission, bantul_verifikator: Any, bantul_operator: Any, dinkes: Agency
) -> None:
    s.submission_return(actor=bantul_verifikator, submission=submitted, note="Cek TW1")
    assert save(bantul_operator, dinkes, SERVED_Q1).ok
    from tuntas.figures.models import FigureValue

    row = FigureValue.objects.get(agency=dinkes, year=2025, quarter=1, key="served")
    versions = [(h.value, h.history_user) for h in row.history.order_by("history_date")]
    assert [v for v, _ in versions] == [200, 250]
    assert all(user == bantul_operator for _, user in versions)
