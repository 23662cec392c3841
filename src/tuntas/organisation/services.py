"""Writes to the organisation. Each checks the actor's right on the Pemda first."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tuntas.accounts.models import User
from tuntas.catalog.selectors import services_for_year
from tuntas.regions.models import Region

from .models import Agency, AgencyService, SpmTeam, TeamMember


def _require_manager(actor: User, region: Region) -> None:
    if not actor.has_perm("regions.manage_region", region):
        raise PermissionDenied(f"Anda tidak berwenang mengatur organisasi {region.name}.")


def agency_create(
    *, actor: User, region: Region, code: str, name: str, short_name: str = ""
) -> Agency:
    _require_manager(actor, region)
    if Agency.objects.filter(region=region, code=code).exists():
        raise ValidationError({"code": f"Kode perangkat daerah '{code}' sudah dipakai."})
    agency = Agency(region=region, code=code, name=name, short_name=short_name)
    agency._history_user = actor  # type: ignore[attr-defined]
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def agency_services_set(
    *, actor: User, agency: Agency, year: int, service_codes: Sequence[str]
) -> list[AgencyService]:
    """Make `service_codes` exactly the services `agency` carries in `year`."""
    _require_manager(actor, agency.region)
    catalog = {s.code: s for s in services_for_year(year, level=agency.region.level)}
    unknown = [c for c in service_codes if c not in catalog]
    if unknown:
        raise ValidationError(
            f"Jenis pelayanan {', '.join(unknown)} tidak ada dalam katalog {year} "
            f"untuk {agency.region.get_level_display()}."
        )
    current = {
        a.service.code: a for a in agency.assignments.filter(year=year).select_related("service")
    }
    for code, assignment in current.items():
        if code not in service_codes:
            assignment._history_user = actor  # type: ignore[attr-defined]
            assignment.delete()
    for code in service_codes:
        if code not in current:
            assignment = AgencyService(agency=agency, service=catalog[code], year=year)
            assignment._history_user = actor  # type: ignore[attr-defined]
            assignment.save()
    return list(agency.assignments.filter(year=year).select_related("service"))


@dataclass(frozen=True)
class MemberSpec:
    position: str
    name: str
    job_title: str
    agency: Agency | None = None
    user: User | None = None


@transaction.atomic
def team_form(
    *,
    actor: User,
    region: Region,
    year: int,
    decree_number: str,
    decree_date: dt.date | None,
    members: Sequence[MemberSpec],
) -> SpmTeam:
    """Record the year's Tim Penerapan SPM as its decree sets it, replacing earlier members."""
    _require_manager(actor, region)
    if not any(m.position == TeamMember.Position.CHAIR for m in members):
        raise ValidationError("Tim Penerapan SPM harus mempunyai ketua.")
    for m in members:
        if m.agency is not None and m.agency.region_id != region.code:
            raise ValidationError(f"{m.agency} bukan perangkat daerah {region.name}.")
    team = SpmTeam.objects.filter(region=region, year=year).first() or SpmTeam(
        region=region, year=year
    )
    team.decree_number = decree_number
    team.decree_date = decree_date
    team._history_user = actor  # type: ignore[attr-defined]
    team.save()
    for old in team.members.all():
        old._history_user = actor  # type: ignore[attr-defined]
        old.delete()
    for order, m in enumerate(members):
        member = TeamMember(
            team=team,
            position=m.position,
            name=m.name,
            job_title=m.job_title,
            agency=m.agency,
            user=m.user,
            order=order,
        )
        member._history_user = actor  # type: ignore[attr-defined]
        member.save()
    return team


@dataclass(frozen=True)
class YearCopy:
    services: int
    skipped: list[str]
    team_copied: bool


@transaction.atomic
def organisation_copy_year(
    *, actor: User, region: Region, from_year: int, to_year: int
) -> YearCopy:
    """Start `to_year` from `from_year`: the services each agency carries, and the team when
    `to_year` has none yet (without its decree, which a new SK must give). Services already set
    for `to_year` are kept; services missing from `to_year`'s catalog are reported, not copied."""
    _require_manager(actor, region)
    if from_year == to_year:
        raise ValidationError("Tahun asal dan tahun tujuan harus berbeda.")
    catalog = {s.code for s in services_for_year(to_year, level=region.level)}
    copied = 0
    skipped: set[str] = set()
    for agency in Agency.objects.filter(region=region, is_active=True):
        old = set(agency.assignments.filter(year=from_year).values_list("service__code", flat=True))
        if not old or agency.assignments.filter(year=to_year).exists():
            continue
        skipped |= old - catalog
        agency_services_set(
            actor=actor, agency=agency, year=to_year, service_codes=sorted(old & catalog)
        )
        copied += len(old & catalog)
    team_copied = False
    source = SpmTeam.objects.filter(region=region, year=from_year).first()
    if source and not SpmTeam.objects.filter(region=region, year=to_year).exists():
        team_form(
            actor=actor,
            region=region,
            year=to_year,
            decree_number="",
            decree_date=None,
            members=[
                MemberSpec(m.position, m.name, m.job_title, agency=m.agency, user=m.user)
                for m in source.members.all()
            ],
        )
        team_copied = True
    return YearCopy(services=copied, skipped=sorted(skipped), team_copied=team_copied)
