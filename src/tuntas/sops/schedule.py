"""The plan of an SOP run: which tasks it has and when each is due. Pure, no ORM.

Activities run one after the other in number order. A periodic activity ("3 bulan" monitoring,
"12 bulan" running all year) does not hold up the chain: it opens together with the activity
after it and recurs, one occurrence per cycle within the fiscal year (four for "3 bulan").
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from .standard_time import StandardTime, TimeUnit, parse_standard_time
from .workdays import add_working_days, due_at, is_working_day

__all__ = [
    "Activity",
    "PlannedTask",
    "activities",
    "pause_shifted",
    "plan",
    "return_target",
    "task_due",
]

# When the clock of a step in minutes or hours starts if the step opens on a day off.
OFFICE_OPENS = time(8)


@dataclass(frozen=True)
class Activity:
    number: int
    section: str
    description: str
    actor: str
    time: StandardTime
    periodic: bool
    data: dict[str, Any]

    @property
    def occurrences(self) -> int:
        """How many times a periodic activity recurs in a fiscal year (12 months / cycle)."""
        if not self.periodic:
            return 1
        amount, unit = self.time.max_duration()
        months = int(amount) if unit is TimeUnit.BULAN else 12
        return max(1, 12 // max(1, months))

    @property
    def returns_to(self) -> int | None:
        decision = self.data.get("decision")
        return decision["no_goes_to"] if decision else None


def activities(document: dict[str, Any]) -> list[Activity]:
    """The activities of a validated SOP document, in order."""
    result = []
    for section in document["procedure"]["sections"]:
        for item in section["activities"]:
            time = parse_standard_time(item["standard_time"])
            result.append(
                Activity(
                    number=item["number"],
                    section=section["title"],
                    description=" ".join(item["description"].split()),
                    actor=item["actor"],
                    time=time,
                    periodic=item.get("periodic", time.periodic),
                    data=item,
                )
            )
    return result


def return_target(items: list[Activity], number: int) -> int | None:
    """The step activity `number` sends work back to: its decision's target, else the step
    before it that holds up the chain; None for the first step."""
    index = next(i for i, a in enumerate(items) if a.number == number)
    if items[index].returns_to:
        return items[index].returns_to
    earlier = [a for a in items[:index] if not a.periodic]
    return earlier[-1].number if earlier else None


def task_due(
    start: datetime, standard: StandardTime, extra_holidays: frozenset[date] = frozenset()
) -> datetime:
    """When a step that opens at `start` is due. Minutes and hours are working time: a step
    opened on a weekend or holiday starts counting when the office opens on the next working
    day. Other units follow workdays.due_at."""
    _amount, unit = standard.max_duration()
    if unit in (TimeUnit.MENIT, TimeUnit.JAM) and not is_working_day(start.date(), extra_holidays):
        next_day = add_working_days(start.date(), 1, extra_holidays)
        start = datetime.combine(next_day, OFFICE_OPENS, tzinfo=start.tzinfo)
    return due_at(start, standard, extra_holidays)


@dataclass(frozen=True)
class PlannedTask:
    activity: Activity
    occurrence: int
    start: datetime
    due: datetime


def plan(
    items: list[Activity], start: datetime, extra_holidays: frozenset[date] = frozenset()
) -> Iterator[PlannedTask]:
    """Every task of a run started at `start`, with its planned start and due date."""
    cursor = start
    for activity in items:
        if activity.periodic:
            occurrence_start = cursor
            for occurrence in range(1, activity.occurrences + 1):
                due = task_due(occurrence_start, activity.time, extra_holidays)
                yield PlannedTask(activity, occurrence, occurrence_start, due)
                occurrence_start = due
            continue
        due = task_due(cursor, activity.time, extra_holidays)
        yield PlannedTask(activity, 1, cursor, due)
        cursor = due


def pause_shifted(
    due: datetime,
    paused_since: datetime,
    resumed_at: datetime,
    extra_holidays: frozenset[date] = frozenset(),
) -> datetime:
    """The due date after a pause: later by the working days the pause covered.

    A pause within one day moves the due date by its clock time; a longer pause moves it by
    the number of working days it took, so a returned document held over a weekend costs
    the step no working day.
    """
    lost = 0
    day = paused_since.date()
    while day < resumed_at.date():
        day += timedelta(days=1)
        if is_working_day(day, extra_holidays):
            lost += 1
    if lost == 0:
        return due + (resumed_at - paused_since)
    shifted = add_working_days(due.date(), lost, extra_holidays)
    return datetime.combine(shifted, due.timetz())
