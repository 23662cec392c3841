"""Input windows (jadwal pengisian) as plain date arithmetic."""

import datetime as dt

CLOSE_DAY = 20  # the 20th of the month after the quarter, as the national reporting calendar


def default_closes_on(year: int, quarter: int) -> dt.date:
    month = quarter * 3 + 1
    return dt.date(year + 1, 1, CLOSE_DAY) if month > 12 else dt.date(year, month, CLOSE_DAY)


def is_open(today: dt.date, closes_on: dt.date, reopened_until: dt.date | None) -> bool:
    return today <= closes_on or (reopened_until is not None and today <= reopened_until)
