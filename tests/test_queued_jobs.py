"""A job still queued after minutes tells the person waiting that no background worker is
running, on the recipient import's progress page and on the report's."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tuntas.accounts.models import User
from tuntas.recipients.models import ImportJob
from tuntas.recipients.selectors import service_get
from tuntas.reports.models import ReportJob

HINT = "pemroses latar belakang tampaknya tidak berjalan"


def _queued_import(age: timedelta) -> ImportJob:
    operator = User.objects.get(username="bantul.dinkes.operator")
    job = ImportJob.objects.create(
        region=operator.region,
        year=2026,
        service=service_get(year=2026, code="K4"),
        created_by=operator,
        original_name="k4.csv",
        mode=ImportJob.Mode.VALID_ONLY,
        status=ImportJob.Status.QUEUED,
    )
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - age)
    return job


def _queued_report(age: timedelta) -> ReportJob:
    koordinator = User.objects.get(username="bantul.koordinator")
    job = ReportJob.objects.create(
        region=koordinator.region, year=2026, kind="annual_pdf", created_by=koordinator
    )
    ReportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - age)
    return job


@pytest.mark.parametrize(("minutes", "hinted"), [(3, True), (0.5, False)])
def test_import_queued_too_long(client_for: Any, minutes: float, hinted: bool) -> None:
    job = _queued_import(timedelta(minutes=minutes))
    page = client_for("bantul_operator").get(f"/penerima/impor/{job.pk}/").content.decode()
    assert "Dalam antrean" in page
    assert (HINT in page) is hinted


def test_running_import_is_not_hinted(client_for: Any) -> None:
    job = _queued_import(timedelta(minutes=30))
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.READING, updated_at=timezone.now()
    )
    page = client_for("bantul_operator").get(f"/penerima/impor/{job.pk}/").content.decode()
    assert HINT not in page


@pytest.mark.parametrize(("minutes", "hinted"), [(3, True), (0.5, False)])
def test_report_queued_too_long(client_for: Any, minutes: float, hinted: bool) -> None:
    job = _queued_report(timedelta(minutes=minutes))
    client = client_for("bantul_koordinator")
    fragment = client.get(f"/laporan/pekerjaan/{job.pk}/", HTTP_HX_REQUEST="true")
    assert (HINT in fragment.content.decode()) is hinted
