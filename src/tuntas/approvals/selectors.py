"""Reads of the verification lifecycle and of the province's review, scoped to the actor."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, Min, OuterRef, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuntas.accounts.models import User
from tuntas.accounts.scoping import can_view_region, visible_regions
from tuntas.catalog.models import QualityItem, ServiceType
from tuntas.figures import state as figures_state
from tuntas.figures.completeness import required_keys
from tuntas.figures.fields import FIELDS, YEARLY, FigureKey, figure_label
from tuntas.figures.models import BudgetLine, FigureValue
from tuntas.figures.numbers import format_id
from tuntas.figures.services import window_state
from tuntas.figures.validation import Violation, evaluate, load_rules
from tuntas.indexing.models import IndexResult
from tuntas.indexing.selectors import index_of_children
from tuntas.organisation.models import Agency, AgencyService
from tuntas.organisation.selectors import agencies_visible
from tuntas.regions.models import Region

from . import services
from .models import FigureNote, ProvinceSubmission, Status, Submission, Transition


def _require_region(actor: User, region: Region) -> None:
    if not can_view_region(actor, region):
        raise PermissionDenied(f"Pemda {region.code} tidak ditemukan atau di luar wewenang Anda.")


def _require_agency(actor: User, agency: Agency) -> None:
    if not agencies_visible(actor).filter(pk=agency.pk).exists():
        raise PermissionDenied(
            f"Perangkat daerah {agency.code} tidak ditemukan atau di luar wewenang Anda."
        )


class _SubmissionState:
    """An agency-quarter without a submission yet is a draft."""

    submission: Submission | None

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else Status.DRAFT

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


@dataclass(frozen=True)
class AgencyStatus(_SubmissionState):
    agency: Agency
    submission: Submission | None
    can_submit: bool
    can_verify: bool
    can_approve: bool
    can_reopen: bool


def submissions_for_region(
    *, actor: User, region: Region, year: int, quarter: int
) -> list[AgencyStatus]:
    """Every reporting agency the actor may see, with its quarter's status and what the actor
    may do with it."""
    _require_region(actor, region)
    visible = set(agencies_visible(actor).filter(region=region).values_list("pk", flat=True))
    agencies = [a for a in services.reporting_agencies(region, year) if a.pk in visible]
    subs = {
        s.agency_id: s
        for s in Submission.objects.filter(agency__in=agencies, year=year, quarter=quarter)
    }
    out = []
    for a in agencies:
        sub = subs.get(a.pk)
        status = sub.status if sub else Status.DRAFT
        out.append(
            AgencyStatus(
                a,
                sub,
                can_submit=status in (Status.DRAFT, Status.RETURNED)
                and services.can_submit(actor, a),
                can_verify=status == Status.SUBMITTED and services.can_verify(actor, a),
                can_approve=status == Status.VERIFIED and services.can_approve(actor, a),
                can_reopen=status in services.REOPENABLE and services.can_reopen(actor, a),
            )
        )
    return out


def submissions_get(
    *, actor: User, region: Region, year: int, quarter: int, agency_codes: list[str]
) -> list[Submission]:
    """The submissions of the named agencies (for bulk actions); outsiders get nothing."""
    _require_region(actor, region)
    return list(
        Submission.objects.filter(
            agency__in=agencies_visible(actor).filter(region=region, code__in=agency_codes),
            year=year,
            quarter=quarter,
        ).select_related("agency", "agency__region")
    )


@dataclass(frozen=True)
class Version:
    value: str
    user: str
    at: dt.datetime


@dataclass(frozen=True)
class FigureLine:
    key: FigureKey
    label: str
    value: str  # now
    submitted: str | None  # in the current submission's snapshot
    previous: str | None  # in the previous submission's snapshot
    notes: list[FigureNote]
    history: list[Version]  # every saved version, oldest first (the audit trail)

    @property
    def changed(self) -> bool:
        return self.previous != self.submitted


@dataclass(frozen=True)
class Review(_SubmissionState):
    agency: Agency
    year: int
    quarter: int
    submission: Submission | None
    lines: list[FigureLine]
    violations: list[Violation]
    transitions: list[Transition]
    first_submission: bool
    can_submit: bool
    can_verify: bool
    can_return: bool
    can_approve: bool
    can_reopen: bool

    @property
    def changes(self) -> list[FigureLine]:
        return [line for line in self.lines if line.changed]


def review_get(*, actor: User, agency: Agency, year: int, quarter: int) -> Review:
    """An agency's quarter for the verifier: the figures now and as submitted, what changed
    since the previous submission, notes, rule violations and the transition log."""
    _require_agency(actor, agency)
    sub = Submission.objects.filter(agency=agency, year=year, quarter=quarter).first()
    st = figures_state.load(agency, year)
    now = services.snapshot(agency, year, quarter)
    submitted = sub.snapshot if sub and sub.submitted_at else {}
    previous = sub.previous_snapshot if sub and sub.previous_snapshot is not None else None
    notes: dict[str, list[FigureNote]] = {}
    for n in FigureNote.objects.filter(submission=sub) if sub else []:
        key = services.key_text(FigureKey(n.service_code, n.quarter, n.key, n.item_code))
        notes.setdefault(key, []).append(n)
    history = _history(agency, year, quarter)
    keys = sorted(set(now) | set(submitted) | set(notes), key=_order(st))
    lines = []
    for text in keys:
        fk = services.key_of(text)
        shape = st.shapes.get(fk.service_code)
        lines.append(
            FigureLine(
                fk,
                figure_label(fk, shape.names.get(fk.item_code, "") if shape else ""),
                now.get(text, "–"),
                submitted.get(text),
                previous.get(text) if previous is not None else submitted.get(text),
                notes.get(text, []),
                history.get(text, []),
            )
        )
    skip = {r.code for r in load_rules() if r.kind == "required"}
    violations = [
        v
        for v in evaluate(load_rules(), st.values(), st.shapes.values())
        if v.rule not in skip and v.figure.quarter in (YEARLY, quarter)
    ]
    status = sub.status if sub else Status.DRAFT
    verifier = services.can_verify(actor, agency)
    approver = services.can_approve(actor, agency)
    return Review(
        agency=agency,
        year=year,
        quarter=quarter,
        submission=sub,
        lines=lines,
        violations=violations,
        transitions=list(sub.transitions.select_related("actor")) if sub else [],
        first_submission=previous is None,
        can_submit=status in (Status.DRAFT, Status.RETURNED) and services.can_submit(actor, agency),
        can_verify=status == Status.SUBMITTED and verifier,
        can_return=(status == Status.SUBMITTED and verifier)
        or (status == Status.VERIFIED and (verifier or approver)),
        can_approve=status == Status.VERIFIED and approver,
        can_reopen=status in services.REOPENABLE and services.can_reopen(actor, agency),
    )


def _history(agency: Agency, year: int, quarter: int) -> dict[str, list[Version]]:
    """Every version of the figures a quarter covers, per figure, from simple-history."""
    rows = (
        FigureValue.history.filter(agency=agency, year=year, quarter__in=(YEARLY, quarter))
        .select_related("history_user", "service", "item")
        .order_by("history_date")
    )
    out: dict[str, list[Version]] = {}
    for h in rows:
        fk = FigureKey(h.service.code, h.quarter, h.key, h.item.code if h.item else "")
        who = h.history_user.display_name if h.history_user else str(_("sistem"))
        value = h.text or format_id(h.value)
        out.setdefault(services.key_text(fk), []).append(Version(value, who, h.history_date))
    return out


def _order(st: figures_state.AgencyYear) -> Callable[[str], tuple[int, int, str, str]]:
    services_order = {code: i for i, code in enumerate(st.services)}

    def key(text: str) -> tuple[int, int, str, str]:
        fk = services.key_of(text)
        return (services_order.get(fk.service_code, 999), fk.quarter, fk.key, fk.item_code)

    return key


# --- province ------------------------------------------------------------------------------

_NOT_SENT = _("Belum dikirim")


@dataclass(frozen=True)
class ChildRow:
    region: Region
    submission: ProvinceSubmission | None
    index: Decimal | None
    category: str
    reporting: list["Reporting"]  # its reporting agencies
    approved: int  # agencies whose period is approved
    can_review: bool

    @property
    def agencies(self) -> int:
        return len(self.reporting)

    @property
    def completeness(self) -> Decimal | None:
        """Mean over its agencies of the share of required figures filled."""
        known = [r.completeness for r in self.reporting if r.completeness is not None]
        return sum(known, Decimal(0)) / len(known) if known else None

    @property
    def timely(self) -> Decimal | None:
        """Percent of its agencies whose first submission came by the window's close."""
        if not self.reporting:
            return None
        return Decimal(sum(1 for r in self.reporting if r.timely) * 100) / len(self.reporting)

    @property
    def status_label(self) -> str:
        if self.submission is None:
            return str(_NOT_SENT)
        return str(ProvinceSubmission.State(self.submission.status).label)


