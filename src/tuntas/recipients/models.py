"""By-name recipients of a service (PP 2/2018 stage 1), their imports, and who looked at them.

Recipient rows are written only by an import, in bulk; their audit trail is the ImportJob
they came from (`source`: who, when, which file, what changed) rather than a history row per
recipient, which would double the heaviest write path.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuntas.core.jobs import waited_too_long


class ImportJob(models.Model):
    class Status(models.TextChoices):
        MAPPING = "pemetaan", _("Menunggu pemetaan kolom")
        QUEUED = "antre", _("Dalam antrean")
        READING = "membaca", _("Membaca berkas")
        WRITING = "menyimpan", _("Memeriksa dan menyimpan")
        DONE = "selesai", _("Selesai")
        FAILED = "gagal", _("Gagal")

    class Mode(models.TextChoices):
        ALL_OR_NOTHING = "semua", _("Semua atau tidak sama sekali")
        VALID_ONLY = "valid", _("Impor baris yang valid saja")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    service = models.ForeignKey("catalog.ServiceType", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    # The worker's heartbeat: every progress update touches it, so a job whose worker died
    # can be told from a slow one (services.import_jobs_sweep).
    updated_at = models.DateTimeField(_("terakhir diperbarui"), auto_now=True)
    file = models.FileField(_("berkas"), upload_to="recipients/imports/%Y/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    # header in the file -> standard column name
    mapping = models.JSONField(_("pemetaan kolom"), default=dict, blank=True)
    dry_run = models.BooleanField(_("uji coba (tanpa menyimpan)"), default=False)
    mode = models.CharField(_("mode"), max_length=6, choices=Mode.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    rows_total = models.PositiveIntegerField(_("jumlah baris"), default=0)
    rows_read = models.PositiveIntegerField(_("baris terbaca"), default=0)
    imported = models.PositiveIntegerField(_("baru"), default=0)
    updated = models.PositiveIntegerField(_("diperbarui"), default=0)
    ignored = models.PositiveIntegerField(_("tidak berubah"), default=0)
    rejected = models.PositiveIntegerField(_("ditolak"), default=0)
    # every rejected row: [row, column, value, reason]
    rejections = models.JSONField(_("baris ditolak"), default=list, blank=True)
    message = models.TextField(_("pesan"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor data penerima")
        verbose_name_plural = _("impor data penerima")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def waiting_too_long(self) -> bool:
        return self.status == self.Status.QUEUED and waited_too_long(self.created_at)


class Recipient(models.Model):
    # Every row of an import carries the same region, service and job, checked once before
    # writing; per-row foreign-key triggers and single-column indexes on them cost more than
    # the rest of the write (measured by bench/), so the keys are plain columns in the
    # database. Django still refuses to delete a region, service or job that rows point to.
    # The one index is the unique key: every read is of one Pemda, year and service, and a
    # village index cost a third of the write for lists that scan a service's rows anyway.
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    service = models.ForeignKey(
        "catalog.ServiceType",
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    nik = models.CharField(_("NIK"), max_length=16)
    name = models.CharField(_("nama"), max_length=200)
    sex = models.CharField(_("jenis kelamin"), max_length=1)
    birth_date = models.DateField(_("tanggal lahir"))
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    village_code = models.CharField(_("kode desa"), max_length=13)
    district_code = models.CharField(_("kode kecamatan"), max_length=8)
    served_on = models.DateField(_("tanggal layanan"), null=True, blank=True)
    to_standard = models.BooleanField(_("sesuai standar"))
    extra = models.JSONField(_("isian khusus layanan"), default=dict, blank=True)
    source = models.ForeignKey(
        ImportJob, on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    updated_at = models.DateTimeField(_("diperbarui"))

    class Meta:
        ordering = ["nik"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "service", "nik"], name="recipient_once_per_service"
            )
        ]
        verbose_name = _("penerima layanan")
        verbose_name_plural = _("penerima layanan")

    def __str__(self) -> str:
        return f"{self.nik} {self.service_id} {self.year}"


class ColumnMapping(models.Model):
    """The column mapping an agency last used for a service, offered again next time."""

    agency = models.ForeignKey("organisation.Agency", on_delete=models.CASCADE, related_name="+")
    service_code = models.CharField(_("kode layanan"), max_length=10)
    mapping = models.JSONField(_("pemetaan kolom"), default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "service_code"], name="mapping_per_service")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.service_code}"


class RecipientAccessLog(models.Model):
    """Who viewed, exported or imported by-name data (UU 27/2022 on personal data)."""

    class Action(models.TextChoices):
        VIEW = "lihat", _("Melihat")
        EXPORT = "unduh", _("Mengunduh")
        IMPORT = "impor", _("Mengimpor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(_("nama pengguna"), max_length=150)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    service_code = models.CharField(_("kode layanan"), max_length=10)
    action = models.CharField(_("tindakan"), max_length=5, choices=Action.choices)
    unmasked = models.BooleanField(_("NIK dan nama terbuka"), default=False)
    row_count = models.PositiveIntegerField(_("jumlah baris"))
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("log akses data penerima")
        verbose_name_plural = _("log akses data penerima")

    def __str__(self) -> str:
        return f"{self.username} {self.action} {self.service_code} {self.year}"
