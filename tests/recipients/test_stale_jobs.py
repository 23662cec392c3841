"""An import whose worker died (no heartbeat for a while) is shown as failed, on its page and
by `tuntas recipients sweep`; a running one is left alone, and a worker given up on by the
sweep cannot store its rows afterwards."""

from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tuntas.accounts.services import token_create
from tuntas.recipients.models import ImportJob, Recipient
from tuntas.recipients.selectors import service_get
from tuntas.recipients.services import import_job_execute

STALE = "Impor terhenti (proses berhenti di tengah jalan); tidak ada yang disimpan."


@pytest.fixture
def running_job(bantul_operator: Any) -> Callable[..., ImportJob]:
    """A job as its worker left it: reading or writing, last heard from `silent` ago."""

    def make(silent: timedelta, status: str = ImportJob.Status.WRITING) -> ImportJob:
        job = ImportJob.objects.create(
            region=bantul_operator.region,
            year=2026,
            service=service_get(year=2026, code="K4"),
            created_by=bantul_operator,
            original_name="k4.csv",
            mode=ImportJob.Mode.VALID_ONLY,
            status=status,
            rows_total=1000,
            rows_read=1000,
        )
        # update() leaves auto_now alone: the heartbeat is set as the worker left it.
        ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - silent)
        job.refresh_from_db()
        return job

    return make


def test_silent_job_is_shown_failed_on_its_page(
    client_for: Any, running_job: Callable[..., ImportJob]
) -> None:
    job = running_job(timedelta(minutes=11))
    client = client_for("bantul_operator")
    poll = client.get(f"/penerima/impor/{job.pk}/", headers={"HX-Request": "true"})
    assert poll.status_code == 204
    assert poll["HX-Redirect"] == f"/penerima/impor/{job.pk}/hasil/"
    result = client.get(f"/penerima/impor/{job.pk}/hasil/")
    assert result.status_code == 200
    assert result.context["job"].status == ImportJob.Status.FAILED
    page = result.content.decode()
    assert STALE in page
    assert "flash-error" in page


def test_running_job_is_left_alone(client_for: Any, running_job: Callable[..., ImportJob]) -> None:
    job = running_job(timedelta(seconds=30), status=ImportJob.Status.READING)
    page = client_for("bantul_operator").get(f"/penerima/impor/{job.pk}/")
    assert page.status_code == 200
    assert page.context["job"].status == ImportJob.Status.READING
    assert page.context["job"].message == ""


def test_api_status_reports_the_dead_job(
    bantul_operator: Any, running_job: Callable[..., ImportJob]
) -> None:
    job = running_job(timedelta(hours=2))
    _token, raw = token_create(actor=bantul_operator, name="uji")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    body = api.get(f"/api/v1/recipient-imports/{job.pk}").json()
    assert body["status"] == ImportJob.Status.FAILED
    assert body["message"].startswith(STALE)


def test_sweep_command_for_cron(running_job: Callable[..., ImportJob]) -> None:
    dead = running_job(timedelta(minutes=20), status=ImportJob.Status.READING)
    slow = running_job(timedelta(minutes=3))
    out = StringIO()
    call_command("recipients", "sweep", "--minutes", "5", stdout=out)
    assert out.getvalue().strip() == "1 impor ditandai gagal."
    dead.refresh_from_db()
    slow.refresh_from_db()
    assert (dead.status, dead.finished_at is not None) == (ImportJob.Status.FAILED, True)
    assert dead.message.startswith(STALE)
    assert (slow.status, slow.finished_at) == (ImportJob.Status.WRITING, None)


def test_swept_job_cannot_store_its_rows_afterwards(
    running_job: Callable[..., ImportJob], make_csv: Callable[..., Path]
) -> None:
    """The sweep said nothing was stored: a worker that was only slow must not prove it
    wrong by committing later."""
    job = running_job(timedelta(minutes=11), status=ImportJob.Status.READING)
    call_command("recipients", "sweep", stdout=StringIO())
    with pytest.raises(ValidationError, match="Impor terhenti"):
        import_job_execute(job, make_csv(20))
    assert not Recipient.objects.filter(year=2026).exists()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.message.startswith(STALE)
