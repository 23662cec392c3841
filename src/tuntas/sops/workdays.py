"""The SOP clock: working days and due dates for a standard time.

Working days are Monday to Friday minus the national holidays and the cuti bersama (joint leave
for civil servants), both taken from the `holidays` package (category "public" for the hari libur
nasional, "government" for the cuti bersama of the SKB 3 Menteri), minus the holidays a Pemda adds
itself (passed in as `extra_holidays`). Cuti bersama is only known once it is decreed, so for
future years the package knows the national holidays alone; the Pemda's extra holidays fill the gap.
"""

import calendar
import math
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from holidays.constants import GOVERNMENT, PUBLIC

from .standard_time import StandardTime, TimeUnit

__all__ = ["add_months", "add_working_days", "due_at", "is_working_day", "national_holidays"]

_NO_HOLIDAYS: frozenset[date] = frozenset()


@lru_cache(maxsize=64)
def national_holidays(year: int) -> frozenset[date]:
    """Hari libur nasional and cuti bersama in Indonesia for one year."""
    calendar_ = holidays.country_holidays("ID", years=year, categories=(PUBLIC, GOVERNMENT))
    return frozenset(calendar_.keys())


def is_working_day(d: date, extra_holidays: frozenset[date] = _NO_HOLIDAYS) -> bool:
    """True on Monday to Friday that is neither a national holiday, cuti bersama nor extra."""
    return d.weekday() < 5 and d not in national_holidays(d.year) and d not in extra_holidays


def add_working_days(start: date, n: int, extra_holidays: frozenset[date] = _NO_HOLIDAYS) -> date:
    """The n-th working day after `start`; the start day itself never counts (n=0 is `start`)."""
    if n < 0:
        raise ValueError("n must not be negative")
    current = start
    remaining = n
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current, extra_holidays):
            remaining -= 1
    return current


def add_months(start: datetime, months: int) -> datetime:
    """Calendar months later, on the same day or the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)


def due_at(
    start: datetime, time: StandardTime, extra_holidays: frozenset[date] = _NO_HOLIDAYS
) -> datetime:
    """When an activity started at `start` is due, by the longest time of its first alternative.

    menit and jam add clock time, hari calendar days, minggu 7 days; hari kerja counts working
    days and bulan calendar months, both keeping the time of day. A fractional count of working
    days or months ("1,5 bulan") is rounded up: the part-unit still grants that whole unit.
    """
    amount, unit = time.max_duration()
    match unit:
        case TimeUnit.MENIT:
            return start + timedelta(minutes=float(amount))
        case TimeUnit.JAM:
            return start + timedelta(hours=float(amount))
        case TimeUnit.HARI:
            return start + timedelta(days=float(amount))
        case TimeUnit.MINGGU:
            return start + timedelta(weeks=float(amount))
        case TimeUnit.HARI_KERJA:
            day = add_working_days(start.date(), math.ceil(amount), extra_holidays)
            return datetime.combine(day, start.timetz())
        case TimeUnit.BULAN:
            return add_months(start, math.ceil(amount))
    raise AssertionError(f"unhandled unit {unit!r}")  # pragma: no cover
