"""Writes to SOPs, their runs and tasks. Each checks the actor's right first."""

import datetime as dt
import re
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from tuntas.accounts.models import User
from tuntas.accounts.scoping import can_manage_region
from tuntas.regions.models import Region

from .models import ActorAssignment, PemdaHoliday, Run, Sop, SopVersion, Task, TaskEvent
from .schedule import Activity, activities, pause_shifted, plan, return_target, task_due
from .selectors import extra_holidays
from .validation import SopFileError, SopProblem, load_sop_text

ACTOR_CODE = re.compile(r"[A-Z][A-Z0-9_]*")
MAX_OUTPUT_BYTES = 20 * 1024 * 1024


def _require_manager(actor: User, region: Region) -> None:
    if not can_manage_region(actor, region):
        raise PermissionDenied(f"Anda tidak berwenang mengatur SOP {region.name}.")


def _audited(obj: Any, actor: User | None) -> Any:
    obj._history_user = actor
    return obj


def _sop_region(document: dict[str, Any], source: str, region: Region | None) -> Region:
    """The Pemda an SOP belongs to: the file's region_code, or the one chosen on import."""
    code = document["identity"].get("region_code")
    if region is not None and code and code != region.code:
        message = f"kode wilayah '{code}' tidak sama dengan Pemda yang dipilih ({region.code})"
        raise SopFileError([SopProblem(source, None, "identity.region_code", message)])
    if region is not None:
        return region
    found = Region.objects.filter(code=code).first() if code else None
    if found is None:
        message = f"Pemda dengan kode '{code}' tidak ada" if code else "pilih Pemda pemilik SOP ini"
        raise SopFileError([SopProblem(source, None, "identity.region_code", message)])
    return found


@transaction.atomic
def sop_save(
    *, actor: User | None, text: str, source: str, region: Region | None = None
) -> SopVersion:
    """Store SOP YAML as a new version (creating the SOP on its first version).

    Everything is validated before anything is written; an unchanged document returns the
    current version, so importing the same file twice makes no new version. `actor` None is
    the installer (demo).
    """
    document = load_sop_text(text, source)
    pemda = _sop_region(document, source, region)
    if actor is not None:
        _require_manager(actor, pemda)
    code = document["identity"]["code"]
    sop = Sop.objects.filter(code=code).first()
    if sop is not None and sop.region_id != pemda.code:
        message = f"kode SOP '{code}' sudah dipakai oleh Pemda lain"
        raise SopFileError([SopProblem(source, None, "identity.code", message)])
    if sop is None:
        sop = _audited(Sop(code=code, region=pemda), actor)
        sop.save()
    latest = sop.versions.order_by("-number").first()
    if latest is not None and latest.document == document:
        return latest
    return SopVersion.objects.create(
        sop=sop,
        number=(latest.number + 1) if latest else 1,
        document=document,
        source=text,
        created_by=actor,
    )


def sop_export(version: SopVersion) -> str:
    """The YAML of a version: the text as it was written (comments kept)."""
    return version.source or yaml.safe_dump(version.document, allow_unicode=True, sort_keys=False)


# --- Pemda calendar and actors ---------------------------------------------------------------


def holiday_add(*, actor: User, region: Region, date: dt.date, name: str) -> PemdaHoliday:
    _require_manager(actor, region)
    if not name.strip():
        raise ValidationError({"name": "Keterangan hari libur wajib diisi."})
    if PemdaHoliday.objects.filter(region=region, date=date).exists():
        raise ValidationError({"date": f"Tanggal {date:%d-%m-%Y} sudah tercatat sebagai libur."})
    holiday = _audited(PemdaHoliday(region=region, date=date, name=name.strip()), actor)
    holiday.save()
    return holiday


def holiday_delete(*, actor: User, holiday: PemdaHoliday) -> None:
    _require_manager(actor, holiday.region)
    _audited(holiday, actor).delete()


def actor_assign(*, actor: User | None, region: Region, actor_code: str, user: User) -> None:
    if actor is not None:
        _require_manager(actor, region)
    code = actor_code.strip().upper()
    if not ACTOR_CODE.fullmatch(code):
        raise ValidationError(
            {"actor_code": f"Kode pelaku '{actor_code}' hanya boleh huruf, angka, atau _."}
        )
    if user.region_id != region.code:
        raise ValidationError({"user": f"{user.username} bukan pengguna {region.name}."})
    if not ActorAssignment.objects.filter(region=region, actor_code=code, user=user).exists():
        _audited(ActorAssignment(region=region, actor_code=code, user=user), actor).save()


def actor_unassign(*, actor: User, assignment: ActorAssignment) -> None:
    _require_manager(actor, assignment.region)
    _audited(assignment, actor).delete()


# --- runs and tasks --------------------------------------------------------------------------


def _log(task: Task, actor: User, at: dt.datetime, old: str, note: str = "") -> None:
    _audited(task, actor).save()
    TaskEvent.objects.create(
        task=task, actor=actor, at=at, from_status=old, to_status=task.status, note=note
    )


@transaction.atomic
def run_start(*, actor: User, sop: Sop, year: int, now: dt.datetime | None = None) -> Run:
    """Start a run of the SOP's current version: every task planned, the first ones open."""
    _require_manager(actor, sop.region)
    if Run.objects.filter(sop_version__sop=sop, year=year, finished_at__isnull=True).exists():
        raise ValidationError(f"SOP ini sudah berjalan untuk tahun {year} dan belum selesai.")
    version = sop.versions.order_by("-number").first()
    assert version is not None, "an SOP always has a version"
    now = timezone.localtime(now or timezone.now())
    extra = extra_holidays(sop.region)
    run = _audited(
        Run(sop_version=version, region=sop.region, year=year, started_by=actor, started_at=now),
        actor,
    )
    run.save()
    items = activities(version.document)
    tasks = [
        Task(
            run=run,
            activity=p.activity.number,
            occurrence=p.occurrence,
            actor_code=p.activity.actor,
            status=Task.Status.WAITING,
            planned_start=p.start,
            planned_due=p.due,
        )
        for p in plan(items, now, extra)
    ]
    for task in tasks:
        _audited(task, actor).save()
    _open_from(run, items, 0, actor, now)
    return run


