"""Reads of by-name recipients, always scoped to the actor, with NIK and name masked for roles
that do not need them (UU 27/2022)."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractQuarter

from tuntas.accounts.models import AGENCY_ROLES, Role, User
from tuntas.accounts.scoping import can_view_region
from tuntas.catalog.models import ServiceType
from tuntas.catalog.selectors import NoCatalogForYear, services_for_year
from tuntas.organisation.models import AgencyService
from tuntas.regions.models import Region

from .models import ImportJob, Recipient
from .validation import ExtraField

SERVICE_FIELDS_FILE = Path(__file__).parent / "data" / "service_fields.yaml"


@dataclass(frozen=True)
class Access:
    view: bool
    full: bool  # unmasked NIK and name; may import


def recipient_access(actor: User, region: Region, year: int, service: ServiceType) -> Access:
    """Agency roles of the agency carrying the service in that year, and the Pemda's own
    koordinator and admin, see NIK and names and may import; other roles that see the Pemda
    (verifikator, pengesah, peninjau, Kemendagri) see masked rows; agency roles of other
    agencies see nothing. The server's own shell (the CLI without --as) is beyond any role."""
    if actor.pk is None and actor.is_superuser:
        return Access(True, True)
    if not can_view_region(actor, region):
        return Access(False, False)
    if actor.role in AGENCY_ROLES:
        carries = AgencyService.objects.filter(
            agency_id=actor.agency_id or 0, agency__region=region, service=service, year=year
        ).exists()
        return Access(carries, carries)
    own = actor.region_id == region.code and actor.role in {Role.ADMIN, Role.COORDINATOR}
    return Access(True, own)


def require_access(
    actor: User, region: Region, year: int, service: ServiceType, *, full: bool = False
) -> Access:
    access = recipient_access(actor, region, year, service)
    if not access.view or (full and not access.full):
        raise PermissionDenied(f"Data penerima {service.code} {region.name} di luar wewenang Anda.")
    return access


def _services(year: int, level: str | None = None) -> list[ServiceType]:
    """The catalog's services of a year; none for a year before the first edition."""
    try:
        return list(services_for_year(year, level=level))
    except NoCatalogForYear:
        return []


def service_get(*, year: int, code: str) -> ServiceType:
    service = next((s for s in _services(year) if s.code == code), None)
    if service is None:
        raise PermissionDenied(f"Jenis pelayanan {code} tidak ada dalam katalog {year}.")
    return service


def services_visible(*, actor: User, region: Region, year: int) -> list[ServiceType]:
    """The region's services whose recipients the actor may see, for the menus."""
    services = _services(year, region.level)
    return [s for s in services if recipient_access(actor, region, year, s).view]


def extra_fields(service_code: str) -> list[ExtraField]:
    spec = yaml.safe_load(SERVICE_FIELDS_FILE.read_text(encoding="utf-8")) or {}
    return [ExtraField(**f) for f in spec.get(service_code, [])]


def mask_nik(nik: str) -> str:
    return f"{nik[:4]}{'*' * 8}{nik[12:]}"


def mask_name(name: str) -> str:
    return " ".join(f"{w[0]}." for w in name.split() if w)


@dataclass(frozen=True)
class RecipientPage:
    rows: list[dict[str, Any]]
    total: int
    page: int
    pages: int
    unmasked: bool


def recipient_list(
    *,
    actor: User,
    region: Region,
    year: int,
    service: ServiceType,
    search: str = "",
    page: int = 1,
    per_page: int = 50,
) -> RecipientPage:
    """One page of recipients, masked unless the actor's role needs the identities. Searching
    by NIK or name is only for those who may see them (else a search would reveal them)."""
    access = require_access(actor, region, year, service)
    qs: QuerySet[Recipient] = Recipient.objects.filter(region=region, year=year, service=service)
    if search and access.full:
        qs = qs.filter(Q(nik__startswith=search) | Q(name__icontains=search))
    elif search:
        qs = qs.filter(village_code__startswith=search)
    total = qs.count()
    pages = max((total + per_page - 1) // per_page, 1)
    page = min(max(page, 1), pages)
    rows = []
    for r in qs.order_by("nik")[(page - 1) * per_page : page * per_page]:
        rows.append(
            {
                "nik": r.nik if access.full else mask_nik(r.nik),
                "name": r.name if access.full else mask_name(r.name),
                "sex": r.sex,
                "birth_date": r.birth_date,
                "village_code": r.village_code,
                "served_on": r.served_on,
                "to_standard": r.to_standard,
                "extra": r.extra,
            }
        )
    return RecipientPage(rows, total, page, pages, access.full)


@dataclass
class ServiceTotals:
    """Target and served-to-standard counts of one service: cumulative per quarter (stage 4)
    and per village."""

    service_code: str
    target: int = 0
    served_to_standard: int = 0
    quarters: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    villages: dict[str, dict[str, int]] = field(default_factory=dict)


def recipient_totals(
    *, actor: User, region: Region, year: int, service_code: str | None = None
) -> dict[str, ServiceTotals]:
    """Targets (recipient rows) and served counts of a Pemda's services in a year, aggregated
    in the database; keyed by service code. `quarters[i]` is the number served to the standard
    by the end of quarter i+1 (cumulative). Services the actor may not see are left out."""
    if not can_view_region(actor, region):
        raise PermissionDenied("Pemda di luar wewenang Anda.")
    services = {s.id: s for s in _services(year, region.level)}
    if service_code:
        services = {k: s for k, s in services.items() if s.code == service_code}
    allowed = {k: s for k, s in services.items() if recipient_access(actor, region, year, s).view}
    base = Recipient.objects.filter(region=region, year=year, service_id__in=list(allowed))
    out = {s.code: ServiceTotals(s.code) for s in allowed.values()}
    by_quarter = (
        base.filter(to_standard=True, served_on__isnull=False)
        .annotate(q=ExtractQuarter("served_on"))
        .values("service_id", "q")
        .annotate(n=Count("id"))
    )
    for row in by_quarter:
        totals = out[allowed[row["service_id"]].code]
        for i in range(row["q"] - 1, 4):
            totals.quarters[i] += row["n"]
    by_village = base.values("service_id", "village_code").annotate(
        target=Count("id"), served=Count("id", filter=Q(to_standard=True))
    )
    for row in by_village:
        totals = out[allowed[row["service_id"]].code]
        totals.target += row["target"]
        totals.served_to_standard += row["served"]
        totals.villages[row["village_code"]] = {"target": row["target"], "served": row["served"]}
    return out


def import_job_get(*, actor: User, pk: int) -> ImportJob:
    """A job is seen by whoever may import into its Pemda and service."""
    job = ImportJob.objects.select_related("region", "service").filter(pk=pk).first()
    if job is None or not recipient_access(actor, job.region, job.year, job.service).full:
        raise PermissionDenied("Impor tidak ditemukan atau di luar wewenang Anda.")
    return job


def import_jobs_recent(
    *, actor: User, region: Region, year: int, service: ServiceType, limit: int = 5
) -> list[ImportJob]:
    """The latest imports of a service, for those who may import it."""
    require_access(actor, region, year, service, full=True)
    jobs = ImportJob.objects.filter(region=region, year=year, service=service)
    return list(jobs.select_related("created_by").order_by("-created_at", "-pk")[:limit])
