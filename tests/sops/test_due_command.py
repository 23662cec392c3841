"""`tuntas sop due`: the due date in ISO form on the Pemda's working-day calendar."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tuntas.sops.models import PemdaHoliday

pytestmark = pytest.mark.django_db


def _due(*args: str) -> str:
    out = StringIO()
    call_command("sop", "due", *args, stdout=out)
    return out.getvalue().strip()


def test_across_cuti_bersama_christmas_and_the_weekend() -> None:
    # From Monday 21 December: 22, 23, (24 cuti bersama, 25 Christmas, 26-27 weekend), 28,
    # 29, 30.
    assert _due("--region", "34.02", "--start", "2026-12-21", "--time", "5 hari kerja") == (
        "2026-12-30"
    )


def test_a_pemda_holiday_moves_the_due_date_for_that_pemda_only() -> None:
    PemdaHoliday.objects.create(region_id="34.02", date=dt.date(2026, 12, 29), name="Cuti daerah")
    args = ["--start", "2026-12-21", "--time", "5 hari kerja"]
    assert _due("--region", "34.02", *args) == "2026-12-31"
    assert _due("--region", "34.01", *args) == "2026-12-30"


def test_across_eid_al_fitr_national_holidays() -> None:
    # 19 March Nyepi, 18 and 20 cuti bersama, 21-22 Idulfitri (weekend), 23-24 cuti bersama.
    assert _due("--region", "34.02", "--start", "2026-03-17", "--time", "2 hari kerja") == (
        "2026-03-26"
    )


def test_unreadable_time_is_an_error_naming_the_text() -> None:
    with pytest.raises(CommandError, match="'5 windu'"):
        _due("--region", "34.02", "--start", "2026-12-21", "--time", "5 windu")