# Every stored figure passed figures_save's checks (a carried service, its own items, the
# right quarters), so a filled required key is one non-empty row of these keys.
_REQUIRED_STORED = [k for k, f in FIELDS.items() if f.required and f.stored]


def completeness_of(agencies: list[Agency], year: int) -> dict[int, Decimal | None]:
    """Percent of the required figures each agency filled (as figures.completeness), counted
    in the database for all of them at once."""
    items = QualityItem.objects.order_by("order")
    carried = list(
        AgencyService.objects.filter(agency__in=agencies, year=year).values_list(
            "agency_id", "service_id"
        )
    )
    services = ServiceType.objects.filter(pk__in={s for _a, s in carried}).prefetch_related(
        Prefetch("quality_items", queryset=items)
    )
    per_service = {s.pk: len(required_keys([figures_state.shape_of(s)])) for s in services}
    required: dict[int, int] = {a.pk: 0 for a in agencies}
    for agency_id, service_id in carried:
        required[agency_id] += per_service[service_id]
    is_carried = Exists(
        AgencyService.objects.filter(
            agency=OuterRef("agency"), service=OuterRef("service"), year=year
        )
    )
    filled = dict(
        FigureValue.objects.filter(is_carried, agency__in=agencies, year=year)
        .filter(key__in=_REQUIRED_STORED)
        .exclude(value__isnull=True, text="")
        .order_by()  # the model's ordering would join every related table
        .values("agency_id")
        .annotate(n=Count("pk"))
        .values_list("agency_id", "n")
    )
    budgeted = dict(
        BudgetLine.objects.filter(is_carried, agency__in=agencies, year=year)
        .order_by()
        .values("agency_id")
        .annotate(n=Count("service", distinct=True))
        .values_list("agency_id", "n")
    )
    return {
        pk: None if not total else Decimal((filled.get(pk, 0) + budgeted.get(pk, 0)) * 100) / total
        for pk, total in required.items()
    }


