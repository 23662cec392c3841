"""Input windows: default close dates, closing, reopening with a reason, and locks."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.conftest import set_bantul_windows
from tuntas.figures.models import FigureLock
from tuntas.figures.services import figures_lock, figures_save, window_reopen, window_set
from tuntas.figures.windows import default_closes_on

from .conftest import YEAR, ch


def test_default_close_is_the_20th_of_the_month_after_the_quarter() -> None:
    assert default_closes_on(2026, 1) == dt.date(2026, 4, 20)
    assert default_closes_on(2026, 3) == dt.date(2026, 10, 20)
    assert default_closes_on(2026, 4) == dt.date(2027, 1, 20)


def _save_q2(actor: Any, dinkes: Any) -> Any:
    return figures_save(
        actor=actor,
        region=dinkes.region,
        year=YEAR,
        agency=dinkes,
        changes=[ch("K4", 2, "served", value=5), ch("K4", None, "target", value=10)],
    )


def test_closed_quarter_refuses_until_reopened_with_reason(
    bantul_koordinator: Any, bantul_operator: Any, dinkes: Any
) -> None:
    today = timezone.localdate()
    window_set(
        actor=bantul_koordinator,
        region=dinkes.region,
        year=YEAR,
        quarter=2,
        closes_on=today - dt.timedelta(days=1),
    )
    result = _save_q2(bantul_operator, dinkes)
    [error] = result.errors
    assert error.code == "window_closed" and "ditutup" in error.message
    assert result.saved == 0  # the yearly target in the same batch is not saved either

    with pytest.raises(ValidationError):
        window_reopen(
            actor=bantul_koordinator,
            region=dinkes.region,
            year=YEAR,
            quarter=2,
            until=today + dt.timedelta(days=3),
            reason="  ",
        )
    with pytest.raises(PermissionDenied):
        window_reopen(
            actor=bantul_operator,
            region=dinkes.region,
            year=YEAR,
            quarter=2,
            until=today + dt.timedelta(days=3),
            reason="Data puskesmas terlambat",
        )
    window = window_reopen(
        actor=bantul_koordinator,
        region=dinkes.region,
        year=YEAR,
        quarter=2,
        until=today + dt.timedelta(days=3),
        reason="Data puskesmas terlambat",
    )
    assert window.history.first().history_user == bantul_koordinator  # type: ignore[attr-defined]
    assert _save_q2(bantul_operator, dinkes).saved == 2


def test_yearly_stages_ignore_quarter_windows(
    bantul_koordinator: Any, bantul_operator: Any, dinkes: Any
) -> None:
    set_bantul_windows(YEAR, days=-1)
    result = figures_save(
        actor=bantul_operator,
        region=dinkes.region,
        year=YEAR,
        agency=dinkes,
        changes=[ch("K4", None, "target", value=10)],
    )
    assert result.saved == 1


def test_only_the_koordinator_sets_windows(
    bantul_operator: Any, outsider: Any, dinkes: Any
) -> None:
    for actor in (bantul_operator, outsider):
        with pytest.raises(PermissionDenied):
            window_set(
                actor=actor,
                region=dinkes.region,
                year=YEAR,
                quarter=1,
                closes_on=dt.date(2025, 5, 1),
            )


def test_locked_quarter_refuses_writes(
    save: Any, bantul_koordinator: Any, bantul_operator: Any, dinkes: Any
) -> None:
    figures_lock(
        actor=bantul_koordinator, agency=dinkes, year=YEAR, quarter=1, reason="Disahkan Sekda"
    )
    assert FigureLock.objects.filter(agency=dinkes, year=YEAR, quarter=1).exists()
    result = save(bantul_operator, [ch("K4", 1, "served", value=1), ch("K4", 2, "served", value=2)])
    assert [e.code for e in result.errors] == ["locked"]
    assert result.errors[0].location.quarter == 1
    assert save(bantul_operator, [ch("K4", 2, "served", value=2)]).saved == 1
