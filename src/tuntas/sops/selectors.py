"""Reads of SOPs, runs and tasks, always scoped to the actor."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.utils import timezone

from tuntas.accounts.models import AGENCY_ROLES, User
from tuntas.accounts.scoping import visible_regions
from tuntas.regions.models import Region

from .models import ActorAssignment, PemdaHoliday, Run, Sop, SopVersion, Task, TaskEvent
from .schedule import Activity, activities


def extra_holidays(region: Region) -> frozenset[dt.date]:
    """The Pemda's own days off, added to the national calendar."""
    return frozenset(PemdaHoliday.objects.filter(region=region).values_list("date", flat=True))


def _sops_visible(actor: User) -> QuerySet[Sop]:
    # Agency staff see the SOPs of their Pemda too: they carry out its OPD activities.
    return Sop.objects.filter(region__in=visible_regions(actor))


def sop_list(*, actor: User) -> QuerySet[Sop]:
    return (
        _sops_visible(actor)
        .select_related("region")
        .annotate(n_versions=Count("versions"))
        .order_by("region", "code")
    )


def sop_get(*, actor: User, code: str) -> Sop:
    sop = _sops_visible(actor).select_related("region").filter(code=code).first()
    if sop is None:
        raise PermissionDenied(f"SOP '{code}' tidak ditemukan atau di luar wewenang Anda.")
    return sop


def sop_version(sop: Sop, number: int | None = None) -> SopVersion:
    versions = sop.versions.order_by("-number")
    version = versions.filter(number=number).first() if number else versions.first()
    if version is None:
        raise PermissionDenied(f"Versi {number} SOP '{sop.code}' tidak ada.")
    return version


def activity_count(sop: Sop) -> int:
    return len(activities(sop_version(sop).document))


def holidays_of(*, actor: User, region: Region) -> QuerySet[PemdaHoliday]:
    if not visible_regions(actor).filter(code=region.code).exists():
        raise PermissionDenied("Pemda di luar wewenang Anda.")
    return PemdaHoliday.objects.filter(region=region)


def assignments_of(*, actor: User, region: Region) -> QuerySet[ActorAssignment]:
    if not visible_regions(actor).filter(code=region.code).exists():
        raise PermissionDenied("Pemda di luar wewenang Anda.")
    return ActorAssignment.objects.filter(region=region).select_related("user")


# --- runs and tasks --------------------------------------------------------------------------


def _runs_visible(actor: User) -> QuerySet[Run]:
    return Run.objects.filter(region__in=visible_regions(actor))


def run_list(*, actor: User, sop: Sop | None = None) -> QuerySet[Run]:
    runs = _runs_visible(actor).select_related("sop_version__sop", "region", "started_by")
    return runs.filter(sop_version__sop=sop) if sop is not None else runs


def run_get(*, actor: User, pk: int) -> Run:
    run = run_list(actor=actor).filter(pk=pk).first()
    if run is None:
        raise PermissionDenied("Pelaksanaan SOP tidak ditemukan atau di luar wewenang Anda.")
    return run


def run_events(run: Run) -> QuerySet[TaskEvent]:
    """The run's state changes that carry a note (returns, completions with a remark)."""
    return (
        TaskEvent.objects.filter(task__run=run)
        .exclude(note="")
        .select_related("task", "actor")
        .order_by("-at", "-pk")
    )


def _tasks_visible(actor: User) -> QuerySet[Task]:
    tasks = Task.objects.filter(run__region__in=visible_regions(actor))
    if actor.role in AGENCY_ROLES:
        # An OPD's staff see only the tasks they are assigned to, not the whole secretariat's.
        codes = ActorAssignment.objects.filter(user=actor).values("actor_code")
        tasks = tasks.filter(actor_code__in=codes)
    return tasks


def task_get(*, actor: User, pk: int) -> Task:
    task = _tasks_visible(actor).select_related("run__sop_version__sop", "run__region")
    found = task.filter(pk=pk).first()
    if found is None:
        raise PermissionDenied("Tugas tidak ditemukan atau di luar wewenang Anda.")
    return found


ACTIVE = (Task.Status.OPEN, Task.Status.IN_PROGRESS)


def tasks_mine(*, actor: User) -> QuerySet[Task]:
    """Tasks waiting for the actor: open or in progress, for an actor code mapped to them."""
    mapped = ActorAssignment.objects.filter(user=actor)
    regions = mapped.values("region")
    codes = mapped.values("actor_code")
    return (
        Task.objects.filter(status__in=ACTIVE, run__region__in=regions, actor_code__in=codes)
        .filter(run__region__in=visible_regions(actor))
        .select_related("run__sop_version__sop", "run__region")
        .order_by("due_at", "pk")
    )


def assignees(task: Task) -> list[User]:
    rows = ActorAssignment.objects.filter(region=task.run.region_id, actor_code=task.actor_code)
    return [row.user for row in rows.select_related("user")]


