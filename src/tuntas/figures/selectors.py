"""Reads of penerapan figures, always scoped to the actor.

Agency roles see their own agency; Pemda roles every agency of their Pemda; provincial
reviewers their kabupaten/kota; outsiders get PermissionDenied, worded as for a missing code.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tuntas.accounts.models import User
from tuntas.accounts.scoping import can_view_region
from tuntas.organisation.models import Agency
from tuntas.organisation.selectors import agencies_visible
from tuntas.regions.models import Region

from . import state as state_mod
from .completeness import Share, add, completeness, required_keys
from .fields import FIELDS, QUARTERS, YEARLY, FigureKey, figure_label
from .models import FigureValue, InputWindow, UnitPrice
from .needs import ItemInput, NeedsTotal, ServiceNeeds, service_needs, total_of
from .numbers import format_id, tidy
from .services import can_write, is_locked
from .validation import Violation, evaluate, load_rules
from .windows import default_closes_on, is_open


def agency_get(*, actor: User, region: Region, code: str) -> Agency:
    agency = agencies_visible(actor).filter(region=region, code=code).first()
    if agency is None:
        raise PermissionDenied(
            f"Perangkat daerah {code} tidak ditemukan atau di luar wewenang Anda."
        )
    return agency


def agencies_for(*, actor: User, region: Region) -> list[Agency]:
    if not can_view_region(actor, region):
        raise PermissionDenied("Pemda di luar wewenang Anda.")
    return list(agencies_visible(actor).filter(region=region).order_by("name"))


def _require_view(actor: User, agency: Agency) -> None:
    if not agencies_visible(actor).filter(pk=agency.pk).exists():
        raise PermissionDenied(
            f"Perangkat daerah {agency.code} tidak ditemukan atau di luar wewenang Anda."
        )


@dataclass(frozen=True)
class FigureSheet:
    """An agency-year's figures for pages and the API, with what the actor may do."""

    state: state_mod.AgencyYear
    violations: list[Violation]
    writable: bool
    locked_quarters: frozenset[int]
    open_quarters: frozenset[int]


def figures_get(*, actor: User, agency: Agency, year: int) -> FigureSheet:
    _require_view(actor, agency)
    st = state_mod.load(agency, year)
    today = timezone.localdate()
    windows = windows_get(actor=actor, region=agency.region, year=year)
    return FigureSheet(
        state=st,
        violations=evaluate(load_rules(), st.values(), st.shapes.values()),
        writable=can_write(actor, agency),
        # Through the seam, not FigureLock, so approval wired into is_locked shows here too.
        locked_quarters=frozenset(q for q in (YEARLY, *QUARTERS) if is_locked(agency, year, q)),
        open_quarters=frozenset(w.quarter for w in windows if w.is_open_on(today)),
    )


def unit_prices_get(*, actor: User, region: Region, year: int) -> dict[str, UnitPrice]:
    if not can_view_region(actor, region):
        raise PermissionDenied("Pemda di luar wewenang Anda.")
    return {p.item_code: p for p in UnitPrice.objects.filter(region=region, year=year)}


def _needs(st: state_mod.AgencyYear, prices: dict[str, UnitPrice]) -> list[ServiceNeeds]:
    out = []
    for code, service in st.services.items():
        target = st.rows.get(FigureKey(code, YEARLY, "target"))
        items = []
        for item in service.quality_items.all():
            key = "available" if item.kind == "barang_jasa" else "staff"
            row = st.rows.get(FigureKey(code, YEARLY, key, item.code))
            price = prices.get(item.code)
            items.append(
                ItemInput(
                    code=item.code,
                    name=item.name,
                    kind=item.kind,
                    unit=item.unit,
                    norm=item.norm,
                    ratio=item.ratio,
                    available=tidy(row.value) if row and row.value is not None else None,
                    unit_price=tidy(price.price) if price else None,
                )
            )
        out.append(service_needs(code, target.value if target else None, items))
    return out


def needs_for_agency(*, actor: User, agency: Agency, year: int) -> list[ServiceNeeds]:
    _require_view(actor, agency)
    prices = unit_prices_get(actor=actor, region=agency.region, year=year)
    return _needs(state_mod.load(agency, year), prices)


@dataclass(frozen=True)
class AgencyNeeds:
    agency: Agency
    services: list[ServiceNeeds]
    total: NeedsTotal


