import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from .selectors import activity_count, sop_get, sop_list, sop_version, tasks_mine

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
