"""Reads of the organisation, always scoped to the actor."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet

from tuntas.accounts.models import AGENCY_ROLES, User
from tuntas.accounts.scoping import can_view_region, visible_regions
from tuntas.regions.models import Region

from .models import Agency, AgencyService, SpmTeam, TeamMember


def region_get(*, actor: User, code: str) -> Region:
    """The Pemda with `code` if the actor may see it; an outsider gets the same answer as for a
    code that does not exist, so codes cannot be probed."""
    region = visible_regions(actor).filter(code=code).first()
    if region is None:
        raise PermissionDenied(f"Pemda {code} tidak ditemukan atau di luar wewenang Anda.")
    return region


def agencies_visible(actor: User) -> QuerySet[Agency]:
    qs = Agency.objects.filter(region__in=visible_regions(actor))
    if actor.role in AGENCY_ROLES:
        qs = qs.filter(pk=actor.agency_id or 0)
    return qs


def agency_get(*, actor: User, agency_id: int) -> Agency:
    agency = agencies_visible(actor).select_related("region").filter(pk=agency_id).first()
    if agency is None:
        raise PermissionDenied("Perangkat daerah tidak ditemukan atau di luar wewenang Anda.")
    return agency


def service_carriers(*, actor: User, region: Region, year: int) -> dict[str, list[Agency]]:
    """Service code -> the agencies carrying it in `year`, to spot gaps and overlaps."""
    if not can_view_region(actor, region):
        raise PermissionDenied("Pemda di luar wewenang Anda.")
    carriers: dict[str, list[Agency]] = {}
    rows = AgencyService.objects.filter(agency__region=region, year=year).select_related(
        "service", "agency"
    )
    for row in rows.order_by("agency__name"):
        carriers.setdefault(row.service.code, []).append(row.agency)
    return carriers


@dataclass(frozen=True)
class AgencyRow:
    agency: Agency
    service_codes: list[str]


def agency_list(*, actor: User, region: Region, year: int) -> list[AgencyRow]:
    """The Pemda's agencies with the service codes each carries in `year`."""
    assignments = AgencyService.objects.filter(year=year).select_related("service")
    agencies: Iterable[Agency] = (
        agencies_visible(actor)
        .filter(region=region)
        .prefetch_related(Prefetch("assignments", queryset=assignments, to_attr="year_services"))
        .order_by("name")
    )
    rows = []
    for agency in agencies:
        services = sorted(
            (a.service for a in agency.year_services),  # type: ignore[attr-defined]
            key=lambda s: (s.level, s.order),
        )
        rows.append(AgencyRow(agency, [s.code for s in services]))
    return rows


def team_get(*, actor: User, region: Region, year: int) -> SpmTeam | None:
    if not can_view_region(actor, region):
        raise PermissionDenied("Pemda di luar wewenang Anda.")
    members = TeamMember.objects.select_related("agency").order_by("order")
    return (
        SpmTeam.objects.filter(region=region, year=year)
        .prefetch_related(Prefetch("members", queryset=members))
        .first()
    )