def needs_for_region(
    *, actor: User, region: Region, year: int
) -> tuple[list[AgencyNeeds], NeedsTotal]:
    prices = unit_prices_get(actor=actor, region=region, year=year)
    rows = []
    for agency in agencies_for(actor=actor, region=region):
        services = _needs(state_mod.load(agency, year), prices)
        if services:
            rows.append(AgencyNeeds(agency, services, total_of(services)))
    return rows, total_of([r.total for r in rows])


@dataclass(frozen=True)
class AgencyCompleteness:
    agency: Agency
    shares: dict[str, Share]


def completeness_for_agency(*, actor: User, agency: Agency, year: int) -> dict[str, Share]:
    _require_view(actor, agency)
    st = state_mod.load(agency, year)
    return completeness(required_keys(st.shapes.values()), st.filled())


def completeness_for_region(
    *, actor: User, region: Region, year: int
) -> tuple[list[AgencyCompleteness], dict[str, Share]]:
    rows = []
    for agency in agencies_for(actor=actor, region=region):
        st = state_mod.load(agency, year)
        if st.services:
            shares = completeness(required_keys(st.shapes.values()), st.filled())
            rows.append(AgencyCompleteness(agency, shares))
    return rows, add(r.shares for r in rows)


@dataclass(frozen=True)
class WindowView:
    quarter: int
    closes_on: dt.date
    is_default: bool
    reopened_until: dt.date | None
    reopen_reason: str

    def is_open_on(self, today: dt.date) -> bool:
        return is_open(today, self.closes_on, self.reopened_until)


def windows_get(*, actor: User, region: Region, year: int) -> list[WindowView]:
    if not can_view_region(actor, region):
        raise PermissionDenied("Pemda di luar wewenang Anda.")
    stored = {w.quarter: w for w in InputWindow.objects.filter(region=region, year=year)}
    out = []
    for q in QUARTERS:
        w = stored.get(q)
        out.append(
            WindowView(
                quarter=q,
                closes_on=w.closes_on if w else default_closes_on(year, q),
                is_default=w is None,
                reopened_until=w.reopened_until if w else None,
                reopen_reason=w.reopen_reason if w else "",
            )
        )
    return out


def total_budget(st: state_mod.AgencyYear, service_code: str) -> Decimal | None:
    return st.values().get(FigureKey(service_code, YEARLY, "budget"))


@dataclass(frozen=True)
class ServiceRow:
    code: str
    name: str
    shares: dict[str, Share]
    blocking: int  # violations of blocking rules stored (should be none; listed for the verifier)


@dataclass(frozen=True)
class AgencyOverview:
    agency: Agency
    services: list[ServiceRow]
    shares: dict[str, Share]
    writable: bool


def overview_get(*, actor: User, region: Region, year: int) -> list[AgencyOverview]:
    """Each visible agency carrying services in `year`, with keterisian per service."""
    out = []
    for agency in agencies_for(actor=actor, region=region):
        st = state_mod.load(agency, year)
        if not st.services:
            continue
        filled = st.filled()
        violations = evaluate(load_rules(), st.values(), st.shapes.values())
        rows = [
            ServiceRow(
                code=code,
                name=service.name,
                shares=completeness(required_keys([st.shapes[code]]), filled),
                blocking=sum(1 for v in violations if v.blocking and v.figure.service_code == code),
            )
            for code, service in st.services.items()
        ]
        out.append(
            AgencyOverview(agency, rows, add(r.shares for r in rows), can_write(actor, agency))
        )
    return out


@dataclass(frozen=True)
class AgencyViolations:
    agency: Agency
    violations: list[Violation]


def violations_for_region(*, actor: User, region: Region, year: int) -> list[AgencyViolations]:
    """What the verifier should look at: every rule broken by stored figures, except "not yet
    filled" (the completeness view shows that)."""
    skip = {r.code for r in load_rules() if r.kind == "required"}
    out = []
    for agency in agencies_for(actor=actor, region=region):
        st = state_mod.load(agency, year)
        found = [
            v for v in evaluate(load_rules(), st.values(), st.shapes.values()) if v.rule not in skip
        ]
        if found:
            out.append(AgencyViolations(agency, found))
    return out


@dataclass(frozen=True)
class HistoryRow:
    when: dt.datetime
    who: str
    figure: str
    before: str
    after: str


