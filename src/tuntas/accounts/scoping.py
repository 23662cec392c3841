"""Who may see and change what. Every selector and service asks these; templates never do.

Regions: a national user (Kemendagri, system admin) sees every Pemda; a province-level user
outside an agency sees the province and its kabupaten/kota; everyone else sees their own Pemda.
Agencies: agency roles see only their own agency.
"""

from django.db.models import Q, QuerySet

from tuntas.regions.models import Region

from .models import AGENCY_ROLES, Role, User


def visible_regions(actor: User) -> QuerySet[Region]:
    if not actor.is_authenticated or not actor.is_active:
        return Region.objects.none()
    if actor.is_national:
        return Region.objects.all()
    if actor.region_id is None:
        return Region.objects.none()
    if actor.role not in AGENCY_ROLES and actor.region is not None and actor.region.is_province:
        return Region.objects.filter(Q(code=actor.region_id) | Q(parent_id=actor.region_id))
    return Region.objects.filter(code=actor.region_id)


def can_view_region(actor: User, region: Region) -> bool:
    return visible_regions(actor).filter(code=region.code).exists()


def can_manage_region(actor: User, region: Region) -> bool:
    """Set up a Pemda's organisation: its own admin or koordinator, or a system admin."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.role == Role.ADMIN and actor.region_id is None:
        return True
    return actor.role in {Role.ADMIN, Role.COORDINATOR} and actor.region_id == region.code
