"""Reads of users, scoped to the actor."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from tuntas.regions.models import Region

from .models import User
from .scoping import can_manage_region


def users_of_region(*, actor: User, region: Region) -> QuerySet[User]:
    """A Pemda's users, for those who manage it (usernames and roles are not public)."""
    if not can_manage_region(actor, region):
        raise PermissionDenied("Anda tidak berwenang melihat pengguna Pemda ini.")
    return User.objects.filter(region=region).select_related("agency").order_by("role", "username")
