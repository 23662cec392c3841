"""Who sees which Pemda and agency, and who may change a Pemda's organisation (service layer)."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuntas.accounts.scoping import visible_regions
from tuntas.organisation.models import Agency
from tuntas.organisation.selectors import agencies_visible, agency_list, region_get
from tuntas.organisation.services import agency_create, agency_services_set
from tuntas.regions.models import Region

pytestmark = pytest.mark.django_db


def codes(actor: Any) -> set[str]:
    return set(visible_regions(actor).values_list("code", flat=True))


def test_regency_users_see_only_their_pemda(bantul_koordinator: Any, bantul_operator: Any) -> None:
    assert codes(bantul_koordinator) == {"34.02"}
    assert codes(bantul_operator) == {"34.02"}


def test_provincial_reviewer_sees_province_and_its_regencies(diy_peninjau: Any) -> None:
    assert codes(diy_peninjau) == {"34", "34.01", "34.02", "34.03", "34.04", "34.71"}


def test_provincial_reviewer_cannot_see_another_province(jateng_peninjau: Any) -> None:
    assert "34.02" not in codes(jateng_peninjau)
    with pytest.raises(PermissionDenied):
        region_get(actor=jateng_peninjau, code="34.02")


def test_national_users_see_every_pemda(kemendagri: Any, admin: Any) -> None:
    assert len(codes(kemendagri)) == 552
    assert len(codes(admin)) == 552


def test_neighbour_regency_is_an_outsider(outsider: Any) -> None:
    assert codes(outsider) == {"34.01"}
    with pytest.raises(PermissionDenied):
        region_get(actor=outsider, code="34.02")


def test_operator_sees_only_own_agency(bantul_operator: Any, bantul_koordinator: Any) -> None:
    bantul = Region.objects.get(code="34.02")
    assert [a.code for a in agencies_visible(bantul_operator)] == ["dinkes"]
    rows = agency_list(actor=bantul_operator, region=bantul, year=2026)
    assert [r.agency.code for r in rows] == ["dinkes"]
    assert rows[0].service_codes[:3] == ["K4", "K5", "K6"]
    assert len(agency_list(actor=bantul_koordinator, region=bantul, year=2026)) == 7


def test_koordinator_manages_own_pemda(bantul_koordinator: Any) -> None:
    bantul = Region.objects.get(code="34.02")
    agency = agency_create(
        actor=bantul_koordinator, region=bantul, code="damkar", name="Dinas Pemadam Kebakaran"
    )
    agency_services_set(actor=bantul_koordinator, agency=agency, year=2026, service_codes=["K24"])
    assert [h.history_user for h in agency.history.all()] == [bantul_koordinator]


@pytest.mark.parametrize(
    "who", ["outsider", "bantul_operator", "bantul_verifikator", "diy_peninjau", "kemendagri"]
)
def test_others_cannot_change_bantul_organisation(who: str, request: pytest.FixtureRequest) -> None:
    actor = request.getfixturevalue(who)
    bantul = Region.objects.get(code="34.02")
    with pytest.raises(PermissionDenied):
        agency_create(actor=actor, region=bantul, code="baru", name="Dinas Baru")
    dinkes = Agency.objects.get(region=bantul, code="dinkes")
    with pytest.raises(PermissionDenied):
        agency_services_set(actor=actor, agency=dinkes, year=2026, service_codes=[])
    assert dinkes.assignments.filter(year=2026).count() == 12


def test_province_services_cannot_go_to_a_regency(bantul_koordinator: Any) -> None:
    dinkes = Agency.objects.get(region_id="34.02", code="dinkes")
    with pytest.raises(ValidationError, match="P3 tidak ada dalam katalog 2026"):
        agency_services_set(
            actor=bantul_koordinator, agency=dinkes, year=2026, service_codes=["K4", "P3"]
        )
    assert dinkes.assignments.filter(year=2026).count() == 12
