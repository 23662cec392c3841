"""Who may read and write an agency's figures (services and selectors)."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from tuntas.figures import selectors
from tuntas.figures.services import BudgetLineInput, budget_line_save, figures_save
from tuntas.organisation.models import Agency

from .conftest import YEAR, ch


@pytest.mark.parametrize(
    "name",
    [
        "bantul_disdik_operator",
        "outsider_operator",
        "outsider",
        "diy_peninjau",
        "bantul_verifikator",
        "jateng_peninjau",
    ],
)
def test_cannot_write_another_agencys_figures(
    request: Any, name: str, dinkes: Agency, open_year: None
) -> None:
    actor = request.getfixturevalue(name)
    with pytest.raises(PermissionDenied):
        figures_save(
            actor=actor,
            region=dinkes.region,
            year=YEAR,
            agency=dinkes,
            changes=[ch("K4", None, "target", value=1)],
        )
    with pytest.raises(PermissionDenied):
        budget_line_save(
            actor=actor,
            agency=dinkes,
            year=YEAR,
            service_code="K4",
            data=BudgetLineInput("1.02.02.2.02.0001", "X", 1),
        )


@pytest.mark.parametrize(
    "name", ["bantul_operator", "bantul_kepala", "bantul_koordinator", "bantul_admin"]
)
def test_agency_and_pemda_roles_write(request: Any, name: str, save: Any) -> None:
    assert save(request.getfixturevalue(name), [ch("K4", None, "target", value=3)]).saved == 1


@pytest.mark.parametrize(
    "name", ["bantul_disdik_operator", "outsider_operator", "outsider", "jateng_peninjau"]
)
def test_cannot_read_another_agencys_figures(request: Any, name: str, dinkes: Agency) -> None:
    actor = request.getfixturevalue(name)
    for read in (
        selectors.figures_get,
        selectors.needs_for_agency,
        selectors.completeness_for_agency,
    ):
        with pytest.raises(PermissionDenied):
            read(actor=actor, agency=dinkes, year=YEAR)
    with pytest.raises(PermissionDenied):
        selectors.agency_get(actor=actor, region=dinkes.region, code="dinkes")


def test_operator_sees_only_own_agency_in_pemda_views(bantul_operator: Any, dinkes: Agency) -> None:
    rows, _total = selectors.completeness_for_region(
        actor=bantul_operator, region=dinkes.region, year=YEAR
    )
    assert [r.agency for r in rows] == [dinkes]


@pytest.mark.parametrize("name", ["outsider", "outsider_operator", "jateng_peninjau"])
def test_outsiders_read_no_pemda_view(request: Any, name: str, dinkes: Agency) -> None:
    actor = request.getfixturevalue(name)
    for read in (
        selectors.completeness_for_region,
        selectors.needs_for_region,
        selectors.windows_get,
        selectors.unit_prices_get,
    ):
        with pytest.raises(PermissionDenied):
            read(actor=actor, region=dinkes.region, year=YEAR)


@pytest.mark.parametrize("name", ["bantul_verifikator", "diy_peninjau", "kemendagri"])
def test_verifiers_and_reviewers_read(request: Any, name: str, dinkes: Agency) -> None:
    sheet = selectors.figures_get(actor=request.getfixturevalue(name), agency=dinkes, year=YEAR)
    assert "K4" in sheet.state.services
    assert not sheet.writable
