from typing import Any

from tuntas.accounts.models import User
from tuntas.regions.models import Region
from tuntas.reports.models import Dispatch, Document
from tuntas.reports.services import dispatch_send, report_job_start


def bantul_sends(destinations: list[str] | None = None) -> tuple[Document, list[Dispatch]]:
    """Bantul's koordinator generates the PDF and sends it up."""
    actor = User.objects.get(username="bantul.koordinator")
    bantul = Region.objects.get(code="34.02")
    job = report_job_start(actor=actor, region=bantul, year=2026, kind="annual_pdf")
    job.refresh_from_db()
    assert job.document is not None, job.error
    sent = dispatch_send(
        actor=actor,
        region=bantul,
        year=2026,
        documents=[job.document],
        destinations=destinations or ["provinsi", "kemendagri"],
    )
    return job.document, sent


def read(document: Any) -> bytes:
    with document.file.open("rb") as f:
        return f.read()
