"""SOPs held as data (one identity, immutable versions), the runs of an SOP and their tasks."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Sop(models.Model):
    """One SOP of one Pemda; its content lives in its versions."""

    code = models.SlugField(_("kode"), max_length=100, unique=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("Pemda"), on_delete=models.PROTECT, related_name="sops"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "code"]
        verbose_name = _("SOP")
        verbose_name_plural = _("SOP")

    def __str__(self) -> str:
        return self.code


class SopVersion(models.Model):
    """A validated SOP document; never changed once stored (an edit makes a new version)."""

    sop = models.ForeignKey(Sop, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versi"))
    document = models.JSONField(_("dokumen"))
    source = models.TextField(_("naskah YAML"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["sop", "-number"]
        constraints = [models.UniqueConstraint(fields=["sop", "number"], name="sop_version_number")]
        verbose_name = _("versi SOP")
        verbose_name_plural = _("versi SOP")

    def __str__(self) -> str:
        return f"{self.sop.code} v{self.number}"


class PemdaHoliday(models.Model):
    """A day off a Pemda adds to the national calendar (cuti bersama daerah, hari jadi)."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("Pemda"), on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField(_("tanggal"))
    name = models.CharField(_("keterangan"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "date"]
        constraints = [models.UniqueConstraint(fields=["region", "date"], name="pemda_holiday")]
        verbose_name = _("hari libur Pemda")
        verbose_name_plural = _("hari libur Pemda")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class ActorAssignment(models.Model):
    """Who in a Pemda carries out the activities of an SOP actor code (TIM_SPM, OPD, ...)."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("Pemda"), on_delete=models.CASCADE, related_name="+"
    )
    actor_code = models.CharField(_("kode pelaku"), max_length=50)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="sop_actor_codes",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "actor_code", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["region", "actor_code", "user"], name="actor_user")
        ]
        verbose_name = _("pelaku SOP")
        verbose_name_plural = _("pelaku SOP")

    def __str__(self) -> str:
        return f"{self.actor_code}: {self.user}"


class Run(models.Model):
    """One Pemda carrying out one SOP version for a fiscal year."""

    sop_version = models.ForeignKey(SopVersion, on_delete=models.PROTECT, related_name="runs")
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("Pemda"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("dimulai"))
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("pelaksanaan SOP")
        verbose_name_plural = _("pelaksanaan SOP")

    def __str__(self) -> str:
        return f"{self.sop_version} {self.year}"


class Task(models.Model):
    """One occurrence of one activity in a run, for the users mapped to its actor code."""

    class Status(models.TextChoices):
        WAITING = "menunggu", _("Menunggu langkah sebelumnya")
        OPEN = "siap", _("Siap dikerjakan")
        IN_PROGRESS = "dikerjakan", _("Sedang dikerjakan")
        RETURNED = "dikembalikan", _("Dikembalikan, menunggu perbaikan")
        DONE = "selesai", _("Selesai")

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="tasks")
    activity = models.PositiveIntegerField(_("nomor aktivitas"))
    occurrence = models.PositiveSmallIntegerField(_("ke-"), default=1)
    actor_code = models.CharField(_("kode pelaku"), max_length=50)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    planned_start = models.DateTimeField(_("rencana mulai"))
    planned_due = models.DateTimeField(_("rencana selesai"))
    available_at = models.DateTimeField(_("siap sejak"), null=True, blank=True)
    due_at = models.DateTimeField(_("batas waktu"), null=True, blank=True)
    started_at = models.DateTimeField(_("mulai dikerjakan"), null=True, blank=True)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    paused_since = models.DateTimeField(_("dijeda sejak"), null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(_("lama jeda (detik)"), default=0)
    output = models.FileField(_("keluaran"), upload_to="sops/outputs/%Y/", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["run", "activity", "occurrence"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "activity", "occurrence"], name="task_occurrence"
            )
        ]
        verbose_name = _("tugas SOP")
        verbose_name_plural = _("tugas SOP")

    def __str__(self) -> str:
        return f"{self.run} #{self.activity}.{self.occurrence}"


class TaskEvent(models.Model):
    """A task's state change with who did it and the note (a return says what to fix)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("waktu"))
    from_status = models.CharField(_("dari"), max_length=12, blank=True)
    to_status = models.CharField(_("menjadi"), max_length=12)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["task", "at", "pk"]
        verbose_name = _("riwayat tugas")
        verbose_name_plural = _("riwayat tugas")

    def __str__(self) -> str:
        return f"{self.task} {self.from_status} -> {self.to_status}"
