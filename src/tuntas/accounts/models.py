"""Users, their one role and scope (region, and agency for agency roles), and API tokens."""

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    COORDINATOR = "koordinator", _("Koordinator (Bagian/Biro Pemerintahan)")
    OPERATOR = "operator", _("Operator OPD")
    AGENCY_HEAD = "kepala_opd", _("Kepala OPD")
    VERIFIER = "verifikator", _("Verifikator Tim SPM")
    APPROVER = "pengesah", _("Sekda/Pengesah")
    PROVINCIAL_REVIEWER = "peninjau_provinsi", _("Peninjau Provinsi")
    KEMENDAGRI = "kemendagri", _("Pemantau Kemendagri")


AGENCY_ROLES = frozenset({Role.OPERATOR, Role.AGENCY_HEAD})
NATIONAL_ROLES = frozenset({Role.KEMENDAGRI})


class User(AbstractUser):
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("Pemda"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Kosong hanya untuk admin sistem dan pemantau Kemendagri."),
    )
    agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    job_title = models.CharField(_("jabatan"), max_length=200, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    @property
    def is_national(self) -> bool:
        return self.region_id is None and self.role in {Role.ADMIN, Role.KEMENDAGRI}

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A personal access token for the REST API; only its SHA-256 is stored."""

    PREFIX = "tnt_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(_("petunjuk"), max_length=12)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def hash_key(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()
