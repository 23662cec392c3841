"""Bantul's Dinas Kesehatan in 2025 (the demo's lifecycle lives in 2026), every quarter's
window open, and shortcuts through the transition services."""

from typing import Any

import pytest

from tests.conftest import set_bantul_windows
from tuntas.approvals import services as s
from tuntas.approvals.models import Submission
from tuntas.figures.models import FigureValue
from tuntas.figures.services import FigureChange, SaveResult, figures_save
from tuntas.indexing.models import IndexResult
from tuntas.organisation.models import Agency

YEAR = 2025


@pytest.fixture
def dinkes(db: Any) -> Agency:
    """The demo's by-name rows give K4 a 2025 target (and an index); start from none."""
    agency = Agency.objects.select_related("region").get(region_id="34.02", code="dinkes")
    FigureValue.objects.filter(agency=agency, year=YEAR).delete()
    IndexResult.objects.filter(region_id="34.02", year=YEAR).delete()
    return agency


@pytest.fixture
def open_year(dinkes: Agency) -> None:
    set_bantul_windows(YEAR, days=30)


def save(actor: Any, agency: Agency, *changes: FigureChange) -> SaveResult:
    return figures_save(
        actor=actor, region=agency.region, year=YEAR, agency=agency, changes=list(changes)
    )


@pytest.fixture
def submitted(
    bantul_kepala: Any, bantul_operator: Any, dinkes: Agency, open_year: None
) -> Submission:
    """Dinkes 2025 Q1 with a target and a served figure, submitted by its kepala."""
    result = save(
        bantul_operator,
        dinkes,
        FigureChange("K4", None, "target", "", 1000),
        FigureChange("K4", 1, "served", "", 200),
    )
    assert result.ok, result.errors
    return s.submission_submit(actor=bantul_kepala, agency=dinkes, year=YEAR, quarter=1)


@pytest.fixture
def verified(submitted: Submission, bantul_verifikator: Any) -> Submission:
    return s.submission_verify(actor=bantul_verifikator, submission=submitted)


@pytest.fixture
def approved(verified: Submission, bantul_sekda: Any) -> Submission:
    return s.submission_approve(actor=bantul_sekda, submission=verified)
