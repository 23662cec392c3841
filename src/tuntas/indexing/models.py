"""Stored Indeks Pencapaian SPM: one row per Pemda, period and level (service, sector, Pemda).

Rows are derived data, rewritten whole for a Pemda and quarter by `services.index_recompute`
whenever a figure changes; quarter 4 is the year's index (figures are cumulative).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexResult(models.Model):
    class Level(models.TextChoices):
        SERVICE = "service", _("Jenis pelayanan")
        SECTOR = "sector", _("Bidang")
        REGION = "region", _("Pemda")

    region = models.ForeignKey("regions.Region", verbose_name=_("Pemda"), on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"))
    level = models.CharField(_("tingkat"), max_length=8, choices=Level.choices)
    code = models.CharField(_("kode"), max_length=30, blank=True)  # "" for the Pemda row
    sector_code = models.CharField(_("bidang"), max_length=30, blank=True)
    # Shown values (compute.display_value: two decimals, never rounded across a band); the
    # category was decided on the unrounded index.
    index = models.DecimalField(_("indeks"), max_digits=7, decimal_places=2, null=True)
    category = models.CharField(_("kategori"), max_length=40, blank=True)
    recipients_pct = models.DecimalField(
        _("capaian penerima"), max_digits=7, decimal_places=2, null=True
    )
    quality_pct = models.DecimalField(_("capaian mutu"), max_digits=7, decimal_places=2, null=True)
    # Service rows: the inputs (target, served, quality items) the explanation is rebuilt from.
    explain = models.JSONField(_("masukan perhitungan"), default=dict)
    computed_at = models.DateTimeField(_("dihitung pada"))

    class Meta:
        ordering = ["region", "year", "quarter", "level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "quarter", "level", "code"], name="index_result_unique"
            )
        ]
        indexes = [models.Index(fields=["year", "quarter", "level"])]
        verbose_name = _("hasil indeks")
        verbose_name_plural = _("hasil indeks")

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} TW{self.quarter} {self.level} {self.code}"
