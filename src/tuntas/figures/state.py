"""An agency-year's figures loaded into the plain structures the pure modules take.

No permission check here: selectors and services check the actor before calling these.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from tuntas.catalog.models import QualityItem, ServiceType
from tuntas.organisation.models import Agency, AgencyService

from .fields import YEARLY, FigureKey
from .models import ActionItem, BudgetLine, FigureValue
from .validation import ServiceShape


@dataclass
class AgencyYear:
    agency: Agency
    year: int
    services: dict[str, ServiceType]  # carried this year, by code, in catalog order
    shapes: dict[str, ServiceShape]
    items: dict[tuple[str, str], QualityItem]  # (service code, item code)
    rows: dict[FigureKey, FigureValue]
    budget_lines: dict[str, list[BudgetLine]] = field(default_factory=dict)
    actions: dict[str, list[ActionItem]] = field(default_factory=dict)

    def values(self) -> dict[FigureKey, Decimal | None]:
        """Numbers for the rules and completeness, with each service's budget (sum of lines)."""
        out: dict[FigureKey, Decimal | None] = {k: r.value for k, r in self.rows.items()}
        for code, lines in self.budget_lines.items():
            if lines:
                out[FigureKey(code, YEARLY, "budget")] = sum((b.amount for b in lines), Decimal(0))
        return out

    def filled(self) -> set[FigureKey]:
        return {k for k, v in self.values().items() if v is not None} | {
            k for k, r in self.rows.items() if r.text
        }


def carried_services(agency: Agency, year: int) -> list[ServiceType]:
    items = QualityItem.objects.order_by("order")
    return [
        a.service
        for a in AgencyService.objects.filter(agency=agency, year=year)
        .select_related("service")
        .prefetch_related(Prefetch("service__quality_items", queryset=items))
        .order_by("-service__level", "service__order")
    ]


def shape_of(service: ServiceType) -> ServiceShape:
    items = list(service.quality_items.all())
    return ServiceShape(
        code=service.code,
        goods=tuple(i.code for i in items if i.kind == QualityItem.Kind.GOODS),
        personnel=tuple(i.code for i in items if i.kind == QualityItem.Kind.PERSONNEL),
        names={i.code: i.name for i in items},
    )


def load(agency: Agency, year: int, *, for_update: bool = False) -> AgencyYear:
    services = carried_services(agency, year)
    qs: QuerySet[FigureValue] = FigureValue.objects.filter(agency=agency, year=year).select_related(
        "service", "item", "updated_by"
    )
    if for_update:
        qs = qs.select_for_update(of=("self",))
    rows = {
        FigureKey(r.service.code, r.quarter, r.key, r.item.code if r.item else ""): r for r in qs
    }
    state = AgencyYear(
        agency=agency,
        year=year,
        services={s.code: s for s in services},
        shapes={s.code: shape_of(s) for s in services},
        items={(s.code, i.code): i for s in services for i in s.quality_items.all()},
        rows=rows,
    )
    for line in BudgetLine.objects.filter(agency=agency, year=year).select_related("service"):
        state.budget_lines.setdefault(line.service.code, []).append(line)
    for action in ActionItem.objects.filter(agency=agency, year=year).select_related("service"):
        state.actions.setdefault(action.service.code, []).append(action)
    return state
