import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from .selectors import (
    activity_count,
    run_get,
    run_rows,
    sop_get,
    sop_list,
    sop_version,
    tasks_mine,
)

router = Router(tags=["SOP"])


class SopOut(Schema):
    code: str
    name: str
    region: str
    version: int
    activities: int


class SopDetailOut(SopOut):
    document: dict


class TaskOut(Schema):
    id: int
    sop: str
    region: str
    year: int
    activity: int
    occurrence: int
    actor_code: str
    status: str
    due_at: dt.datetime | None


@router.get("/sops", response=list[SopOut], summary="SOP yang boleh dilihat")
def sops(request: HttpRequest) -> list[SopOut]:
    rows = []
    for sop in sop_list(actor=request.auth):  # type: ignore[attr-defined]
        version = sop_version(sop)
        rows.append(
            SopOut(
                code=sop.code,
                name=version.document["identity"]["name"],
                region=sop.region_id,
                version=version.number,
                activities=activity_count(sop),
            )
        )
    return rows


@router.get("/sops/{code}", response=SopDetailOut, summary="Satu SOP, versi terbaru")
def sop(request: HttpRequest, code: str) -> SopDetailOut:
    try:
        found = sop_get(actor=request.auth, code=code)  # type: ignore[attr-defined]
    except PermissionDenied as exc:
        raise HttpError(404, str(exc)) from exc
    version = sop_version(found)
    return SopDetailOut(
        code=found.code,
        name=version.document["identity"]["name"],
        region=found.region_id,
        version=version.number,
        activities=activity_count(found),
        document=version.document,
    )


class RunTaskOut(Schema):
    activity: int
    occurrence: int
    actor_code: str
    status: str
    planned_due: dt.datetime
    due_at: dt.datetime | None
    completed_at: dt.datetime | None
    on_time: bool | None
    delay_seconds: int | None


class RunOut(Schema):
    id: int
    sop: str
    version: int
    region: str
    year: int
    started_at: dt.datetime
    finished_at: dt.datetime | None
    tasks: list[RunTaskOut]


@router.get("/runs/{run_id}", response=RunOut, summary="Satu pelaksanaan SOP dan tugasnya")
def run(request: HttpRequest, run_id: int) -> RunOut:
    try:
        found = run_get(actor=request.auth, pk=run_id)  # type: ignore[attr-defined]
    except PermissionDenied as exc:
        raise HttpError(404, str(exc)) from exc
    return RunOut(
        id=found.pk,
        sop=found.sop_version.sop.code,
        version=found.sop_version.number,
        region=found.region_id,
        year=found.year,
        started_at=found.started_at,
        finished_at=found.finished_at,
        tasks=[
            RunTaskOut(
                activity=r.task.activity,
                occurrence=r.task.occurrence,
                actor_code=r.task.actor_code,
                status=r.task.status,
                planned_due=r.task.planned_due,
                due_at=r.task.due_at,
                completed_at=r.task.completed_at,
                on_time=r.on_time,
                delay_seconds=None if r.delay is None else int(r.delay.total_seconds()),
            )
            for r in run_rows(found)
        ],
    )


@router.get("/tasks/mine", response=list[TaskOut], summary="Tugas SOP saya")
def my_tasks(request: HttpRequest) -> list[TaskOut]:
    return [
        TaskOut(
            id=t.pk,
            sop=t.run.sop_version.sop.code,
            region=t.run.region_id,
            year=t.run.year,
            activity=t.activity,
            occurrence=t.occurrence,
            actor_code=t.actor_code,
            status=t.status,
            due_at=t.due_at,
        )
        for t in tasks_mine(actor=request.auth)  # type: ignore[attr-defined]
    ]
