from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from .selectors import NoCatalogForYear, services_for_year

router = Router(tags=["katalog"])


class QualityItemOut(Schema):
    code: str
    kind: str
    name: str
    unit: str
    norm: float | None
    ratio: float | None


class ServiceOut(Schema):
    code: str
    level: str
    sector: str
    name: str
    recipient: str
    regulation: str
    age: dict[str, int | str | None] | None
    parameters: dict[str, float | str | bool]
    quality_items: list[QualityItemOut]


@router.get("/catalog", response=list[ServiceOut], summary="Jenis pelayanan dasar pada satu tahun")
def catalog(
    request: HttpRequest, year: int | None = None, level: str | None = None
) -> list[ServiceOut]:
    try:
        services = services_for_year(
            year or timezone.localdate().year, level=level, with_items=True
        )
    except NoCatalogForYear as exc:
        raise HttpError(404, str(exc)) from exc
    return [
        ServiceOut(
            code=s.code,
            level=s.level,
            sector=s.sector_id,
            name=s.name,
            recipient=s.recipient,
            regulation=s.regulation,
            age=s.age,
            parameters=s.parameters,
            quality_items=[
                QualityItemOut(
                    code=q.code,
                    kind=q.kind,
                    name=q.name,
                    unit=q.unit,
                    norm=None if q.norm is None else float(q.norm),
                    ratio=None if q.ratio is None else float(q.ratio),
                )
                for q in s.quality_items.all()
            ],
        )
        for s in services
    ]
