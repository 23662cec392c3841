"""The SPM catalog and the index rules, each versioned by the fiscal year it starts to apply.

A year uses the newest edition whose `valid_from` is not after it, so an old year keeps the
catalog and rules it was reported under when a new edition arrives.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.Model):
    """Bidang/urusan: one of the six basic-service fields (UU 23/2014)."""

    code = models.SlugField(_("kode"), max_length=30, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("bidang")
        verbose_name_plural = _("bidang")

    def __str__(self) -> str:
        return self.name


class CatalogEdition(models.Model):
    valid_from = models.PositiveSmallIntegerField(_("berlaku mulai tahun"), unique=True)
    title = models.CharField(_("judul"), max_length=200)
    regulations = models.JSONField(_("peraturan"), default=list)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("edisi katalog")
        verbose_name_plural = _("edisi katalog")

    def __str__(self) -> str:
        return self.title


class ServiceType(models.Model):
    """Jenis pelayanan dasar, as defined by one catalog edition."""

    class Level(models.TextChoices):
        PROVINCE = "provinsi", _("Provinsi")
        REGENCY = "kabkota", _("Kabupaten/Kota")

    edition = models.ForeignKey(CatalogEdition, on_delete=models.CASCADE, related_name="services")
    code = models.CharField(_("kode"), max_length=10)
    level = models.CharField(_("tingkat"), max_length=8, choices=Level.choices)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="services")
    order = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("nama"), max_length=200)
    recipient = models.CharField(_("penerima"), max_length=300)
    regulation = models.CharField(_("dasar standar teknis"), max_length=60)
    # Age band of the recipients, e.g. {"unit": "bulan", "min": 0, "max": 59}; null when the
    # service is not defined by age (disaster victims).
    age = models.JSONField(_("rentang usia"), null=True, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, blank=True)
    parameters = models.JSONField(_("parameter"), default=dict, blank=True)
    certainty = models.CharField(_("tingkat kepastian"), max_length=1)

    class Meta:
        ordering = ["edition", "level", "order"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="service_code_per_edition")
        ]
        verbose_name = _("jenis pelayanan dasar")
        verbose_name_plural = _("jenis pelayanan dasar")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class QualityItem(models.Model):
    """Mutu pelayanan dasar: what each recipient must get, and who delivers it."""

    class Kind(models.TextChoices):
        GOODS = "barang_jasa", _("Barang/jasa")
        PERSONNEL = "sdm", _("Sumber daya manusia")
        PROCEDURE = "tata_cara", _("Tata cara")

    service = models.ForeignKey(ServiceType, on_delete=models.CASCADE, related_name="quality_items")
    code = models.CharField(_("kode"), max_length=20)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("nama"), max_length=300)
    unit = models.CharField(_("satuan"), max_length=50, blank=True)
    norm = models.DecimalField(
        _("kebutuhan per penerima"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    ratio = models.DecimalField(
        _("penerima per petugas"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    certainty = models.CharField(_("tingkat kepastian"), max_length=1)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["service", "order"]
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="quality_code_per_service")
        ]
        verbose_name = _("mutu pelayanan")
        verbose_name_plural = _("mutu pelayanan")

    def __str__(self) -> str:
        return self.name


class IndexRuleSet(models.Model):
    """Weights, caps, category bands, aggregation and zero-target policy of the SPM index."""

    valid_from = models.PositiveSmallIntegerField(_("berlaku mulai tahun"), unique=True)
    title = models.CharField(_("judul"), max_length=200)
    rules = models.JSONField(_("aturan"))

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("aturan indeks")
        verbose_name_plural = _("aturan indeks")

    def __str__(self) -> str:
        return self.title
