"""Helpers for figures tests: Bantul's Dinas Kesehatan in 2025 (the demo fills 2026), with
every 2025 quarter opened by the koordinator so windows do not depend on today's date. The
demo's by-name rows give K4 a 2025 target; the tests start from a year with no figures."""

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from tests.conftest import set_bantul_windows
from tuntas.figures.models import FigureValue
from tuntas.figures.services import FigureChange, SaveResult, figures_save
from tuntas.organisation.models import Agency

YEAR = 2025


@pytest.fixture
def dinkes(db: Any) -> Agency:
    agency = Agency.objects.select_related("region").get(region_id="34.02", code="dinkes")
    FigureValue.objects.filter(agency=agency, year=YEAR).delete()
    return agency


@pytest.fixture
def open_year(dinkes: Agency) -> None:
    set_bantul_windows(YEAR, days=30)


Save = Callable[..., SaveResult]


@pytest.fixture
def save(dinkes: Agency, open_year: None) -> Save:
    def run(actor: Any, changes: Sequence[FigureChange], **kw: Any) -> SaveResult:
        agency = kw.pop("agency", dinkes)
        return figures_save(
            actor=actor, region=agency.region, year=YEAR, agency=agency, changes=changes, **kw
        )

    return run


def ch(
    service: str,
    quarter: int | None,
    key: str,
    item: str = "",
    value: Any = None,
    version: int | None = None,
) -> FigureChange:
    return FigureChange(service, quarter, key, item, value, version)
