"""A report sent up waits on the receiving office's home page until acknowledged."""

from typing import Any

import pytest

from tuntas.reports.models import Dispatch

from .helpers import bantul_sends

pytestmark = pytest.mark.django_db


def waiting(client: Any) -> str:
    return client.get("/").content.decode().split("Menunggu tindakan Anda")[1]


def test_a_sent_report_waits_in_the_provinces_inbox(client_for: Any) -> None:
    bantul_sends(["provinsi"])
    assert Dispatch.objects.filter(acknowledged_at=None).exists()
    assert "1 laporan kiriman belum diterima." in waiting(client_for("diy_peninjau"))
    assert "laporan kiriman" not in waiting(client_for("jateng_peninjau"))
