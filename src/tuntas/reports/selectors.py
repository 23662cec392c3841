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

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from tuntas.accounts.models import AGENCY_ROLES, Role, User
from tuntas.accounts.scoping import can_manage_region, can_view_region, visible_regions
from tuntas.catalog.selectors import services_for_year
from tuntas.organisation.models import AgencyService, SpmTeam
from tuntas.regions.models import Region

from .content import (
    AnnualReport,
    LetterheadContent,
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


def annual_report_content(
    *, actor: User, region: Region, year: int, date: dt.date | None = None
) -> AnnualReport:
    """The annual report of `region` for `year` from what Tuntas holds today.

    Filled here: letterhead, signatory, narrative sections, the SPM team and its decree, the
    sectors and services of the year's catalog for the Pemda's level with the agencies carrying
    each (`ServiceRow.code/name/agencies`, `SectorSection.code/name`), and the date.

    Left None for the integrator to fill once figures (issue 4) and the index (issue 6) exist:
    - per `ServiceRow`: target, served, recipients_pct, quality_pct (figures), index and
      category (index), budget and budget_realised, personnel_needed and personnel_available,
      problems and solutions (lists of plain strings);
    - per `SectorSection`: index, category;
    - on `AnnualReport`: index, category (the Pemda's overall index), and `programs`
      (ProgramRow per program/activity with its amount and realisation).
    Totals are computed from the service rows, so nothing else needs wiring.
    """
    report_region_get(actor=actor, code=region.code)
    carriers: dict[str, list[str]] = {}
    for a in (
        AgencyService.objects.filter(agency__region=region, year=year)
        .select_related("agency", "service")
        .order_by("agency__name")
    ):
        carriers.setdefault(a.service.code, []).append(a.agency.short_name or a.agency.name)
    sectors: dict[str, SectorSection] = {}
    for service in services_for_year(year, level=region.level).order_by("sector__order", "order"):
        section = sectors.setdefault(
            service.sector.code, SectorSection(service.sector.code, service.sector.name, [])
        )
        section.services.append(
            ServiceRow(service.code, service.name, agencies=carriers.get(service.code, []))
        )
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
        team=[
            TeamMemberRow(m.get_position_display(), m.job_title, m.name)
            for m in (team.members.order_by("order") if team else [])
        ],
        team_decree=team.decree_number if team else "",
        date=date or timezone.localdate(),
    )


def quarterly_report_content(
    *, actor: User, region: Region, year: int, quarter: int
) -> QuarterlyReport:
    """The e-SPM quarterly rows: sector, code and name of each service of the year's catalog.
    The integrator fills every other `QuarterlyRow` field from figures (target, served,
    recipients_pct, quality_pct, budget, budget_realised, problems, stage_status, action_plan)
    and the index (index, category)."""
    report_region_get(actor=actor, code=region.code)
    rows = [
        QuarterlyRow(sector=s.sector.name, code=s.code, name=s.name)
        for s in services_for_year(year, level=region.level).order_by("sector__order", "order")
    ]
    return QuarterlyReport(region.code, region.name, year, quarter, rows)


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
