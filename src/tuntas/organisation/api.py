from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from tuntas.accounts.scoping import visible_regions
from tuntas.regions.models import Region

from .selectors import agency_list, region_get

router = Router(tags=["wilayah dan organisasi"])


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None


class AgencyOut(Schema):
    code: str
    name: str
    short_name: str
    services: list[str]


class DistrictOut(Schema):
    code: str
    name: str
    villages: int


def _region(request: HttpRequest, code: str) -> Region:
    try:
        return region_get(actor=request.auth, code=code)  # type: ignore[attr-defined]
    except PermissionDenied as exc:
        raise HttpError(404, str(exc)) from exc


def _out(r: Region) -> RegionOut:
    return RegionOut(code=r.code, name=r.name, level=r.level, parent=r.parent_id)


@router.get("/regions", response=list[RegionOut], summary="Pemda yang boleh dilihat")
def regions(request: HttpRequest) -> list[RegionOut]:
    return [_out(r) for r in visible_regions(request.auth).order_by("code")]  # type: ignore[attr-defined]


@router.get("/regions/{code}", response=RegionOut, summary="Satu Pemda")
def region(request: HttpRequest, code: str) -> RegionOut:
    return _out(_region(request, code))


@router.get("/regions/{code}/agencies", response=list[AgencyOut], summary="Perangkat daerah")
def agencies(request: HttpRequest, code: str, year: int | None = None) -> list[AgencyOut]:
    pemda = _region(request, code)
    rows = agency_list(
        actor=request.auth,  # type: ignore[attr-defined]
        region=pemda,
        year=year or timezone.localdate().year,
    )
    return [
        AgencyOut(
            code=r.agency.code,
            name=r.agency.name,
            short_name=r.agency.short_name,
            services=r.service_codes,
        )
        for r in rows
    ]


@router.get("/regions/{code}/districts", response=list[DistrictOut], summary="Kecamatan")
def districts(request: HttpRequest, code: str) -> list[DistrictOut]:
    pemda = _region(request, code)
    qs = pemda.districts.annotate(n=Count("villages")).order_by("code")
    return [DistrictOut(code=d.code, name=d.name, villages=d.n) for d in qs]
