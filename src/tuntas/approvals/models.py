"""The lifecycle of an agency's quarter (verification and approval) and of a kabupaten/kota's
period at its province. Transitions are logged with who, when and a note."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    RETURNED = "returned", _("Dikembalikan")
    VERIFIED = "verified", _("Terverifikasi")
    APPROVED = "approved", _("Disahkan")
    LOCKED = "locked", _("Dikunci")


# An agency may change its figures only in these states.
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})


class Submission(models.Model):
    """An agency's figures for one quarter (the yearly figures ride with every quarter)."""

    agency = models.ForeignKey(
        "organisation.Agency", verbose_name=_("perangkat daerah"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The figures as submitted: {"K4|3|served|": "8120", ...}; the previous one for "what changed".
    snapshot = models.JSONField(_("angka saat diajukan"), default=dict)
    previous_snapshot = models.JSONField(_("angka pengajuan sebelumnya"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "quarter"], name="submission_per_quarter"
            )
        ]
        verbose_name = _("pengajuan angka")
        verbose_name_plural = _("pengajuan angka")

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} TW{self.quarter} {self.status}"


class Transition(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("dari"), max_length=10, choices=Status.choices)
    to_status = models.CharField(_("menjadi"), max_length=10, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), on_delete=models.PROTECT
    )
    at = models.DateTimeField(_("pada"), auto_now_add=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["submission", "at", "pk"]
        verbose_name = _("riwayat status")
        verbose_name_plural = _("riwayat status")

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.from_status} -> {self.to_status}"


class FigureNote(models.Model):
    """A verifier's note on one figure when returning a submission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="notes")
    service_code = models.CharField(_("jenis pelayanan"), max_length=10)
    quarter = models.PositiveSmallIntegerField(_("triwulan"))
    key = models.CharField(_("isian"), max_length=20)
    item_code = models.CharField(_("mutu pelayanan"), max_length=20, blank=True)
    note = models.TextField(_("catatan"))
    resolved = models.BooleanField(pgettext_lazy("note resolved", "selesai"), default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submission", "service_code", "quarter", "key", "item_code"]
        verbose_name = _("catatan angka")
        verbose_name_plural = _("catatan angka")

    def __str__(self) -> str:
        return f"{self.service_code} {self.key} {self.item_code}: {self.note[:40]}"


class ApprovalSetting(models.Model):
    """Who approves a Pemda's figures: the Sekda (pengesah, the default) or the koordinator."""

    class Approver(models.TextChoices):
        APPROVER = "pengesah", _("Sekda/Pengesah")
        COORDINATOR = "koordinator", _("Koordinator")

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("Pemda"), on_delete=models.CASCADE, primary_key=True
    )
    approver_role = models.CharField(
        _("pengesah angka"), max_length=12, choices=Approver.choices, default=Approver.APPROVER
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pengaturan pengesahan")
        verbose_name_plural = _("pengaturan pengesahan")

    def __str__(self) -> str:
        return f"{self.region_id}: {self.approver_role}"


class ProvinceSubmission(models.Model):
    """A kabupaten/kota's approved quarter (1-4) or year (0) sent to its province."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Dikirim")
        ACCEPTED = "accepted", _("Diterima")
        RETURNED = "returned", _("Dikembalikan")

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), help_text=_("0 = tahunan"))
    status = models.CharField(_("status"), max_length=10, choices=State.choices)
    note = models.TextField(_("catatan"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("dikirim pada"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("ditinjau pada"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "quarter"], name="province_submission_per_period"
            )
        ]
        verbose_name = _("pengiriman ke provinsi")
        verbose_name_plural = _("pengiriman ke provinsi")

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.quarter} {self.status}"
