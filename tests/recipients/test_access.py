"""Who may import, read and see identities; every view and export is logged; outsiders get
403 on pages and 404 from the API."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management.base import CommandError

from tuntas.accounts.services import token_create
from tuntas.recipients.models import ImportJob, RecipientAccessLog

LIST_URL = "/penerima/34.02/2026/K4/"


@pytest.fixture
def imported(make_csv: Callable[..., Path], cli_import: Any) -> dict[str, Any]:
    return cli_import(make_csv(60))


def _job_urls(job: int) -> list[str]:
    return [
        f"/penerima/impor/{job}/pemetaan/",
        f"/penerima/impor/{job}/",
        f"/penerima/impor/{job}/hasil/",
        f"/penerima/impor/{job}/baris-ditolak.xlsx",
    ]


@pytest.mark.parametrize("outsider", ["outsider", "outsider_operator", "jateng_peninjau"])
def test_outsiders_get_403_on_every_page(
    client_for: Any, imported: dict[str, Any], outsider: str
) -> None:
    client = client_for(outsider)
    for url in [
        LIST_URL,
        "/penerima/34.02/2026/K4/impor/",
        "/penerima/34.02/2026/K4/templat.xlsx",
        "/penerima/?region=34.02",
        *_job_urls(imported["job"]),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post("/penerima/34.02/2026/K4/impor/").status_code == 403


def test_other_agency_and_viewers_cannot_import(client_for: Any, imported: dict[str, Any]) -> None:
    disdik = client_for("bantul_disdik_operator")
    assert disdik.get(LIST_URL).status_code == 403
    assert disdik.get("/penerima/34.02/2026/K4/impor/").status_code == 403
    verifier = client_for("bantul_verifikator")
    assert verifier.get(LIST_URL).status_code == 200
    assert verifier.get("/penerima/34.02/2026/K4/impor/").status_code == 403
    assert verifier.get(_job_urls(imported["job"])[2]).status_code == 403


def test_cli_refuses_an_outsider(make_csv: Callable[..., Path], cli_import: Any) -> None:
    with pytest.raises(CommandError, match="di luar wewenang"):
        cli_import(make_csv(3), "--as", "kulonprogo.koordinator")
    with pytest.raises(CommandError, match="di luar wewenang"):
        cli_import(make_csv(3), "--as", "bantul.verifikator")
    assert not ImportJob.objects.filter(year=2026).exists()


def test_identities_masked_except_for_roles_that_need_them(
    client_for: Any, imported: dict[str, Any]
) -> None:
    from tuntas.recipients.models import Recipient

    first = Recipient.objects.filter(year=2026).order_by("nik").first()
    assert first is not None
    for name in ("bantul_operator", "bantul_kepala", "bantul_koordinator"):
        page = client_for(name).get(LIST_URL)
        assert page.context["page"].rows[0]["nik"] == first.nik, name
    for name in ("bantul_verifikator", "bantul_sekda", "diy_peninjau", "kemendagri"):
        page = client_for(name).get(LIST_URL)
        row = page.context["page"].rows[0]
        assert row["nik"] == f"{first.nik[:4]}********{first.nik[12:]}", name
        assert first.nik not in page.content.decode()
        assert first.name not in page.content.decode()
        assert row["name"] == " ".join(f"{w[0]}." for w in first.name.split())


def test_every_view_is_logged(client_for: Any, imported: dict[str, Any]) -> None:
    client_for("bantul_verifikator").get(LIST_URL)
    client_for("bantul_operator").get(LIST_URL + "?page=2")
    logs = list(RecipientAccessLog.objects.filter(action="lihat").order_by("at"))
    assert [(g.username, g.unmasked, g.row_count) for g in logs] == [
        ("bantul.verifikator", False, 50),
        ("bantul.dinkes.operator", True, 10),
    ]


def test_rejected_rows_on_the_result_page_are_logged(
    client_for: Any, make_csv: Callable[..., Path], cli_import: Any
) -> None:
    from tuntas.recipients.sample import DEMO_BAD

    job = cli_import(make_csv(130, bad=DEMO_BAD), "--as", "bantul.dinkes.operator")["job"]
    client_for("bantul_operator").get(f"/penerima/impor/{job}/hasil/")
    log = RecipientAccessLog.objects.get(action="lihat", year=2026)
    assert (log.username, log.row_count, log.unmasked) == (
        "bantul.dinkes.operator",
        len(DEMO_BAD),
        True,
    )


def test_search_by_name_only_for_unmasked_roles(client_for: Any, imported: dict[str, Any]) -> None:
    from tuntas.recipients.models import Recipient

    someone = Recipient.objects.filter(year=2026).order_by("nik").last()
    assert someone is not None
    found = client_for("bantul_operator").get(LIST_URL, {"q": someone.nik})
    assert found.context["page"].total == 1
    probed = client_for("bantul_verifikator").get(LIST_URL, {"q": someone.nik})
    assert probed.context["page"].total == 0


def _api(user: Any) -> Any:
    from django.test import Client

    _token, raw = token_create(actor=user, name="uji")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_api_totals_and_job(
    bantul_operator: Any, outsider: Any, outsider_operator: Any, imported: dict[str, Any]
) -> None:
    api = _api(bantul_operator)
    totals = api.get("/api/v1/regions/34.02/recipients/2026/totals", {"service": "K4"}).json()
    assert totals[0]["service_code"] == "K4"
    assert totals[0]["target"] == 60
    assert sum(v["target"] for v in totals[0]["villages"].values()) == 60
    assert totals[0]["quarters"] == sorted(totals[0]["quarters"])  # cumulative
    job = api.get(f"/api/v1/recipient-imports/{imported['job']}").json()
    assert (job["status"], job["imported"]) == ("selesai", 60)
    for other in (outsider, outsider_operator):
        client = _api(other)
        assert client.get("/api/v1/regions/34.02/recipients/2026/totals").status_code == 404
        assert client.get(f"/api/v1/recipient-imports/{imported['job']}").status_code == 404


def test_year_without_catalog(client_for: Any) -> None:
    client = client_for("bantul_koordinator")
    page = client.get("/penerima/", {"region": "34.02", "year": 2020})
    assert page.status_code == 200
    assert page.context["rows"] == []
    assert client.get("/penerima/34.02/2020/K4/").status_code == 403
