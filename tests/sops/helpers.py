"""Small builders shared by the SOP tests."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tuntas.accounts.models import User
from tuntas.sops.models import Run, Sop, Task
from tuntas.sops.services import run_start

BANTUL = "bantul-04-sop-2022-penyusunan-laporan-spm"
BABEL = "babel-pelaksanaan-pelaporan-spm"
JAKARTA = dt.timezone(dt.timedelta(hours=7))


def at(day: str, hour: int = 8) -> dt.datetime:
    """A moment in Western Indonesian Time, e.g. at("2026-12-21", 9)."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=JAKARTA)


def upload(name: str = "notulen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 isi dokumen", content_type="application/pdf")


def start(actor: User, code: str = BANTUL, when: dt.datetime | None = None) -> Run:
    return run_start(
        actor=actor, sop=Sop.objects.get(code=code), year=2026, now=when or timezone.now()
    )


def task(run: Run, activity: int, occurrence: int = 1) -> Task:
    return run.tasks.get(activity=activity, occurrence=occurrence)
