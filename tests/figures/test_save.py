"""The batch write: addressing errors, all-or-nothing, audit, and lost updates."""

from decimal import Decimal as D
from typing import Any

import pytest

from tuntas.figures.models import FigureValue
from tuntas.figures.services import ConcurrentEditError

from .conftest import YEAR, ch


def stored(dinkes: Any, **kw: Any) -> FigureValue:
    return FigureValue.objects.get(agency=dinkes, year=YEAR, **kw)


def test_saves_every_stage_figure_kind(save: Any, bantul_operator: Any, dinkes: Any) -> None:
    result = save(
        bantul_operator,
        [
            ch("K4", None, "target", value="1.200"),
            ch("K4", None, "available", "K4-B02", "30.000,5"),
            ch("K4", None, "staff", "K4-S02", 7),
            ch("K4", 1, "served", value=300),
            ch("K4", 1, "problems", value="Stok vaksin terlambat"),
        ],
    )
    assert result.ok and result.saved == 5
    assert stored(dinkes, key="target").value == D(1200)
    assert stored(dinkes, key="available", item__code="K4-B02").value == D("30000.5")
    assert stored(dinkes, key="problems", quarter=1).text == "Stok vaksin terlambat"
    target = stored(dinkes, key="target")
    assert target.version == 1 and target.source == "entered"
    assert target.history.first().history_user == bantul_operator  # type: ignore[attr-defined]


def test_every_bad_address_is_reported_and_nothing_saved(
    save: Any, bantul_operator: Any, dinkes: Any
) -> None:
    result = save(
        bantul_operator,
        [
            ch("K4", None, "target", value=10),
            ch("K1", None, "target", value=10),  # Disdik's service
            ch("K4", None, "nilai", value=1),
            ch("K4", 5, "served", value=1),
            ch("K4", None, "served", value=1),
            ch("K4", 1, "target", value=1),
            ch("K4", None, "available", "K4-S01", 1),  # personnel item as goods
            ch("K4", None, "target", "K4-B01", 1),
            ch("K4", 1, "served", value="sepuluh"),
            ch("K4", 2, "served", value="1,234"),
            ch("K4", None, "target", value=11),  # twice
        ],
    )
    assert [e.location.index for e in result.errors] == list(range(1, 11))
    assert "tidak mengampu jenis pelayanan K1" in result.errors[0].message
    assert "'sepuluh' bukan angka" in result.errors[7].message
    assert "lebih dari sekali" in result.errors[9].message
    assert not FigureValue.objects.filter(agency=dinkes, year=YEAR).exists()


def test_dry_run_checks_without_writing(save: Any, bantul_operator: Any, dinkes: Any) -> None:
    result = save(bantul_operator, [ch("K4", None, "target", value=10)], dry_run=True)
    assert result.ok and result.dry_run and result.saved == 0
    assert not FigureValue.objects.filter(agency=dinkes, year=YEAR).exists()


def test_unchanged_value_is_not_rewritten(save: Any, bantul_operator: Any, dinkes: Any) -> None:
    save(bantul_operator, [ch("K4", None, "target", value=10)])
    result = save(bantul_operator, [ch("K4", None, "target", value="10", version=1)])
    assert result.saved == 0
    assert stored(dinkes, key="target").version == 1


def test_lost_update_is_refused_and_names_who_changed_it(
    save: Any, bantul_operator: Any, bantul_kepala: Any, dinkes: Any
) -> None:
    save(bantul_operator, [ch("K4", None, "target", value=100)])
    # Both open the page at version 1; the kepala saves first.
    assert save(bantul_kepala, [ch("K4", None, "target", value=120, version=1)]).saved == 1
    with pytest.raises(ConcurrentEditError) as caught:
        save(
            bantul_operator,
            [
                ch("K4", None, "staff", "K4-S02", 3, 0),
                ch("K4", None, "target", value=110, version=1),
            ],
        )
    [conflict] = caught.value.conflicts
    assert conflict.changed_by == bantul_kepala.display_name
    assert conflict.version == 2 and conflict.value == "120"
    assert "Sasaran penerima" in str(caught.value) and bantul_kepala.display_name in str(
        caught.value
    )
    assert stored(dinkes, key="target").value == D(120)
    assert not FigureValue.objects.filter(agency=dinkes, year=YEAR, key="staff").exists()


def test_new_figure_created_meanwhile_is_a_conflict(
    save: Any, bantul_operator: Any, bantul_kepala: Any
) -> None:
    save(bantul_kepala, [ch("K4", None, "target", value=100, version=0)])
    with pytest.raises(ConcurrentEditError):
        save(bantul_operator, [ch("K4", None, "target", value=90, version=0)])


def test_without_version_overwrites_and_reports(
    save: Any, bantul_operator: Any, bantul_kepala: Any, dinkes: Any
) -> None:
    save(bantul_kepala, [ch("K4", None, "target", value=100)])
    result = save(bantul_operator, [ch("K4", None, "target", value=90)])
    assert result.saved == 1
    [warning] = result.warnings
    assert warning.code == "overwritten" and bantul_kepala.display_name in warning.message
    assert stored(dinkes, key="target").value == D(90)
    history = stored(dinkes, key="target").history.order_by("history_date")  # type: ignore[attr-defined]
    assert [h.value for h in history] == [D(100), D(90)]


def test_target_source_recipients(save: Any, bantul_operator: Any, dinkes: Any) -> None:
    from tuntas.figures.services import FigureChange

    result = save(
        bantul_operator,
        [
            FigureChange("K4", None, "target", "", 42, None, "recipients"),
            FigureChange("K4", None, "available", "K4-B02", 4, None, "recipients"),
        ],
    )
    # By-name rows give a target and served counts, never goods in stock.
    assert [e.location.key for e in result.errors] == ["available"]
    assert (
        save(
            bantul_operator, [FigureChange("K4", None, "target", "", 42, None, "recipients")]
        ).saved
        == 1
    )
    assert stored(dinkes, key="target").source == "recipients"


def test_floats_from_spreadsheets_keep_their_decimal_value(
    save: Any, bantul_operator: Any, dinkes: Any
) -> None:
    result = save(bantul_operator, [ch("K4", None, "available", "K4-B02", 12.3)])
    assert result.saved == 1
    assert stored(dinkes, key="available").value == D("12.3")
    refused = save(bantul_operator, [ch("K4", None, "available", "K4-B01", 0.125)])
    assert "dua angka di belakang koma" in refused.errors[0].message


def test_rules_still_judge_the_readable_changes(save: Any, bantul_operator: Any) -> None:
    result = save(
        bantul_operator,
        [
            ch("K4", None, "target", value=10),
            ch("K4", 1, "served", value="sebelas"),
            ch("K4", 2, "served", value=12),
        ],
    )
    assert [(e.code, e.location.index) for e in result.errors] == [
        ("invalid", 1),
        ("dilayani_maks_sasaran", 2),
    ]
