"""A Pemda's agencies (OPD), the services each carries per year, and the yearly SPM team."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Agency(models.Model):
    """Perangkat daerah (OPD) of one Pemda."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("Pemda"), on_delete=models.PROTECT, related_name="agencies"
    )
    code = models.SlugField(_("kode"), max_length=30)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=50, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="agency_code")]
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")

    def __str__(self) -> str:
        return self.name


class AgencyService(models.Model):
    """An agency carries (mengampu) a service type in a fiscal year."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="assignments")
    service = models.ForeignKey(
        "catalog.ServiceType", verbose_name=_("jenis pelayanan"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "agency", "service"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "service", "year"], name="agency_service_per_year"
            )
        ]
        verbose_name = _("pengampu layanan")
        verbose_name_plural = _("pengampu layanan")

    def __str__(self) -> str:
        return f"{self.agency} {self.service.code} {self.year}"


class SpmTeam(models.Model):
    """Tim Penerapan SPM of one Pemda for one year, formed by a decree (SK)."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("Pemda"), on_delete=models.PROTECT, related_name="teams"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    decree_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "-year"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="team_per_year")]
        verbose_name = _("Tim Penerapan SPM")
        verbose_name_plural = _("Tim Penerapan SPM")

    def __str__(self) -> str:
        return f"Tim Penerapan SPM {self.region} {self.year}"


class TeamMember(models.Model):
    class Position(models.TextChoices):
        CHAIR = "ketua", _("Ketua")
        VICE_CHAIR = "wakil_ketua", _("Wakil Ketua")
        SECRETARY = "sekretaris", _("Sekretaris")
        MEMBER = "anggota", _("Anggota")
        SECRETARIAT = "sekretariat", _("Sekretariat")

    team = models.ForeignKey(SpmTeam, on_delete=models.CASCADE, related_name="members")
    position = models.CharField(_("kedudukan dalam tim"), max_length=12, choices=Position.choices)
    name = models.CharField(_("nama"), max_length=200, blank=True)
    job_title = models.CharField(_("jabatan"), max_length=200)
    agency = models.ForeignKey(
        Agency, verbose_name=_("perangkat daerah"), null=True, blank=True, on_delete=models.SET_NULL
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "order"]
        verbose_name = _("anggota tim")
        verbose_name_plural = _("anggota tim")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_position_display()})"
