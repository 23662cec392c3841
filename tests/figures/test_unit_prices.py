"""The SSH price list: replaced whole per Pemda and year, and used by the needs."""

from decimal import Decimal as D
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from tuntas.figures.models import UnitPrice
from tuntas.figures.selectors import needs_for_agency, unit_prices_get
from tuntas.figures.services import UnitPriceRow, unit_prices_replace

from .conftest import YEAR, ch


def test_replace_validates_every_row_then_replaces(bantul_koordinator: Any, dinkes: Any) -> None:
    region = dinkes.region
    bad = unit_prices_replace(
        actor=bantul_koordinator,
        region=region,
        year=YEAR,
        rows=[
            UnitPriceRow("K4-B02", "350"),
            UnitPriceRow("ZZ-1", "1"),
            UnitPriceRow("K4-B02", "1"),
            UnitPriceRow("K4-B01", "-5"),
        ],
    )
    assert [(e.location.index, e.location.column) for e in bad.errors] == [
        (1, "item_code"),
        (2, "item_code"),
        (3, "price"),
    ]
    assert not UnitPrice.objects.filter(region=region, year=YEAR).exists()
    unit_prices_replace(
        actor=bantul_koordinator, region=region, year=YEAR, rows=[UnitPriceRow("K4-B01", "1")]
    )
    result = unit_prices_replace(
        actor=bantul_koordinator,
        region=region,
        year=YEAR,
        rows=[UnitPriceRow("K4-B02", "350,5", "Tablet", "tablet")],
    )
    assert result.saved == 1
    prices = unit_prices_get(actor=bantul_koordinator, region=region, year=YEAR)
    assert list(prices) == ["K4-B02"] and prices["K4-B02"].price == D("350.5")


def test_operators_cannot_set_prices(bantul_operator: Any, outsider: Any, dinkes: Any) -> None:
    for actor in (bantul_operator, outsider):
        with pytest.raises(PermissionDenied):
            unit_prices_replace(actor=actor, region=dinkes.region, year=YEAR, rows=[])


def test_needs_use_figures_norms_and_prices(
    save: Any, bantul_koordinator: Any, bantul_operator: Any, dinkes: Any
) -> None:
    unit_prices_replace(
        actor=bantul_koordinator,
        region=dinkes.region,
        year=YEAR,
        rows=[UnitPriceRow("K4-B02", "350"), UnitPriceRow("K4-B01", "20.000")],
    )
    save(
        bantul_operator,
        [
            ch("K4", None, "target", value=1200),
            ch("K4", None, "available", "K4-B02", 30000),
            ch("K4", None, "available", "K4-B01", 1500),
        ],
    )
    k4 = next(
        s
        for s in needs_for_agency(actor=bantul_operator, agency=dinkes, year=YEAR)
        if s.service_code == "K4"
    )
    by_code = {i.code: i for i in k4.items}
    assert by_code["K4-B02"].cost == D(1200 * 90 - 30000) * 350
    assert by_code["K4-B01"].gap == 0
    assert not by_code["K4-B06"].computable  # no norm in the catalog
    assert not by_code["K4-S02"].computable  # no ratio
    assert k4.total_cost == D(78000 * 350)