def figure_history(
    *, actor: User, agency: Agency, year: int, service_code: str, limit: int = 30
) -> list[HistoryRow]:
    """The latest changes of a service's figures: who, when, before and after."""
    _require_view(actor, agency)
    # One query: a service-year holds a few hundred versions at most; the one before each
    # version is the previous of the same figure.
    records = list(
        FigureValue.history.filter(agency=agency, year=year, service__code=service_code)
        .select_related("history_user", "item")
        .order_by("history_date", "history_id")
    )
    previous: dict[int, Any] = {}
    rows = []
    for r in records:
        prev = previous.get(r.id)
        previous[r.id] = r
        fk = FigureKey(service_code, r.quarter, r.key, r.item.code if r.item else "")
        rows.append(
            HistoryRow(
                when=r.history_date,
                who=r.history_user.display_name if r.history_user else "–",
                figure=figure_label(fk, r.item.name if r.item else ""),
                before=_as_text(prev) if prev else "–",
                after=_as_text(r),
            )
        )
    return rows[::-1][:limit]


def _as_text(record: Any) -> str:
    if record.key in FIELDS and FIELDS[record.key].is_text:
        return record.text or "–"
    return format_id(record.value)


@dataclass
class ServiceFigures:
    """One service's figures over the agencies carrying it, for reports: the year's stage 1-3
    figures, the stage 4 figures of one quarter (cumulative, so quarter 4 is the year) and the
    problems and solutions of every quarter up to it.
    None means nobody entered it; numbers of several agencies are added up."""

    code: str
    agencies: list[str] = field(default_factory=list)
    target: Decimal | None = None
    served: Decimal | None = None
    budget: Decimal | None = None
    realised: Decimal | None = None
    personnel_needed: Decimal | None = None
    personnel_available: Decimal | None = None
    problems: list[str] = field(default_factory=list)
    solutions: list[str] = field(default_factory=list)
    budget_lines: list[tuple[str, str, Decimal]] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    shares: dict[str, Share] = field(default_factory=dict)


def _plus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return b if a is None else a if b is None else a + b


def _number(st: state_mod.AgencyYear, code: str, quarter: int, key: str) -> Decimal | None:
    row = st.rows.get(FigureKey(code, quarter, key))
    # Stored with two decimals; a count of people prints as 11.200, not 11.200,00.
    return tidy(row.value) if row and row.value is not None else None


def _lines(st: state_mod.AgencyYear, code: str, quarter: int, key: str) -> list[str]:
    row = st.rows.get(FigureKey(code, quarter, key))
    return [line for line in (row.text if row else "").splitlines() if line.strip()]


def service_figures_for_region(
    *, actor: User, region: Region, year: int, quarter: int
) -> dict[str, ServiceFigures]:
    prices = unit_prices_get(actor=actor, region=region, year=year)
    out: dict[str, ServiceFigures] = {}
    for agency in agencies_for(actor=actor, region=region):
        st = state_mod.load(agency, year)
        needs = {n.service_code: n for n in _needs(st, prices)}
        filled = st.filled()
        for code in st.services:
            sf = out.setdefault(code, ServiceFigures(code))
            sf.agencies.append(agency.short_name or agency.name)
            sf.target = _plus(sf.target, _number(st, code, YEARLY, "target"))
            sf.served = _plus(sf.served, _number(st, code, quarter, "served"))
            sf.realised = _plus(sf.realised, _number(st, code, quarter, "realised"))
            budget = total_budget(st, code)
            sf.budget = _plus(sf.budget, None if budget is None else tidy(budget))
            for item in needs[code].personnel:
                sf.personnel_needed = _plus(sf.personnel_needed, item.need)
                sf.personnel_available = _plus(sf.personnel_available, item.available)
            # Problems met in any quarter so far belong in the report, not only the last one's.
            for q in range(1, quarter + 1):
                sf.problems += _lines(st, code, q, "problems")
                sf.solutions += _lines(st, code, q, "solutions")
            sf.budget_lines += [
                (b.code, b.name, tidy(b.amount)) for b in st.budget_lines.get(code, [])
            ]
            sf.actions += [a.action for a in st.actions.get(code, [])]
            shares = completeness(required_keys([st.shapes[code]]), filled)
            sf.shares = add([sf.shares, shares]) if sf.shares else shares
    return out
