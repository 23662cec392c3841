"""Figures of the four stages of penerapan SPM, per agency, service type and year.

Numbers and texts keyed by field live in one table (`FigureValue`, see fields.py for the keys);
records with several columns of their own (budget lines, Rencana Aksi rows) have their own
tables. Every row that a person edits carries a `version` for optimistic locking.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Edited(models.Model):
    """Who last changed the row and when, and its version (optimistic locking)."""

    version = models.PositiveIntegerField(_("versi"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)

    class Meta:
        abstract = True


class FigureValue(Edited):
    class Source(models.TextChoices):
        ENTERED = "entered", _("Diisi")
        RECIPIENTS = "recipients", _("Dari data penerima by name")

    agency = models.ForeignKey(
        "organisation.Agency", verbose_name=_("perangkat daerah"), on_delete=models.PROTECT
    )
    service = models.ForeignKey(
        "catalog.ServiceType", verbose_name=_("jenis pelayanan"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), help_text=_("0 = tahunan"))
    key = models.CharField(_("isian"), max_length=20)
    item = models.ForeignKey(
        "catalog.QualityItem",
        verbose_name=_("mutu pelayanan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    value = models.DecimalField(_("nilai"), max_digits=18, decimal_places=2, null=True, blank=True)
    text = models.TextField(_("uraian"), blank=True)
    source = models.CharField(
        _("sumber"), max_length=10, choices=Source.choices, default=Source.ENTERED
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency", "year", "service", "quarter", "key", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "service", "year", "quarter", "key", "item"],
                condition=Q(item__isnull=False),
                name="figure_per_item",
            ),
            models.UniqueConstraint(
                fields=["agency", "service", "year", "quarter", "key"],
                condition=Q(item__isnull=True),
                name="figure_per_service",
            ),
            models.CheckConstraint(condition=Q(quarter__lte=4), name="figure_quarter_0_4"),
        ]
        indexes = [models.Index(fields=["agency", "year"])]
        verbose_name = _("angka penerapan")
        verbose_name_plural = _("angka penerapan")

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} {self.quarter} {self.key} {self.item_id or ''}"


class BudgetLine(Edited):
    """A line of the plan (stage 3): a program, kegiatan or sub-kegiatan with its amount."""

    agency = models.ForeignKey(
        "organisation.Agency", verbose_name=_("perangkat daerah"), on_delete=models.PROTECT
    )
    service = models.ForeignKey(
        "catalog.ServiceType", verbose_name=_("jenis pelayanan"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    code = models.CharField(_("kode nomenklatur"), max_length=30)
    name = models.CharField(_("nomenklatur"), max_length=300)
    amount = models.DecimalField(_("pagu anggaran"), max_digits=18, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency", "year", "service", "code"]
        verbose_name = _("baris anggaran")
        verbose_name_plural = _("baris anggaran")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ActionItem(Edited):
    """A row of the Rencana Aksi (stage 3)."""

    class Status(models.TextChoices):
        PLANNED = "rencana", _("Direncanakan")
        ONGOING = "berjalan", _("Sedang berjalan")
        DONE = "selesai", _("Selesai")
        DROPPED = "batal", _("Dibatalkan")

    agency = models.ForeignKey(
        "organisation.Agency", verbose_name=_("perangkat daerah"), on_delete=models.PROTECT
    )
    service = models.ForeignKey(
        "catalog.ServiceType", verbose_name=_("jenis pelayanan"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    problem = models.TextField(_("permasalahan"))
    cause = models.TextField(_("penyebab"), blank=True)
    action = models.TextField(_("rencana aksi"))
    person_in_charge = models.CharField(_("penanggung jawab"), max_length=200)
    deadline = models.DateField(_("tenggat"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency", "year", "service", "deadline", "pk"]
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")

    def __str__(self) -> str:
        return self.action


class UnitPrice(models.Model):
    """One price of the Pemda's standar harga satuan (SSH) for a year, per quality item."""

    region = models.ForeignKey("regions.Region", verbose_name=_("Pemda"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("tahun"))
    item_code = models.CharField(_("kode mutu pelayanan"), max_length=20)
    name = models.CharField(_("uraian"), max_length=300, blank=True)
    unit = models.CharField(_("satuan"), max_length=50, blank=True)
    price = models.DecimalField(_("harga satuan"), max_digits=18, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "year", "item_code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "item_code"], name="price_per_item")
        ]
        verbose_name = _("harga satuan")
        verbose_name_plural = _("harga satuan")

    def __str__(self) -> str:
        return f"{self.item_code} {self.price}"


class InputWindow(models.Model):
    """When a quarter's delivery figures may be entered; absent = the default close date."""

    region = models.ForeignKey("regions.Region", verbose_name=_("Pemda"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"))
    closes_on = models.DateField(_("ditutup setelah"))
    reopened_until = models.DateField(_("dibuka kembali sampai"), null=True, blank=True)
    reopen_reason = models.TextField(_("alasan dibuka kembali"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "quarter"], name="window_per_quarter")
        ]
        verbose_name = _("jadwal pengisian")
        verbose_name_plural = _("jadwal pengisian")

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} TW{self.quarter}"


class FigureLock(models.Model):
    """Figures of an agency's year (quarter 0) or quarter that may no longer change, locked by
    hand with a reason. `services.is_locked` asks this and the approval state
    (`approvals.locks.submission_locks`)."""

    agency = models.ForeignKey(
        "organisation.Agency", verbose_name=_("perangkat daerah"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), help_text=_("0 = tahunan"))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("alasan"))
    locked_at = models.DateTimeField(_("dikunci pada"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "quarter"], name="lock_per_quarter")
        ]
        verbose_name = _("kunci angka")
        verbose_name_plural = _("kunci angka")

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} {self.quarter}"
