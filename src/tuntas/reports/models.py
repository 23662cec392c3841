"""Official documents: the annual SPM report's own texts and settings, generated and signed
documents kept unchangeable, and the dispatches that send them up with a receipt.

A `Document` is written once and never changed: no service updates or deletes one, the admin is
read-only, and its file is stored under its own SHA-256, which every download checks again.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tuntas.core.jobs import waited_too_long


class Letterhead(models.Model):
    """Kop surat of a Pemda, for the report, cover letters and receipts."""

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("Pemda"), on_delete=models.PROTECT, primary_key=True
    )
    # Pillow is not installed, so a plain file; the form accepts PNG, JPEG and SVG only.
    logo = models.FileField(_("logo"), upload_to="letterheads/", blank=True)
    name_lines = models.TextField(
        _("nama instansi"), help_text=_("Satu baris per baris kop, mis. PEMERINTAH KABUPATEN ...")
    )
    address = models.CharField(_("alamat"), max_length=300)
    phone = models.CharField(_("telepon"), max_length=50, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    website = models.CharField(_("laman"), max_length=100, blank=True)
    city = models.CharField(_("kota penandatanganan"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kop surat")
        verbose_name_plural = _("kop surat")

    def __str__(self) -> str:
        return f"Kop surat {self.region}"


class Signatory(models.Model):
    """Who signs the year's report and letters (usually the regent or the Sekda)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("Pemda"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("tahun"))
    name = models.CharField(_("nama"), max_length=200)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    title = models.CharField(_("jabatan"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="signatory_per_year")
        ]
        verbose_name = _("penanda tangan")
        verbose_name_plural = _("penanda tangan")

    def __str__(self) -> str:
        return f"{self.name} ({self.region} {self.year})"


class Narrative(models.Model):
    """A narrative section of the annual report, written by the Pemda in plain text."""

    class Section(models.TextChoices):
        FOREWORD = "kata_pengantar", _("Kata pengantar")
        BACKGROUND = "latar_belakang", _("Latar belakang")
        GENERAL_POLICY = "kebijakan_umum", _("Kebijakan umum")
        POLICY_DIRECTION = "arah_kebijakan", _("Arah kebijakan")
        CLOSING = "penutup", _("Penutup")

    region = models.ForeignKey("regions.Region", verbose_name=_("Pemda"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("tahun"))
    section = models.CharField(_("bagian"), max_length=20, choices=Section.choices)
    text = models.TextField(_("teks"), blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "section"], name="narrative_section_per_year"
            )
        ]
        verbose_name = _("narasi laporan")
        verbose_name_plural = _("narasi laporan")

    def __str__(self) -> str:
        return f"{self.get_section_display()} {self.region} {self.year}"


class LetterNumbering(models.Model):
    """A Pemda's pattern for outgoing letter numbers, e.g. 400.10/{seq}/Tapem/{year}."""

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("Pemda"), on_delete=models.PROTECT, primary_key=True
    )
    pattern = models.CharField(_("pola nomor surat"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pola nomor surat")
        verbose_name_plural = _("pola nomor surat")

    def __str__(self) -> str:
        return self.pattern


class LetterSequence(models.Model):
    """The last letter number given out by a Pemda in a year; raised in one UPDATE per letter."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="letter_sequence_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: {self.last}"


class Document(models.Model):
    """An archived file: generated, signed (uploaded scan) or sent. Never changed."""

    class Kind(models.TextChoices):
        ANNUAL_PDF = "annual_pdf", _("Laporan tahunan (PDF)")
        ANNUAL_DOCX = "annual_docx", _("Laporan tahunan (DOCX)")
        QUARTERLY_XLSX = "quarterly_xlsx", _("Laporan triwulan e-SPM (XLSX)")
        COVER_LETTER = "cover_letter", _("Surat pengantar")
        SIGNED_SCAN = "signed_scan", _("Laporan bertanda tangan (pindaian)")
        RECEIPT = "receipt", _("Tanda terima")

    region = models.ForeignKey("regions.Region", verbose_name=_("Pemda"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("berkas"), upload_to="archive/", max_length=255)
    filename = models.CharField(_("nama berkas"), max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField(_("ukuran"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dibuat oleh"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    source_document = models.ForeignKey(
        "self",
        verbose_name=_("dokumen asal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("dokumen arsip")
        verbose_name_plural = _("dokumen arsip")

    def __str__(self) -> str:
        return self.filename


class Dispatch(models.Model):
    """One sending of documents up to one receiver, with its cover letter and receipt."""

    class Destination(models.TextChoices):
        PROVINCE = "provinsi", _("Gubernur (Pemerintah Provinsi)")
        KEMENDAGRI = "kemendagri", _("Kementerian Dalam Negeri")

    sender = models.ForeignKey(
        "regions.Region",
        verbose_name=_("pengirim"),
        on_delete=models.PROTECT,
        related_name="dispatches_sent",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    destination = models.CharField(_("tujuan"), max_length=12, choices=Destination.choices)
    receiver = models.ForeignKey(
        "regions.Region",
        verbose_name=_("provinsi penerima"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dispatches_received",
    )
    number = models.CharField(_("nomor surat"), max_length=100)
    documents = models.ManyToManyField(Document, verbose_name=_("dokumen"), related_name="+")
    cover_letter = models.OneToOneField(
        Document, verbose_name=_("surat pengantar"), on_delete=models.PROTECT, related_name="+"
    )
    receipt = models.OneToOneField(
        Document,
        verbose_name=_("tanda terima"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    receipt_number = models.CharField(_("nomor tanda terima"), max_length=40, unique=True)
    sent_at = models.DateTimeField(_("dikirim"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikirim oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diterima oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords(m2m_fields=[documents])

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("pengiriman laporan")
        verbose_name_plural = _("pengiriman laporan")

    def __str__(self) -> str:
        return f"{self.number} → {self.get_destination_display()}"


class ReportJob(models.Model):
    """A report being generated in the background; its page polls the progress."""

    class Status(models.TextChoices):
        QUEUED = "antre", _("Menunggu")
        RUNNING = "berjalan", _("Sedang dibuat")
        DONE = "selesai", _("Selesai")
        FAILED = "gagal", _("Gagal")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Document.Kind.choices)
    quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.region_id} {self.year} ({self.status})"

    @property
    def waiting_too_long(self) -> bool:
        return self.status == self.Status.QUEUED and waited_too_long(self.created_at)
