"""The home page shows each user the submissions that wait for them."""

from typing import Any

import pytest

from tuntas.approvals import services as approvals
from tuntas.approvals.models import Submission
from tuntas.organisation.models import Agency

pytestmark = pytest.mark.django_db


def waiting(client: Any) -> str:
    page = client.get("/").content.decode()
    return page.split("Menunggu tindakan Anda")[1]


def test_a_submitted_quarter_waits_for_the_verifier(client_for: Any, bantul_kepala: Any) -> None:
    dinkes = Agency.objects.get(region_id="34.02", code="dinkes")
    # The demo leaves Dinas Kesehatan's third quarter of 2026 in draft.
    approvals.submission_submit(actor=bantul_kepala, agency=dinkes, year=2026, quarter=3)
    assert "Triwulan III: 1 pengajuan menunggu verifikasi." in waiting(
        client_for("bantul_verifikator")
    )
    assert "menunggu verifikasi" not in waiting(client_for("bantul_operator"))
    assert "menunggu verifikasi" not in waiting(client_for("outsider"))


def test_a_returned_quarter_waits_for_the_agency_head(
    client_for: Any, bantul_kepala: Any, bantul_verifikator: Any
) -> None:
    dinkes = Agency.objects.get(region_id="34.02", code="dinkes")
    sub = approvals.submission_submit(actor=bantul_kepala, agency=dinkes, year=2026, quarter=3)
    approvals.submission_return(actor=bantul_verifikator, submission=sub, note="Cek K4", notes=[])
    assert Submission.objects.get(pk=sub.pk).status == "returned"
    text = waiting(client_for("bantul_kepala"))
    assert "Triwulan III: 1 dikembalikan untuk diperbaiki dan diajukan lagi." in text