def overdue_by_user(now: dt.datetime | None = None) -> dict[User, list[Task]]:
    """Open tasks past their due date, per assigned user (for the reminder e-mail)."""
    now = now or timezone.now()
    late = Task.objects.filter(status__in=ACTIVE, due_at__lt=now).select_related(
        "run__sop_version__sop", "run__region"
    )
    result: dict[User, list[Task]] = defaultdict(list)
    for task in late.order_by("due_at"):
        for user in assignees(task):
            if user.is_active:
                result[user].append(task)
    return result


# --- timeline and compliance -----------------------------------------------------------------


@dataclass(frozen=True)
class TaskRow:
    task: Task
    activity: Activity
    actor_name: str
    delay: dt.timedelta | None  # positive: late by; negative: early; None: not finished

    @property
    def on_time(self) -> bool | None:
        return None if self.delay is None else self.delay <= dt.timedelta(0)

    @property
    def late_by(self) -> dt.timedelta | None:
        return self.delay if self.delay and self.delay > dt.timedelta(0) else None


def run_rows(run: Run, now: dt.datetime | None = None) -> list[TaskRow]:
    """Every task of the run with its activity; a finished task's delay against its due
    date, an open one's only once it is overdue."""
    now = now or timezone.now()
    by_number = {a.number: a for a in activities(run.sop_version.document)}
    names = {a["code"]: a["name"] for a in run.sop_version.document["procedure"]["actors"]}
    rows = []
    for task in run.tasks.order_by("activity", "occurrence"):
        delay = None
        if task.completed_at and task.due_at:
            delay = task.completed_at - task.due_at
        elif task.due_at and task.status != Task.Status.RETURNED and now > task.due_at:
            delay = now - task.due_at
        rows.append(TaskRow(task, by_number[task.activity], names[task.actor_code], delay))
    return rows


@dataclass(frozen=True)
class ActorDelay:
    code: str
    name: str
    tasks: int
    average_delay: dt.timedelta


@dataclass(frozen=True)
class Compliance:
    rows: list[TaskRow]
    actors: list[ActorDelay]
    finished: int
    on_time: int

    @property
    def share_on_time(self) -> float | None:
        return self.on_time / self.finished if self.finished else None

    @property
    def share_percent(self) -> float | None:
        share = self.share_on_time
        return None if share is None else 100 * share


def run_compliance(run: Run, now: dt.datetime | None = None) -> Compliance:
    """Per activity on time or late, per actor the average delay (early counts as none), and
    the share of finished activities that were on time."""
    rows = run_rows(run, now)
    names = {r.task.actor_code: r.actor_name for r in rows}
    finished = [r for r in rows if r.task.completed_at]
    delays: dict[str, list[dt.timedelta]] = defaultdict(list)
    for row in finished:
        delays[row.task.actor_code].append(max(row.delay or dt.timedelta(0), dt.timedelta(0)))
    actors = [
        ActorDelay(
            code, names.get(code, code), len(values), sum(values, dt.timedelta(0)) / len(values)
        )
        for code, values in sorted(delays.items())
    ]
    return Compliance(
        rows=rows,
        actors=actors,
        finished=len(finished),
        on_time=sum(1 for r in finished if r.on_time),
    )


@dataclass(frozen=True)
class Bar:
    row: TaskRow
    planned_left: float
    planned_width: float
    actual_left: float | None
    actual_width: float | None


def timeline(run: Run, now: dt.datetime | None = None) -> list[Bar]:
    """Planned and actual spans of every task as percentages of the run's whole span, for a
    plain horizontal bar chart."""
    now = now or timezone.now()
    rows = run_rows(run, now)
    ends = [r.task.planned_due for r in rows] + [r.task.completed_at or now for r in rows]
    begin = run.started_at
    span = max((max(ends) - begin).total_seconds(), 1.0)

    def pct(moment: dt.datetime) -> float:
        return round(100 * (moment - begin).total_seconds() / span, 2)

    bars = []
    for row in rows:
        t = row.task
        left = pct(t.planned_start)
        actual_start = t.available_at
        actual_end = t.completed_at or (now if actual_start else None)
        a_left = pct(actual_start) if actual_start else None
        a_width = max(pct(actual_end) - a_left, 0.5) if actual_end and a_left is not None else None
        bars.append(Bar(row, left, max(pct(t.planned_due) - left, 0.5), a_left, a_width))
    return bars


def region_users(*, actor: User, region: Region) -> QuerySet[User]:
    """The Pemda's active users, to whom its SOP actor codes can be mapped."""
    if not visible_regions(actor).filter(code=region.code).exists():
        raise PermissionDenied("Pemda di luar wewenang Anda.")
    return User.objects.filter(region=region, is_active=True).order_by("username")
