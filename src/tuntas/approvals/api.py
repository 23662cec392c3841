import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from tuntas.organisation.selectors import region_get

from .selectors import submissions_for_region

router = Router(tags=["verifikasi"])


class SubmissionOut(Schema):
    agency: str
    agency_name: str
    year: int
    quarter: int
    status: str
    submitted_at: dt.datetime | None


@router.get(
    "/regions/{code}/submissions",
    response=list[SubmissionOut],
    summary="Status verifikasi tiap perangkat daerah untuk satu triwulan",
)
def submissions(request: HttpRequest, code: str, year: int, quarter: int) -> list[SubmissionOut]:
    try:
        region = region_get(actor=request.auth, code=code)  # type: ignore[attr-defined]
        rows = submissions_for_region(
            actor=request.auth,  # type: ignore[attr-defined]
            region=region,
            year=year,
            quarter=quarter,
        )
    except PermissionDenied as exc:
        raise HttpError(404, str(exc)) from exc
    return [
        SubmissionOut(
            agency=r.agency.code,
            agency_name=r.agency.name,
            year=year,
            quarter=quarter,
            status=r.status,
            submitted_at=r.submission.submitted_at if r.submission else None,
        )
        for r in rows
    ]
