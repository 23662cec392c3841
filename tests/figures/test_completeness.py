"""Keterisian per stage and quarter, for an agency and the Pemda."""

from typing import Any

from tuntas.figures.completeness import Share, completeness, required_keys
from tuntas.figures.fields import FigureKey
from tuntas.figures.selectors import completeness_for_agency, completeness_for_region
from tuntas.figures.services import BudgetLineInput, budget_line_save
from tuntas.figures.validation import ServiceShape

from .conftest import YEAR, ch


def test_pure_shares() -> None:
    shape = ServiceShape("K4", goods=("B1", "B2"), personnel=("S1",), names={})
    required = required_keys([shape])
    # stage 1: target + 2 goods + 1 staff; stage 3: budget; each quarter: served, realised, 2 goods
    assert len(required) == 4 + 1 + 4 * 4
    filled = [
        FigureKey("K4", 0, "target"),
        FigureKey("K4", 0, "available", "B1"),
        FigureKey("K4", 2, "served"),
        FigureKey("K4", 2, "problems"),
    ]
    shares = completeness(required, filled)
    assert shares["stage1"] == Share(2, 4) and shares["stage1"].percent == 50
    assert shares["q2"] == Share(1, 4)
    assert shares["q1"] == Share(0, 4)
    assert shares["stage3"] == Share(0, 1)


def test_agency_and_pemda_completeness(save: Any, bantul_operator: Any, dinkes: Any) -> None:
    before = completeness_for_agency(actor=bantul_operator, agency=dinkes, year=YEAR)
    save(
        bantul_operator,
        [
            ch("K4", None, "target", value=10),
            ch("K4", 1, "served", value=2),
            ch("K4", 1, "delivered", "K4-B01", None),
        ],
    )
    budget_line_save(
        actor=bantul_operator,
        agency=dinkes,
        year=YEAR,
        service_code="K4",
        data=BudgetLineInput("1.02.02.2.02.0001", "Ibu hamil", 100),
    )
    after = completeness_for_agency(actor=bantul_operator, agency=dinkes, year=YEAR)
    assert after["stage1"].filled == before["stage1"].filled + 1
    assert after["q1"].filled == before["q1"].filled + 1  # an empty value is not filled
    assert after["stage3"].filled == before["stage3"].filled + 1
    assert after["stage1"].required == before["stage1"].required

    rows, total = completeness_for_region(
        actor=bantul_operator.__class__.objects.get(username="bantul.koordinator"),
        region=dinkes.region,
        year=YEAR,
    )
    assert dinkes in [r.agency for r in rows]
    assert total["q1"].filled == sum(r.shares["q1"].filled for r in rows)
    assert total["q1"].required == sum(r.shares["q1"].required for r in rows)
