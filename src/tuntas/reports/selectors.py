"""Reads for reports and the archive, always scoped to the actor.

Who may do what (decided here, used by views, API, CLI and services alike):
- prepare (edit narrative and settings, generate, upload signed scans, send): the Pemda's admin
  and koordinator, and its pengesah (Sekda), who signs and often sends the report himself;
- read a Pemda's report page and archive: every non-agency user who may see the Pemda
  (its own team, its province, Kemendagri); agency operators and heads have no business here;
- receive and acknowledge: for a dispatch to a province, that province's admin, koordinator and
  peninjau_provinsi; for a dispatch to Kemendagri, the kemendagri role and national admins.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from tuntas.accounts.models import AGENCY_ROLES, Role, User
from tuntas.accounts.scoping import can_manage_region, can_view_region, visible_regions
from tuntas.catalog.selectors import services_for_year
from tuntas.figures.selectors import ServiceFigures, service_figures_for_region
from tuntas.indexing.models import IndexResult
from tuntas.indexing.selectors import StoredIndex, index_get
from tuntas.organisation.models import SpmTeam
from tuntas.regions.models import Region

from .content import (
    AnnualReport,
    LetterheadContent,
    ProgramRow,
    QuarterlyReport,
    QuarterlyRow,
    SectorSection,
    ServiceRow,
    SignatoryContent,
    TeamMemberRow,
)
from .models import Dispatch, Document, Letterhead, LetterNumbering, Narrative, ReportJob, Signatory

RECEIVER_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.PROVINCIAL_REVIEWER})


def can_prepare_report(actor: User, region: Region) -> bool:
    if can_manage_region(actor, region):
        return True
    return actor.is_active and actor.role == Role.APPROVER and actor.region_id == region.code


def can_read_reports(actor: User, region: Region) -> bool:
    return actor.role not in AGENCY_ROLES and can_view_region(actor, region)


def report_region_get(*, actor: User, code: str) -> Region:
    """The Pemda whose reports the actor may read; an outsider cannot tell it from a missing one."""
    region = Region.objects.filter(code=code).first()
    if region is None or not can_read_reports(actor, region):
        raise PermissionDenied(f"Pemda {code} tidak ditemukan atau di luar wewenang Anda.")
    return region


def report_regions(actor: User) -> QuerySet[Region]:
    if actor.role in AGENCY_ROLES:
        return Region.objects.none()
    return visible_regions(actor).order_by("code")


def letterhead_get(*, actor: User, region: Region) -> Letterhead | None:
    report_region_get(actor=actor, code=region.code)
    return Letterhead.objects.filter(region=region).first()


def signatory_get(*, actor: User, region: Region, year: int) -> Signatory | None:
    report_region_get(actor=actor, code=region.code)
    return Signatory.objects.filter(region=region, year=year).first()


def numbering_get(*, actor: User, region: Region) -> LetterNumbering | None:
    report_region_get(actor=actor, code=region.code)
    return LetterNumbering.objects.filter(region=region).first()


def narrative_texts(*, actor: User, region: Region, year: int) -> dict[str, str]:
    """Every section key with its text ("" when not written yet)."""
    report_region_get(actor=actor, code=region.code)
    written = dict(
        Narrative.objects.filter(region=region, year=year).values_list("section", "text")
    )
    return {key: written.get(key, "") for key in Narrative.Section.values}


def letterhead_content(letterhead: Letterhead | None, region: Region) -> LetterheadContent:
    if letterhead is None:
        return LetterheadContent(name_lines=[f"Pemerintah {region.name}"], address="")
    contact = " · ".join(
        p
        for p in (
            f"Telp. {letterhead.phone}" if letterhead.phone else "",
            letterhead.email,
            letterhead.website,
        )
        if p
    )
    return LetterheadContent(
        name_lines=[line.strip() for line in letterhead.name_lines.splitlines() if line.strip()],
        address=letterhead.address,
        contact=contact,
        logo_path=letterhead.logo.path if letterhead.logo else None,
        city=letterhead.city,
    )


def _latest_quarter(region: Region, year: int) -> int:
    """The last quarter with a Pemda index: a draft made during the year reports up to it."""
    quarters = IndexResult.objects.filter(
        region=region, year=year, level=IndexResult.Level.REGION, index__isnull=False
    ).values_list("quarter", flat=True)
    return max(quarters, default=4)


def _service_rows(
    *, actor: User, region: Region, year: int, quarter: int
) -> tuple[dict[str, SectorSection], StoredIndex, dict[str, ServiceFigures]]:
    """Sectors and services of the year's catalog for the Pemda's level, each with its figures
    (stage 1-3 of the year, stage 4 cumulative to `quarter`) and its stored index."""
    figures = service_figures_for_region(actor=actor, region=region, year=year, quarter=quarter)
    stored = index_get(actor=actor, region=region, year=year, quarter=quarter)
    indexed = {r.code: r for r in stored.services}
    sector_index = {r.code: r for r in stored.sectors}
    sectors: dict[str, SectorSection] = {}
    for service in services_for_year(year, level=region.level).order_by("sector__order", "order"):
        sector = service.sector
        if sector.code not in sectors:
            si = sector_index.get(sector.code)
            sectors[sector.code] = SectorSection(
                sector.code,
                sector.name,
                [],
                index=si.index if si else None,
                category=(si.category or None) if si else None,
            )
        f = figures.get(service.code) or ServiceFigures(service.code)
        i = indexed.get(service.code)
        sectors[sector.code].services.append(
            ServiceRow(
                service.code,
                service.name,
                agencies=f.agencies,
                target=f.target,
                served=f.served,
                recipients_pct=i.recipients_pct if i else None,
                quality_pct=i.quality_pct if i else None,
                index=i.index if i else None,
                category=(i.category or None) if i else None,
                budget=f.budget,
                budget_realised=f.realised,
                personnel_needed=f.personnel_needed,
                personnel_available=f.personnel_available,
                problems=f.problems,
                solutions=f.solutions,
            )
        )
    return sectors, stored, figures


def _programs(figures: dict[str, ServiceFigures]) -> list[ProgramRow]:
    """Budget lines of every service, added up per nomenclature code."""
    amounts: dict[str, tuple[str, Decimal]] = {}
    for f in figures.values():
        for code, name, amount in f.budget_lines:
            _name, total = amounts.get(code, (name, Decimal(0)))
            amounts[code] = (name, total + amount)
    return [ProgramRow(code, name, amount) for code, (name, amount) in sorted(amounts.items())]


def annual_report_content(
    *, actor: User, region: Region, year: int, date: dt.date | None = None
) -> AnnualReport:
    """The annual report of `region` for `year` from what Tuntas holds today: letterhead,
    signatory, narrative, the SPM team, and per sector and service the figures (figures app)
    and the stored index (indexing app) of the fourth quarter, or of the last quarter with an
    index while the year is still running (`through_quarter`)."""
    report_region_get(actor=actor, code=region.code)
    quarter = _latest_quarter(region, year)
    sectors, stored, figures = _service_rows(actor=actor, region=region, year=year, quarter=quarter)
    team = SpmTeam.objects.filter(region=region, year=year).prefetch_related("members").first()
    signatory = Signatory.objects.filter(region=region, year=year).first()
    return AnnualReport(
        region_code=region.code,
        region_name=region.name,
        level=region.level,
        year=year,
        letterhead=letterhead_content(Letterhead.objects.filter(region=region).first(), region),
        signatory=None
        if signatory is None
        else SignatoryContent(signatory.name, signatory.nip, signatory.title),
        narrative=narrative_texts(actor=actor, region=region, year=year),
        sectors=list(sectors.values()),
        programs=_programs(figures),
        team=[
            TeamMemberRow(m.get_position_display(), m.job_title, m.name)
            for m in (team.members.order_by("order") if team else [])
        ],
        team_decree=team.decree_number if team else "",
        index=stored.total.index,
        category=stored.total.category or None,
        date=date or timezone.localdate(),
        through_quarter=quarter,
    )


def quarterly_report_content(
    *, actor: User, region: Region, year: int, quarter: int
) -> QuarterlyReport:
    """The e-SPM quarterly rows: each service of the year's catalog with its figures and index
    of `quarter`, the stage its agencies have completed, and its action plan."""
    report_region_get(actor=actor, code=region.code)
    sectors, _stored, figures = _service_rows(
        actor=actor, region=region, year=year, quarter=quarter
    )
    rows = []
    for sector in sectors.values():
        for s in sector.services:
            f = figures.get(s.code) or ServiceFigures(s.code)
            rows.append(
                QuarterlyRow(
                    sector=sector.name,
                    code=s.code,
                    name=s.name,
                    target=s.target,
                    served=s.served,
                    recipients_pct=s.recipients_pct,
                    quality_pct=s.quality_pct,
                    index=s.index,
                    category=s.category,
                    budget=s.budget,
                    budget_realised=s.budget_realised,
                    problems=s.problems,
                    stage_status=stage_status(f, quarter),
                    action_plan=f.actions,
                )
            )
    return QuarterlyReport(region.code, region.name, year, quarter, rows)


def stage_status(f: ServiceFigures, quarter: int) -> str | None:
    """The furthest of the four stages whose figures are complete, as the e-SPM form asks."""
    if not f.shares:
        return None
    done = [
        name
        for group, name in (
            ("stage1", "Pengumpulan data"),
            ("stage1", "Penghitungan kebutuhan"),  # computed from stage 1
            ("stage3", "Penyusunan rencana"),
            (f"q{quarter}", "Pelaksanaan"),
        )
        if group in f.shares and f.shares[group].percent == 100
    ]
    return ", ".join(done) if done else "Belum lengkap"


def documents_visible(actor: User) -> QuerySet[Document]:
    return Document.objects.filter(region__in=report_regions(actor)).select_related(
        "region", "created_by", "source_document"
    )


def document_get(*, actor: User, document_id: int) -> Document:
    document = documents_visible(actor).filter(pk=document_id).first()
    if document is None:
        raise PermissionDenied("Dokumen tidak ditemukan atau di luar wewenang Anda.")
    return document


def archive_search(
    *,
    actor: User,
    year: int | None = None,
    kind: str | None = None,
    region_code: str | None = None,
) -> QuerySet[Document]:
    qs = documents_visible(actor)
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if region_code:
        qs = qs.filter(region_id=region_code)
    return qs


def inbox(actor: User) -> QuerySet[Dispatch]:
    """Dispatches addressed to the actor's office."""
    qs = Dispatch.objects.select_related("sender", "receiver", "cover_letter", "receipt")
    if not actor.is_active:
        return qs.none()
    if actor.is_national:
        return qs.filter(destination=Dispatch.Destination.KEMENDAGRI)
    region = actor.region
    if actor.role in RECEIVER_ROLES and region is not None and region.is_province:
        return qs.filter(destination=Dispatch.Destination.PROVINCE, receiver=region)
    return qs.none()


def dispatch_get(*, actor: User, dispatch_id: int) -> Dispatch:
    """A dispatch the actor sent (its Pemda's reader) or received."""
    sent = Q(sender__in=report_regions(actor))
    dispatch = (
        Dispatch.objects.filter(sent | Q(pk__in=inbox(actor).values("pk")))
        .filter(pk=dispatch_id)
        .first()
    )
    if dispatch is None:
        raise PermissionDenied("Pengiriman tidak ditemukan atau di luar wewenang Anda.")
    return dispatch


def dispatches_sent(*, actor: User, region: Region, year: int) -> QuerySet[Dispatch]:
    report_region_get(actor=actor, code=region.code)
    return Dispatch.objects.filter(sender=region, year=year).select_related(
        "receiver", "cover_letter", "receipt", "sent_by", "acknowledged_by"
    )


def job_get(*, actor: User, job_id: int) -> ReportJob:
    job = ReportJob.objects.select_related("region", "document").filter(pk=job_id).first()
    if job is None or not can_read_reports(actor, job.region):
        raise PermissionDenied("Pekerjaan tidak ditemukan atau di luar wewenang Anda.")
    return job
