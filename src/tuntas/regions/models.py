"""Regions with their Kemendagri codes: Pemda (provinsi, kabupaten/kota), kecamatan, desa."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A Pemda: a province or a regency/city, keyed by its Kemendagri code (34, 34.02)."""

    class Level(models.TextChoices):
        PROVINCE = "provinsi", _("Provinsi")
        REGENCY = "kabkota", _("Kabupaten/Kota")

    code = models.CharField(_("kode"), max_length=5, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    level = models.CharField(_("tingkat"), max_length=8, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("Pemda")
        verbose_name_plural = _("Pemda")

    def __str__(self) -> str:
        return self.name

    @property
    def is_province(self) -> bool:
        return self.level == self.Level.PROVINCE

    @property
    def province_code(self) -> str:
        return self.code.split(".")[0]


class District(models.Model):
    """Kecamatan, for recipients' addresses."""

    code = models.CharField(_("kode"), max_length=8, primary_key=True)
    regency = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self) -> str:
        return self.name


class Village(models.Model):
    """Desa/kelurahan, for recipients' addresses."""

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages")
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")

    def __str__(self) -> str:
        return self.name
