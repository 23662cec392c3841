"""The verifier sees what changed since the previous submission, notes on figures and rule
violations."""

from typing import Any

import pytest

from tuntas.approvals import selectors
from tuntas.approvals import services as s
from tuntas.approvals.models import Submission
from tuntas.figures.services import FigureChange
from tuntas.organisation.models import Agency

from .conftest import YEAR, save

pytestmark = pytest.mark.django_db


def test_first_submission_has_nothing_to_compare(
    submitted: Submission, bantul_verifikator: Any, dinkes: Agency
) -> None:
    review = selectors.review_get(actor=bantul_verifikator, agency=dinkes, year=YEAR, quarter=1)
    assert review.first_submission
    assert review.changes == []
    assert {(line.key.key, line.submitted) for line in review.lines} >= {
        ("target", "1.000"),
        ("served", "200"),
    }


def test_resubmission_shows_old_and_new_per_figure(
    submitted: Submission,
    bantul_verifikator: Any,
    bantul_operator: Any,
    bantul_kepala: Any,
    dinkes: Agency,
) -> None:
    s.submission_return(
        actor=bantul_verifikator,
        submission=submitted,
        notes=[s.NoteInput("K4", 1, "served", "", "Lebih dari register")],
    )
    assert save(bantul_operator, dinkes, FigureChange("K4", 1, "served", "", 180)).ok
    s.submission_submit(actor=bantul_kepala, agency=dinkes, year=YEAR, quarter=1)
    review = selectors.review_get(actor=bantul_verifikator, agency=dinkes, year=YEAR, quarter=1)
    assert not review.first_submission
    assert [(c.key.key, c.previous, c.submitted) for c in review.changes] == [
        ("served", "200", "180")
    ]
    (changed,) = review.changes
    assert [n.note for n in changed.notes] == ["Lebih dari register"]


def test_rule_violations_are_shown_to_the_verifier(
    bantul_operator: Any,
    bantul_kepala: Any,
    bantul_verifikator: Any,
    dinkes: Agency,
    open_year: None,
) -> None:
    # More delivered than available breaks a non-blocking rule: saved, shown to the verifier.
    result = save(
        bantul_operator,
        dinkes,
        FigureChange("K4", None, "available", "K4-B01", 10),
        FigureChange("K4", 1, "delivered", "K4-B01", 20),
    )
    assert result.ok, result.errors
    s.submission_submit(actor=bantul_kepala, agency=dinkes, year=YEAR, quarter=1)
    review = selectors.review_get(actor=bantul_verifikator, agency=dinkes, year=YEAR, quarter=1)
    assert [v.rule for v in review.violations] == ["tersalur_maks_tersedia"]


def test_the_review_page_shows_each_figure_history(
    submitted: Submission,
    bantul_verifikator: Any,
    bantul_operator: Any,
    bantul_kepala: Any,
    dinkes: Agency,
) -> None:
    s.submission_return(actor=bantul_verifikator, submission=submitted, note="Periksa TW1")
    assert save(bantul_operator, dinkes, FigureChange("K4", 1, "served", "", 180)).ok
    review = selectors.review_get(actor=bantul_verifikator, agency=dinkes, year=YEAR, quarter=1)
    (served,) = [line for line in review.lines if line.key.key == "served"]
    assert [(v.value, v.user) for v in served.history] == [
        ("200", bantul_operator.display_name),
        ("180", bantul_operator.display_name),
    ]