def province_overview(*, actor: User, province: Region, year: int, quarter: int) -> list[ChildRow]:
    """The province's kabupaten/kota the actor may see: what they sent, index, completeness."""
    _require_region(actor, province)
    if not province.is_province:
        raise PermissionDenied(f"{province.name} bukan provinsi.")
    period = 4 if quarter == YEARLY else quarter
    indexes = {
        s.region.code: s
        for s in index_of_children(actor=actor, province=province, year=year, quarter=period)
    }
    sent = {
        p.region_id: p
        for p in ProvinceSubmission.objects.filter(
            region__in=visible_regions(actor).filter(parent=province), year=year, quarter=quarter
        )
    }
    by_region = services.reporting_agencies_of([s.region for s in indexes.values()], year)
    reporting = _reporting({s.region: by_region[code] for code, s in indexes.items()}, year, period)
    all_agencies = [a for group in by_region.values() for a in group]
    missing = {a.pk for a in services.unapproved_of(all_agencies, year, quarter)}
    rows = []
    for code, stored in indexes.items():
        region = stored.region
        total: IndexResult = stored.total
        rows.append(
            ChildRow(
                region=region,
                submission=sent.get(code),
                index=total.index,
                category=total.category,
                reporting=reporting[code],
                approved=sum(1 for a in by_region[code] if a.pk not in missing),
                can_review=services.can_review_for_province(actor, region),
            )
        )
    return rows


def province_submission_get(
    *, actor: User, region: Region, year: int, quarter: int
) -> ProvinceSubmission | None:
    _require_region(actor, region)
    return ProvinceSubmission.objects.filter(region=region, year=year, quarter=quarter).first()


@dataclass(frozen=True)
class Reporting:
    """How an agency reported a quarter: its completeness and whether it came in time."""

    agency: Agency
    completeness: Decimal | None
    first_submitted: dt.datetime | None
    due: dt.date

    @property
    def timely(self) -> bool:
        return self.first_submitted is not None and (
            timezone.localtime(self.first_submitted).date() <= self.due
        )


def reporting_for_region(
    *, actor: User, region: Region, year: int, quarter: int
) -> list[Reporting]:
    """Completeness and timeliness per agency: the first submission of the quarter against the
    close of its input window."""
    _require_region(actor, region)
    visible = set(agencies_visible(actor).filter(region=region).values_list("pk", flat=True))
    agencies = [a for a in services.reporting_agencies(region, year) if a.pk in visible]
    return _reporting({region: agencies}, year, quarter)[region.code]


def _reporting(
    by_region: dict[Region, list[Agency]], year: int, quarter: int
) -> dict[str, list[Reporting]]:
    """Reporting rows of several Pemda's agencies, read together."""
    agencies = [a for group in by_region.values() for a in group]
    first = dict(
        Transition.objects.filter(
            submission__agency__in=agencies,
            submission__year=year,
            submission__quarter=quarter,
            to_status=Status.SUBMITTED,
        )
        .values("submission__agency_id")
        .annotate(first=Min("at"))
        .values_list("submission__agency_id", "first")
    )
    shares = completeness_of(agencies, year)
    out = {}
    for region, group in by_region.items():
        due, _window = window_state(region, year, quarter)
        out[region.code] = [Reporting(a, shares[a.pk], first.get(a.pk), due) for a in group]
    return out
