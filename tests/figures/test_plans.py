"""Stage 3: budget lines with nomenclature codes and the Rencana Aksi."""

import datetime as dt
from decimal import Decimal as D
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tuntas.figures.models import ActionItem, BudgetLine
from tuntas.figures.services import (
    ActionInput,
    BudgetLineInput,
    ConcurrentEditError,
    PlanInput,
    action_item_delete,
    action_item_save,
    budget_line_delete,
    budget_line_save,
    nomenclature_level,
    plans_replace,
)

from .conftest import YEAR, ch

ACTION = ActionInput(
    "Cakupan K6 rendah",
    "Sweeping ibu hamil",
    "Kepala Puskesmas",
    dt.date(2025, 6, 30),
    cause="Kurang kader",
)


def test_nomenclature_levels() -> None:
    assert nomenclature_level("1.02.02") == "program"
    assert nomenclature_level("1.02.02.2.02") == "kegiatan"
    assert nomenclature_level("1.02.02.2.02.0001") == "sub_kegiatan"
    assert nomenclature_level("1.2.02.2.02.0001") is None


def test_budget_line_add_edit_delete_with_versions(
    bantul_operator: Any, bantul_kepala: Any, dinkes: Any
) -> None:
    data = BudgetLineInput(
        "1.02.02.2.02.0001", "Pengelolaan Pelayanan Kesehatan Ibu Hamil", "2.500.000"
    )
    line = budget_line_save(
        actor=bantul_operator, agency=dinkes, year=YEAR, service_code="K4", data=data
    )
    assert line.amount == D(2500000) and line.version == 1
    budget_line_save(
        actor=bantul_kepala,
        agency=dinkes,
        year=YEAR,
        service_code="K4",
        data=BudgetLineInput(data.code, data.name, 3_000_000),
        line=line,
        expected_version=1,
    )
    with pytest.raises(ConcurrentEditError):
        budget_line_save(
            actor=bantul_operator,
            agency=dinkes,
            year=YEAR,
            service_code="K4",
            data=BudgetLineInput(data.code, data.name, 1),
            line=line,
            expected_version=1,
        )
    with pytest.raises(ValidationError, match="pola"):
        budget_line_save(
            actor=bantul_operator,
            agency=dinkes,
            year=YEAR,
            service_code="K4",
            data=BudgetLineInput("1.02.2", "X", 1),
        )
    budget_line_delete(actor=bantul_operator, line=line, expected_version=2)
    assert not BudgetLine.objects.filter(pk=line.pk).exists()


def test_cutting_budget_below_realised_is_refused(
    save: Any, bantul_operator: Any, dinkes: Any
) -> None:
    line = budget_line_save(
        actor=bantul_operator,
        agency=dinkes,
        year=YEAR,
        service_code="K4",
        data=BudgetLineInput("1.02.02.2.02.0001", "Ibu hamil", 1000),
    )
    save(bantul_operator, [ch("K4", 1, "realised", value=800)])
    with pytest.raises(ValidationError, match="melebihi"):
        budget_line_save(
            actor=bantul_operator,
            agency=dinkes,
            year=YEAR,
            service_code="K4",
            data=BudgetLineInput(line.code, line.name, 700),
            line=line,
            expected_version=1,
        )
    with pytest.raises(ValidationError, match="melebihi"):
        budget_line_delete(actor=bantul_operator, line=line, expected_version=1)


def test_action_items(bantul_operator: Any, dinkes: Any) -> None:
    item = action_item_save(
        actor=bantul_operator, agency=dinkes, year=YEAR, service_code="K4", data=ACTION
    )
    assert item.status == ActionItem.Status.PLANNED
    with pytest.raises(ValidationError) as caught:
        action_item_save(
            actor=bantul_operator,
            agency=dinkes,
            year=YEAR,
            service_code="K4",
            data=ActionInput("", "", "", None),
        )
    assert set(caught.value.message_dict) == {"problem", "action", "person_in_charge", "deadline"}
    action_item_delete(actor=bantul_operator, item=item, expected_version=1)
    assert not ActionItem.objects.filter(pk=item.pk).exists()


def test_plans_replace_all_or_nothing(bantul_operator: Any, dinkes: Any) -> None:
    good = PlanInput("K4", [BudgetLineInput("1.02.02.2.02.0001", "Ibu hamil", "1.000")], [ACTION])
    bad = PlanInput(
        "K5", [BudgetLineInput("x", "", "-1")], [ActionInput("p", "a", "pj", None, status="entah")]
    )
    result = plans_replace(
        actor=bantul_operator, region=dinkes.region, year=YEAR, agency=dinkes, plans=[good, bad]
    )
    assert sorted((e.location.key, e.location.column) for e in result.errors) == [
        ("action", "deadline"),
        ("action", "status"),
        ("budget_line", "amount"),
        ("budget_line", "code"),
        ("budget_line", "name"),
    ]
    assert not BudgetLine.objects.filter(agency=dinkes, year=YEAR).exists()
    result = plans_replace(
        actor=bantul_operator, region=dinkes.region, year=YEAR, agency=dinkes, plans=[good]
    )
    assert result.saved == 2
    assert BudgetLine.objects.get(agency=dinkes, year=YEAR).amount == D(1000)
