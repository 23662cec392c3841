"""Read API of penerapan figures: the same selectors and scoping as the pages."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from tuntas.organisation.models import Agency
from tuntas.organisation.selectors import region_get
from tuntas.regions.models import Region

from . import selectors
from .completeness import Share

router = Router(tags=["penerapan SPM"])


class FigureOut(Schema):
    service: str
    quarter: int  # 0 = tahunan
    key: str
    item: str
    value: Decimal | None
    text: str
    source: str
    version: int


class BudgetLineOut(Schema):
    service: str
    code: str
    name: str
    amount: Decimal


class ViolationOut(Schema):
    rule: str
    service: str
    quarter: int
    key: str
    item: str
    message: str
    blocking: bool


class FiguresOut(Schema):
    agency: str
    year: int
    services: list[str]
    figures: list[FigureOut]
    budget_lines: list[BudgetLineOut]
    violations: list[ViolationOut]


class ItemNeedOut(Schema):
    code: str
    kind: str
    need: Decimal | None
    available: Decimal | None
    gap: Decimal | None
    unit_price: Decimal | None
    cost: Decimal | None
    formula: str


class ServiceNeedsOut(Schema):
    service: str
    target: Decimal | None
    total_cost: Decimal
    uncosted: int
    items: list[ItemNeedOut]


class ShareOut(Schema):
    filled: int
    required: int
    percent: float | None


class CompletenessOut(Schema):
    agency: str
    shares: dict[str, ShareOut]


def _scope(
    request: HttpRequest, region: str, agency: str | None = None
) -> tuple[Region, Agency | None]:
    actor = request.auth  # type: ignore[attr-defined]
    try:
        pemda = region_get(actor=actor, code=region)
        opd = selectors.agency_get(actor=actor, region=pemda, code=agency) if agency else None
    except PermissionDenied as exc:
        raise HttpError(404, str(exc)) from exc
    return pemda, opd


def _year(year: int | None) -> int:
    return year or timezone.localdate().year


@router.get(
    "/regions/{region}/agencies/{agency}/figures",
    response=FiguresOut,
    summary="Angka penerapan satu perangkat daerah pada satu tahun",
)
def figures(request: HttpRequest, region: str, agency: str, year: int | None = None) -> FiguresOut:
    _pemda, opd = _scope(request, region, agency)
    assert opd is not None
    sheet = selectors.figures_get(actor=request.auth, agency=opd, year=_year(year))  # type: ignore[attr-defined]
    st = sheet.state
    return FiguresOut(
        agency=opd.code,
        year=st.year,
        services=list(st.services),
        figures=[
            FigureOut(
                service=k.service_code,
                quarter=k.quarter,
                key=k.key,
                item=k.item_code,
                value=r.value,
                text=r.text,
                source=r.source,
                version=r.version,
            )
            for k, r in sorted(st.rows.items())
        ],
        budget_lines=[
            BudgetLineOut(service=code, code=b.code, name=b.name, amount=b.amount)
            for code, lines in st.budget_lines.items()
            for b in lines
        ],
        violations=[
            ViolationOut(
                rule=v.rule,
                service=v.figure.service_code,
                quarter=v.figure.quarter,
                key=v.figure.key,
                item=v.figure.item_code,
                message=v.message,
                blocking=v.blocking,
            )
            for v in sheet.violations
        ],
    )


@router.get(
    "/regions/{region}/agencies/{agency}/needs",
    response=list[ServiceNeedsOut],
    summary="Kebutuhan, kekurangan dan biaya per jenis pelayanan",
)
def needs(
    request: HttpRequest, region: str, agency: str, year: int | None = None
) -> list[ServiceNeedsOut]:
    _pemda, opd = _scope(request, region, agency)
    assert opd is not None
    rows = selectors.needs_for_agency(actor=request.auth, agency=opd, year=_year(year))  # type: ignore[attr-defined]
    return [
        ServiceNeedsOut(
            service=s.service_code,
            target=s.target,
            total_cost=s.total_cost,
            uncosted=s.uncosted,
            items=[
                ItemNeedOut(
                    code=i.code,
                    kind=i.kind,
                    need=i.need,
                    available=i.available,
                    gap=i.gap,
                    unit_price=i.unit_price,
                    cost=i.cost,
                    formula=i.formula,
                )
                for i in s.items
            ],
        )
        for s in rows
    ]


@router.get(
    "/regions/{region}/completeness",
    response=list[CompletenessOut],
    summary="Keterisian per perangkat daerah (tahap 1, tahap 3, triwulan 1-4)",
)
def completeness(
    request: HttpRequest, region: str, year: int | None = None
) -> list[CompletenessOut]:
    pemda, _opd = _scope(request, region)
    actor = request.auth  # type: ignore[attr-defined]
    rows, total = selectors.completeness_for_region(actor=actor, region=pemda, year=_year(year))

    def out(code: str, shares: dict[str, Share]) -> CompletenessOut:
        return CompletenessOut(
            agency=code,
            shares={
                g: ShareOut(filled=s.filled, required=s.required, percent=s.percent)
                for g, s in shares.items()
            },
        )

    return [out(r.agency.code, r.shares) for r in rows] + [out("", total)]
