"""Each validation rule of data/rules.yaml, through the pure evaluator and through the save."""

from decimal import Decimal as D
from typing import Any

import pytest

from tuntas.figures.fields import FigureKey
from tuntas.figures.services import BudgetLineInput, budget_line_save
from tuntas.figures.validation import ServiceShape, evaluate, load_rules, parse_rules

from .conftest import YEAR, ch

SHAPE = ServiceShape("K4", goods=("K4-B01",), personnel=("K4-S02",), names={"K4-B01": "Vaksin Td"})


def run(values: dict[FigureKey, D | None]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for v in evaluate(load_rules(), values, [SHAPE]):
        out.setdefault(v.rule, []).append(v)
    return out


def K(quarter: int, key: str, item: str = "") -> FigureKey:
    return FigureKey("K4", quarter, key, item)


def test_non_negative() -> None:
    found = run({K(0, "target"): D(-1), K(0, "available", "K4-B01"): D(-2)})
    assert {v.figure for v in found["tidak_negatif"]} == {
        K(0, "target"),
        K(0, "available", "K4-B01"),
    }
    assert "Vaksin Td" in found["tidak_negatif"][1].message
    assert all(v.blocking for v in found["tidak_negatif"])


def test_whole_numbers() -> None:
    found = run({K(0, "target"): D("10.5"), K(0, "staff", "K4-S02"): D(2)})
    assert [v.figure for v in found["bilangan_bulat"]] == [K(0, "target")]
    assert "10,5" in found["bilangan_bulat"][0].message


def test_served_at_most_target() -> None:
    found = run({K(0, "target"): D(100), K(2, "served"): D(101), K(1, "served"): D(100)})
    [v] = found["dilayani_maks_sasaran"]
    assert v.figure == K(2, "served") and v.related == (K(0, "target"),)
    assert "101" in v.message and "100" in v.message


def test_realised_at_most_budget() -> None:
    found = run({K(0, "budget"): D(1_000_000), K(3, "realised"): D(1_500_000)})
    [v] = found["realisasi_maks_anggaran"]
    assert v.figure == K(3, "realised")
    assert "Rp1.500.000" in v.message


def test_cumulative_quarters_do_not_decrease_skipping_empty_ones() -> None:
    found = run({K(1, "served"): D(50), K(3, "served"): D(40), K(4, "served"): D(60)})
    [v] = found["kumulatif_tidak_menurun"]
    assert v.figure == K(3, "served") and v.related == (K(1, "served"),)


def test_delivered_above_available_is_a_warning() -> None:
    found = run({K(0, "available", "K4-B01"): D(5), K(1, "delivered", "K4-B01"): D(6)})
    [v] = found["tersalur_maks_tersedia"]
    assert not v.blocking


def test_required_target_and_budget_are_warnings() -> None:
    found = run({})
    assert [v.figure for v in found["sasaran_wajib"]] == [K(0, "target")]
    assert [v.figure for v in found["anggaran_wajib"]] == [K(0, "budget")]
    assert not any(v.blocking for v in found["sasaran_wajib"] + found["anggaran_wajib"])


def test_rules_file_rejects_unknown_kinds_and_keys() -> None:
    with pytest.raises(ValueError, match="jenis"):
        parse_rules({"rules": [{"code": "x", "kind": "between", "message": "m"}]})
    with pytest.raises(ValueError, match="kunci"):
        parse_rules({"rules": [{"code": "x", "kind": "ge0", "keys": ["nope"], "message": "m"}]})


# Through the save: blocking rules refuse the whole batch, and stored figures count too.


def test_save_refuses_served_above_stored_target(save: Any, bantul_operator: Any) -> None:
    assert save(bantul_operator, [ch("K4", None, "target", value=100)]).saved == 1
    result = save(
        bantul_operator, [ch("K4", 1, "served", value=80), ch("K4", 2, "served", value=120)]
    )
    assert [e.code for e in result.errors] == ["dilayani_maks_sasaran"]
    assert result.errors[0].location.quarter == 2
    assert result.saved == 0


def test_lowering_target_below_served_is_refused(save: Any, bantul_operator: Any) -> None:
    save(bantul_operator, [ch("K4", None, "target", value=100), ch("K4", 1, "served", value=90)])
    result = save(bantul_operator, [ch("K4", None, "target", value=50)])
    assert [e.code for e in result.errors] == ["dilayani_maks_sasaran"]
    assert result.errors[0].location.index == 0


def test_save_refuses_decrease_and_negative(save: Any, bantul_operator: Any) -> None:
    result = save(
        bantul_operator,
        [
            ch("K4", 1, "delivered", "K4-B01", 30),
            ch("K4", 2, "delivered", "K4-B01", 20),
            ch("K4", None, "available", "K4-B02", "-5"),
        ],
    )
    assert sorted(e.code for e in result.errors) == ["kumulatif_tidak_menurun", "tidak_negatif"]


def test_realised_above_budget_lines_is_refused(
    save: Any, bantul_operator: Any, dinkes: Any
) -> None:
    budget_line_save(
        actor=bantul_operator,
        agency=dinkes,
        year=YEAR,
        service_code="K4",
        data=BudgetLineInput(
            "1.02.02.2.02.0001", "Pengelolaan Pelayanan Kesehatan Ibu Hamil", "1.000.000"
        ),
    )
    ok = save(bantul_operator, [ch("K4", 1, "realised", value="400.000")])
    assert ok.saved == 1
    result = save(bantul_operator, [ch("K4", 2, "realised", value="1.000.001")])
    assert [e.code for e in result.errors] == ["realisasi_maks_anggaran"]


def test_warnings_do_not_block(save: Any, bantul_operator: Any) -> None:
    result = save(
        bantul_operator,
        [ch("K4", None, "available", "K4-B01", 5), ch("K4", 1, "delivered", "K4-B01", 6)],
    )
    assert result.saved == 2
    assert [w.code for w in result.warnings] == ["tersalur_maks_tersedia"]
