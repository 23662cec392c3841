"""A kabupaten/kota sends its approved period to its province; the province's reviewers, and
only they, accept (locking it) or return it with a note."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuntas.approvals import selectors
from tuntas.approvals import services as s
from tuntas.approvals.models import ProvinceSubmission, Status, Submission
from tuntas.regions.models import Region

from .conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def bantul() -> Region:
    return Region.objects.get(code="34.02")


@pytest.fixture
def diy() -> Region:
    return Region.objects.get(code="34")


def send(actor: Any, region: Region) -> ProvinceSubmission:
    return s.province_submit(actor=actor, region=region, year=YEAR, quarter=1)


def test_only_an_approved_period_is_sent(
    submitted: Submission, bantul_koordinator: Any, bantul: Region
) -> None:
    with pytest.raises(ValidationError, match="Dinas Kesehatan"):
        send(bantul_koordinator, bantul)


@pytest.mark.parametrize("name", ["bantul_sekda", "bantul_verifikator", "outsider", "diy_peninjau"])
def test_only_the_kabupaten_koordinator_sends(
    request: Any, name: str, approved: Submission, bantul: Region
) -> None:
    with pytest.raises(PermissionDenied):
        send(request.getfixturevalue(name), bantul)


def test_the_province_accepts_and_the_quarter_locks(
    approved: Submission, bantul_koordinator: Any, diy_peninjau: Any, bantul: Region
) -> None:
    sent = send(bantul_koordinator, bantul)
    accepted = s.province_accept(actor=diy_peninjau, submission=sent, note="Lengkap")
    assert accepted.status == ProvinceSubmission.State.ACCEPTED
    assert accepted.reviewed_by == diy_peninjau
    assert Submission.objects.get(pk=approved.pk).status == Status.LOCKED
    with pytest.raises(ValidationError):
        s.province_accept(actor=diy_peninjau, submission=sent)


def test_a_returned_period_is_sent_again(
    approved: Submission, bantul_koordinator: Any, diy_koordinator: Any, bantul: Region
) -> None:
    sent = send(bantul_koordinator, bantul)
    with pytest.raises(ValidationError):
        s.province_return(actor=diy_koordinator, submission=sent, note=" ")
    returned = s.province_return(actor=diy_koordinator, submission=sent, note="K4 janggal")
    assert returned.status == ProvinceSubmission.State.RETURNED
    assert Submission.objects.get(pk=approved.pk).status == Status.APPROVED
    again = send(bantul_koordinator, bantul)
    assert again.pk == sent.pk and again.status == ProvinceSubmission.State.SUBMITTED


@pytest.mark.parametrize("name", ["jateng_peninjau", "babel_peninjau", "outsider", "bantul_sekda"])
def test_no_one_else_reviews(
    request: Any, name: str, approved: Submission, bantul_koordinator: Any, bantul: Region
) -> None:
    sent = send(bantul_koordinator, bantul)
    with pytest.raises(PermissionDenied):
        s.province_accept(actor=request.getfixturevalue(name), submission=sent)


def test_the_province_sees_its_kabupaten_with_status_and_index(
    approved: Submission, bantul_koordinator: Any, diy_peninjau: Any, diy: Region
) -> None:
    send(bantul_koordinator, Region.objects.get(code="34.02"))
    rows = {
        r.region.code: r
        for r in selectors.province_overview(actor=diy_peninjau, province=diy, year=YEAR, quarter=1)
    }
    assert set(rows) == {"34.01", "34.02", "34.03", "34.04", "34.71"}
    bantul = rows["34.02"]
    assert bantul.status_label == "Dikirim" and bantul.can_review
    assert (bantul.approved, bantul.agencies) == (1, 1)
    # K4 2025 Q1: 200 of 1.000 served; its normed goods, none delivered, count 0 in mutu:
    # 0,8 × 20 + 0,2 × 0 = 16, the only service, so the sector's and the Pemda's index.
    assert bantul.index == 16
    assert rows["34.04"].submission is None and rows["34.04"].index is None


def test_a_reviewer_of_another_province_sees_none_of_its_kabupaten(
    jateng_peninjau: Any, diy: Region
) -> None:
    with pytest.raises(PermissionDenied):
        selectors.province_overview(actor=jateng_peninjau, province=diy, year=YEAR, quarter=1)
    with pytest.raises(PermissionDenied):
        selectors.submissions_for_region(
            actor=jateng_peninjau, region=Region.objects.get(code="34.02"), year=YEAR, quarter=1
        )


def test_completeness_counted_in_the_database_matches_the_figures_app(
    bantul_koordinator: Any,
) -> None:
    from tuntas.figures.selectors import completeness_for_agency
    from tuntas.organisation.models import Agency

    dinkes = Agency.objects.get(region_id="34.02", code="dinkes")
    shares = completeness_for_agency(actor=bantul_koordinator, agency=dinkes, year=2026)
    filled = sum(x.filled for x in shares.values())
    required = sum(x.required for x in shares.values())
    assert float(selectors.completeness_of([dinkes], 2026)[dinkes.pk] or 0) == pytest.approx(
        filled * 100 / required
    )
    assert 0 < filled < required
