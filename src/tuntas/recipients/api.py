from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from tuntas.accounts.models import User
from tuntas.organisation.selectors import region_get

from .selectors import import_job_get, recipient_totals
from .services import STALE_AFTER, import_jobs_sweep

router = Router(tags=["data penerima"])


class VillageOut(Schema):
    target: int
    served: int


class TotalsOut(Schema):
    service_code: str
    target: int
    served_to_standard: int
    quarters: list[int]
    villages: dict[str, VillageOut]


class JobOut(Schema):
    id: int
    status: str
    rows_total: int
    rows_read: int
    dry_run: bool
    mode: str
    imported: int
    updated: int
    ignored: int
    rejected: int
    message: str


def _actor(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined]


@router.get(
    "/regions/{code}/recipients/{year}/totals",
    response=list[TotalsOut],
    summary="Sasaran dan capaian dari data penerima, per layanan, triwulan dan desa",
)
def totals(
    request: HttpRequest, code: str, year: int, service: str | None = None
) -> list[TotalsOut]:
    actor = _actor(request)
    try:
        region = region_get(actor=actor, code=code)
        result = recipient_totals(actor=actor, region=region, year=year, service_code=service)
    except PermissionDenied as exc:
        raise HttpError(404, str(exc)) from exc
    return [
        TotalsOut(
            service_code=t.service_code,
            target=t.target,
            served_to_standard=t.served_to_standard,
            quarters=t.quarters,
            villages={k: VillageOut(**v) for k, v in t.villages.items()},
        )
        for t in result.values()
    ]


@router.get("/recipient-imports/{pk}", response=JobOut, summary="Status impor data penerima")
def job(request: HttpRequest, pk: int) -> JobOut:
    import_jobs_sweep(older_than=STALE_AFTER)  # a job whose worker died reads as failed
    try:
        j = import_job_get(actor=_actor(request), pk=pk)
    except PermissionDenied as exc:
        raise HttpError(404, str(exc)) from exc
    return JobOut(
        id=j.pk,
        status=j.status,
        rows_total=j.rows_total,
        rows_read=j.rows_read,
        dry_run=j.dry_run,
        mode=j.mode,
        imported=j.imported,
        updated=j.updated,
        ignored=j.ignored,
        rejected=j.rejected,
        message=j.message,
    )
