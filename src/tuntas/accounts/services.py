"""Writes to users and API tokens."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tuntas.organisation.models import Agency
from tuntas.regions.models import Region

from .models import AGENCY_ROLES, ApiToken, Role, User
from .scoping import can_manage_region


def _check_scope(role: str, region: Region | None, agency: Agency | None) -> None:
    if role == Role.KEMENDAGRI and region is not None:
        raise ValidationError("Pemantau Kemendagri tidak terikat pada satu Pemda.")
    if role not in {Role.KEMENDAGRI, Role.ADMIN} and region is None:
        raise ValidationError("Peran ini harus terikat pada satu Pemda.")
    if role == Role.PROVINCIAL_REVIEWER and region is not None and not region.is_province:
        raise ValidationError("Peninjau provinsi harus terikat pada Pemda provinsi.")
    if role in AGENCY_ROLES:
        if agency is None:
            raise ValidationError("Operator dan kepala OPD harus terikat pada perangkat daerah.")
        if region is None or agency.region_id != region.code:
            raise ValidationError(f"{agency} bukan perangkat daerah {region}.")
    elif agency is not None:
        raise ValidationError("Hanya operator dan kepala OPD yang terikat pada perangkat daerah.")


def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    region: Region | None,
    agency: Agency | None = None,
    full_name: str = "",
    email: str = "",
    job_title: str = "",
) -> User:
    """Create a user. `actor` None is the installer (setup, demo); otherwise the actor must
    manage the region (or be a system admin for national users)."""
    if actor is not None:
        allowed = (
            can_manage_region(actor, region)
            if region is not None
            else actor.role == Role.ADMIN and actor.region_id is None
        )
        if not allowed:
            raise PermissionDenied("Anda tidak berwenang membuat pengguna untuk Pemda ini.")
    _check_scope(role, region, agency)
    first, _, last = full_name.partition(" ")
    user = User(
        username=username,
        role=role,
        region=region,
        agency=agency,
        first_name=first,
        last_name=last,
        email=email,
        job_title=job_title,
        is_staff=role == Role.ADMIN and region is None,
        is_superuser=role == Role.ADMIN and region is None,
    )
    user.set_password(password)
    if actor is not None:
        user._history_user = actor  # type: ignore[attr-defined]
    user.full_clean()
    user.save()
    return user


def user_set_active(*, actor: User, user: User, active: bool) -> User:
    """Deactivate a user who leaves (history keeps what they did) or bring them back."""
    allowed = (
        can_manage_region(actor, user.region)
        if user.region is not None
        else actor.role == Role.ADMIN and actor.region_id is None
    )
    if not allowed:
        raise PermissionDenied("Anda tidak berwenang mengubah pengguna ini.")
    if user.pk == actor.pk and not active:
        raise ValidationError("Anda tidak dapat menonaktifkan akun Anda sendiri.")
    user.is_active = active
    user._history_user = actor  # type: ignore[attr-defined]
    user.save(update_fields=["is_active"])
    return user


def token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new personal token for the actor; the raw key is returned once and never stored."""
    if not name.strip():
        raise ValidationError({"name": "Nama token wajib diisi."})
    raw = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor, name=name.strip(), key_hash=ApiToken.hash_key(raw), hint=raw[:10]
    )
    return token, raw


def token_revoke(*, actor: User, token_id: int) -> None:
    updated = ApiToken.objects.filter(pk=token_id, user=actor, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise PermissionDenied("Token tidak ditemukan.")


def token_authenticate(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user", "user__region")
        .filter(key_hash=ApiToken.hash_key(raw), revoked_at=None, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