def _open(task: Task, activity: Activity, actor: User, now: dt.datetime, note: str = "") -> None:
    """Make the task available from `now` (again, after a return), due by its standard time."""
    old = task.status
    task.status = Task.Status.OPEN
    task.available_at = now
    task.completed_at = None
    task.due_at = task_due(timezone.localtime(now), activity.time, extra_holidays(task.run.region))
    _log(task, actor, now, old, note)


def _open_from(run: Run, items: list[Activity], index: int, actor: User, now: dt.datetime) -> None:
    """Open activity `index` and, past any periodic ones, the next that holds up the chain."""
    for activity in items[index:]:
        task = run.tasks.get(activity=activity.number, occurrence=1)
        if task.status == Task.Status.WAITING:
            _open(task, activity, actor, now)
        if not activity.periodic:
            return


def _check_assignee(actor: User, task: Task) -> None:
    mapped = ActorAssignment.objects.filter(
        region=task.run.region, actor_code=task.actor_code, user=actor
    ).exists()
    if not mapped and not can_manage_region(actor, task.run.region):
        raise PermissionDenied("Tugas ini bukan untuk Anda.")


def _check_status(task: Task, *allowed: str) -> None:
    if task.status not in allowed:
        raise ValidationError(
            f"Tugas berstatus '{task.get_status_display()}' tidak dapat diproses dengan cara ini."
        )


@transaction.atomic
def task_start(*, actor: User, task: Task, now: dt.datetime | None = None) -> Task:
    _check_assignee(actor, task)
    _check_status(task, Task.Status.OPEN)
    now = now or timezone.now()
    task.status = Task.Status.IN_PROGRESS
    task.started_at = now
    _log(task, actor, now, Task.Status.OPEN)
    return task


@transaction.atomic
def task_complete(
    *,
    actor: User,
    task: Task,
    output: File,
    note: str = "",
    now: dt.datetime | None = None,
) -> Task:
    """Complete a task with its output document; the next step opens, or the returned step
    that waited for this correction resumes its clock."""
    _check_assignee(actor, task)
    _check_status(task, Task.Status.OPEN, Task.Status.IN_PROGRESS)
    if not output:
        raise ValidationError({"output": "Unggah dokumen keluaran untuk menyelesaikan tugas."})
    if output.size and output.size > MAX_OUTPUT_BYTES:
        raise ValidationError({"output": "Dokumen keluaran paling besar 20 MB."})
    now = now or timezone.now()
    old = task.status
    task.output.save(output.name or "keluaran", output, save=False)
    task.status = Task.Status.DONE
    task.started_at = task.started_at or now
    task.completed_at = now
    _log(task, actor, now, old, note)

    run = task.run
    items = activities(run.sop_version.document)
    index = next(i for i, a in enumerate(items) if a.number == task.activity)
    activity = items[index]
    waiting = run.tasks.filter(status=Task.Status.RETURNED, paused_since__isnull=False)
    returned = [t for t in waiting if return_target(items, t.activity) == task.activity]
    if returned:
        for other in returned:
            _resume(other, actor, now)
    elif activity.periodic:
        following = run.tasks.filter(activity=task.activity, occurrence=task.occurrence + 1)
        for later in following.filter(status=Task.Status.WAITING):
            _open(later, activity, actor, now)
    else:
        _open_from(run, items, index + 1, actor, now)
    if not run.tasks.exclude(status=Task.Status.DONE).exists():
        run.finished_at = now
        _audited(run, actor).save()
    return task


def _resume(task: Task, actor: User, now: dt.datetime) -> None:
    assert task.paused_since is not None and task.due_at is not None
    extra = extra_holidays(task.run.region)
    task.due_at = pause_shifted(
        timezone.localtime(task.due_at), timezone.localtime(task.paused_since), now, extra
    )
    task.paused_seconds += int((now - task.paused_since).total_seconds())
    task.paused_since = None
    task.status = Task.Status.IN_PROGRESS if task.started_at else Task.Status.OPEN
    _log(task, actor, now, Task.Status.RETURNED, "Perbaikan diterima; waktu berjalan lagi.")


@transaction.atomic
def task_return(*, actor: User, task: Task, note: str, now: dt.datetime | None = None) -> Task:
    """Send the document back for correction: this task's clock pauses and the step it came
    from opens again for its actor until they complete it anew."""
    _check_assignee(actor, task)
    _check_status(task, Task.Status.OPEN, Task.Status.IN_PROGRESS)
    if not note.strip():
        raise ValidationError({"note": "Tuliskan apa yang harus diperbaiki."})
    items = activities(task.run.sop_version.document)
    target_number = return_target(items, task.activity)
    if target_number is None:
        raise ValidationError("Langkah pertama tidak dapat dikembalikan ke langkah sebelumnya.")
    now = now or timezone.now()
    old = task.status
    task.status = Task.Status.RETURNED
    task.paused_since = now
    _log(task, actor, now, old, note.strip())
    target = task.run.tasks.filter(activity=target_number).order_by("-occurrence").first()
    assert target is not None
    activity = next(a for a in items if a.number == target_number)
    _open(target, activity, actor, now, note.strip())
    return task
