from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuntas.sops.standard_time import parse_standard_time
from tuntas.sops.workdays import (
    add_months,
    add_working_days,
    due_at,
    is_working_day,
    national_holidays,
)

WIB = timezone(timedelta(hours=7), "WIB")


def test_weekend_is_not_a_working_day() -> None:
    assert not is_working_day(date(2026, 1, 3))  # Saturday
    assert not is_working_day(date(2026, 1, 4))  # Sunday
    assert is_working_day(date(2026, 1, 5))  # Monday


def test_national_holidays_and_cuti_bersama_come_from_the_holidays_package() -> None:
    days_2026 = national_holidays(2026)
    assert date(2026, 8, 17) in days_2026  # Hari Kemerdekaan
    assert date(2026, 12, 25) in days_2026  # Natal
    assert date(2026, 12, 24) in days_2026  # cuti bersama Natal ("government" category)
    assert date(2025, 12, 26) in national_holidays(2025)  # cuti bersama Natal 2025
    assert not is_working_day(date(2026, 12, 24))
    assert not is_working_day(date(2026, 12, 25))
    assert is_working_day(date(2026, 12, 23))


def test_christmas_2026_and_the_weekend_are_skipped() -> None:
    # Wed 23 Dec; Thu 24 cuti bersama, Fri 25 Natal, then the weekend.
    assert add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)


def test_eid_al_fitr_2026_with_its_cuti_bersama_is_skipped() -> None:
    # Tue 17 Mar 2026; 18 cuti bersama Nyepi, 19 Nyepi, 20 cuti bersama Idul Fitri,
    # 21-22 Idul Fitri (a weekend), 23-24 cuti bersama Idul Fitri.
    assert add_working_days(date(2026, 3, 17), 1) == date(2026, 3, 25)
    assert add_working_days(date(2026, 3, 17), 2) == date(2026, 3, 26)


def test_new_year_across_the_year_boundary() -> None:
    # 28-31 Dec 2026 are working days, 1 Jan 2027 is Tahun Baru, 2-3 Jan a weekend.
    assert add_working_days(date(2026, 12, 23), 5) == date(2027, 1, 4)


def test_start_day_does_not_count() -> None:
    assert add_working_days(date(2026, 1, 5), 0) == date(2026, 1, 5)
    assert add_working_days(date(2026, 1, 5), 1) == date(2026, 1, 6)
    assert add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 12)  # Friday to Monday
    assert add_working_days(date(2026, 1, 3), 1) == date(2026, 1, 5)  # from a Saturday


def test_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2026, 1, 5), -1)


def test_extra_pemda_holidays_are_respected() -> None:
    # e.g. a regency's anniversary declared a local holiday.
    extra = frozenset({date(2026, 1, 6), date(2026, 1, 7)})
    assert not is_working_day(date(2026, 1, 6), extra)
    assert is_working_day(date(2026, 1, 6))
    assert add_working_days(date(2026, 1, 5), 1, extra) == date(2026, 1, 8)
    assert add_working_days(date(2026, 1, 5), 1) == date(2026, 1, 6)


@given(
    start=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    n=st.integers(min_value=0, max_value=40),
    extra=st.frozensets(st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 6, 30))),
)
def test_add_working_days_counts_exactly_n_working_days(
    start: date, n: int, extra: frozenset[date]
) -> None:
    end = add_working_days(start, n, extra)
    assert end >= start
    days = [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(is_working_day(d, extra) for d in days) == n
    if n:
        assert is_working_day(end, extra)


# --- due dates -------------------------------------------------------------------------------


def due(start: datetime, text: str, extra: frozenset[date] = frozenset()) -> datetime:
    return due_at(start, parse_standard_time(text), extra)


def test_due_at_minutes_and_hours_add_clock_time() -> None:
    start = datetime(2026, 1, 5, 10, 0, tzinfo=WIB)
    assert due(start, "30 menit") == datetime(2026, 1, 5, 10, 30, tzinfo=WIB)
    assert due(start, "30 \u2013 45 menit") == datetime(2026, 1, 5, 10, 45, tzinfo=WIB)
    assert due(start, "1,5 jam") == datetime(2026, 1, 5, 11, 30, tzinfo=WIB)
    assert due(start, "16 jam") == datetime(2026, 1, 6, 2, 0, tzinfo=WIB)


def test_due_at_uses_the_first_alternative() -> None:
    start = datetime(2026, 1, 5, 10, 0)
    text = "30 menit atau 1-2 hari perjalanan dinas"
    assert due(start, text) == datetime(2026, 1, 5, 10, 30)


def test_due_at_calendar_days_and_weeks_ignore_holidays() -> None:
    start = datetime(2026, 12, 23, 9, 0)
    assert due(start, "1 hari") == datetime(2026, 12, 24, 9, 0)
    assert due(start, "1-2 hari") == datetime(2026, 12, 25, 9, 0)
    assert due(start, "2 minggu") == datetime(2027, 1, 6, 9, 0)


def test_due_at_working_days_skip_holidays_and_keep_the_time() -> None:
    start = datetime(2026, 12, 23, 9, 15, tzinfo=WIB)
    assert due(start, "1 hari kerja") == datetime(2026, 12, 28, 9, 15, tzinfo=WIB)
    assert due(start, "2-5 hari kerja") == datetime(2027, 1, 4, 9, 15, tzinfo=WIB)
    extra = frozenset({date(2026, 12, 28)})
    assert due(start, "1 hari kerja", extra) == datetime(2026, 12, 29, 9, 15, tzinfo=WIB)


def test_due_at_fractional_working_days_round_up() -> None:
    start = datetime(2026, 1, 5, 8, 0)
    assert due(start, "1,5 hari kerja") == datetime(2026, 1, 7, 8, 0)


def test_due_at_months_are_calendar_months() -> None:
    assert due(datetime(2026, 3, 15, 8, 0), "12 bulan") == datetime(2027, 3, 15, 8, 0)
    assert due(datetime(2026, 10, 20, 8, 0), "3 bulan") == datetime(2027, 1, 20, 8, 0)
    assert due(datetime(2026, 1, 31, 8, 0), "1 bulan") == datetime(2026, 2, 28, 8, 0)
    assert due(datetime(2026, 1, 31, 8, 0), "0,5 bulan") == datetime(2026, 2, 28, 8, 0)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime(2027, 1, 31), 1, datetime(2027, 2, 28)),
        (datetime(2028, 1, 31), 1, datetime(2028, 2, 29)),
        (datetime(2026, 11, 30), 3, datetime(2027, 2, 28)),
        (datetime(2026, 5, 31), 1, datetime(2026, 6, 30)),
        (datetime(2026, 12, 1), 12, datetime(2027, 12, 1)),
        (datetime(2026, 1, 15), 25, datetime(2028, 2, 15)),
    ],
)
def test_add_months_clamps_to_month_end(start: datetime, months: int, expected: datetime) -> None:
    assert add_months(start, months) == expected
