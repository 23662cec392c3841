"""Stages 1 and 4 follow the by-name rows: after an import the service's target and served
counts in Penerapan SPM come from the stored rows, unless someone typed them in by hand or the
period is closed or locked."""

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tuntas.approvals.models import Submission
from tuntas.figures.models import FigureLock, FigureValue
from tuntas.figures.services import figures_from_recipients
from tuntas.organisation.models import Agency
from tuntas.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_the_agencys_hands() -> None:
    """The demo has approved Dinkes' first quarters of 2026, which locks them."""
    Submission.objects.filter(agency__region_id="34.02", agency__code="dinkes", year=2026).delete()


@pytest.fixture
def k4_by_hand_removed() -> Agency:
    """The demo typed K4's figures in by hand; these tests start from a service without them."""
    dinkes = Agency.objects.get(region_id="34.02", code="dinkes")
    FigureValue.objects.filter(agency=dinkes, year=2026, service__code="K4").delete()
    return dinkes


def served_by_quarter_end(path: Path) -> list[int]:
    """From the file itself: rows served to the standard by the end of each quarter."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    months = [
        dt.date.fromisoformat(r["tanggal_layanan"]).month
        for r in rows
        if r["sesuai_standar"] == "ya"
    ]
    return [sum(1 for m in months if m <= 3 * q) for q in (1, 2, 3, 4)]


def figure(agency: Agency, quarter: int, key: str) -> FigureValue:
    return FigureValue.objects.get(
        agency=agency, year=2026, service__code="K4", quarter=quarter, key=key
    )


def test_an_import_sets_the_target(
    k4_by_hand_removed: Agency, make_csv: Callable[..., Path], cli_import: Any
) -> None:
    summary = cli_import(make_csv(40), "--as", "bantul.dinkes.operator")
    target = figure(k4_by_hand_removed, 0, "target")
    assert (target.value, target.source) == (40, "recipients")
    assert target.updated_by.username == "bantul.dinkes.operator"
    assert "Sasaran dan capaian di Penerapan SPM diperbarui" in summary["message"]


def test_a_target_typed_by_hand_is_kept(make_csv: Callable[..., Path], cli_import: Any) -> None:
    dinkes = Agency.objects.get(region_id="34.02", code="dinkes")
    before = figure(dinkes, 0, "target")
    assert before.source == "entered"
    cli_import(make_csv(40), "--as", "bantul.dinkes.operator")
    after = figure(dinkes, 0, "target")
    assert (after.value, after.version) == (before.value, before.version)


def test_served_follows_for_open_quarters_only(
    k4_by_hand_removed: Agency,
    make_csv: Callable[..., Path],
    cli_import: Any,
    bantul_operator: Any,
) -> None:
    path = make_csv(60)
    cli_import(path)  # as the server: rows stored, figures left to the call below
    bantul = Region.objects.get(code="34.02")
    # 10 July: Q1's window closed on 20 April, Q2's is open until 20 July, Q3 is under way
    # and Q4 has not begun.
    [(agency, result)] = figures_from_recipients(
        actor=bantul_operator,
        region=bantul,
        year=2026,
        service_code="K4",
        today=dt.date(2026, 7, 10),
    )
    assert result.ok, result.errors
    expected = served_by_quarter_end(path)
    assert figure(agency, 2, "served").value == expected[1]
    assert figure(agency, 3, "served").value == expected[2]
    assert not FigureValue.objects.filter(
        agency=agency, year=2026, service__code="K4", key="served", quarter__in=[1, 4]
    ).exists()


def test_the_rules_still_judge_figures_from_recipients(
    make_csv: Callable[..., Path], cli_import: Any, bantul_koordinator: Any
) -> None:
    cli_import(make_csv(40))
    dinkes = Agency.objects.get(region_id="34.02", code="dinkes")
    [(_agency, result)] = figures_from_recipients(
        actor=bantul_koordinator,
        region=Region.objects.get(code="34.02"),
        year=2026,
        service_code="K4",
        replace_entered=True,
    )
    assert not result.ok  # 40 recipients, but more were typed in as served
    assert figure(dinkes, 0, "target").source == "entered"


def test_a_locked_year_keeps_its_target(
    k4_by_hand_removed: Agency, make_csv: Callable[..., Path], cli_import: Any, admin: Any
) -> None:
    FigureLock.objects.create(
        agency=k4_by_hand_removed, year=2026, quarter=0, locked_by=admin, reason="Disetujui"
    )
    cli_import(make_csv(40), "--as", "bantul.dinkes.operator")
    assert not FigureValue.objects.filter(
        agency=k4_by_hand_removed, year=2026, service__code="K4", key="target"
    ).exists()


def test_replacing_a_hand_typed_target_is_an_explicit_choice(
    make_csv: Callable[..., Path], cli_import: Any, bantul_koordinator: Any
) -> None:
    dinkes = Agency.objects.get(region_id="34.02", code="dinkes")
    # The typed-in served counts exceed 40, and the rules would refuse such a target.
    FigureValue.objects.filter(agency=dinkes, year=2026, service__code="K4", key="served").delete()
    cli_import(make_csv(40), "--as", "bantul.dinkes.operator")
    figures_from_recipients(
        actor=bantul_koordinator,
        region=Region.objects.get(code="34.02"),
        year=2026,
        service_code="K4",
        replace_entered=True,
    )
    target = figure(dinkes, 0, "target")
    assert (target.value, target.source) == (40, "recipients")


PAGE = "/penerapan/34.02/dinkes/K4/?year=2026"
TAKE = "/penerapan/34.02/dinkes/K4/dari-penerima/?year=2026"


def test_the_service_page_offers_the_by_name_totals(
    make_csv: Callable[..., Path], cli_import: Any, client_for: Any
) -> None:
    dinkes = Agency.objects.get(region_id="34.02", code="dinkes")
    FigureValue.objects.filter(agency=dinkes, year=2026, service__code="K4", key="served").delete()
    cli_import(make_csv(40))  # as the server: the typed-in target stays
    client = client_for("bantul_operator")
    page = client.get(PAGE).content.decode()
    assert "Data penerima by name tahun ini: 40 orang" in page
    response = client.post(TAKE)
    assert response.status_code == 302
    target = figure(dinkes, 0, "target")
    assert (target.value, target.source) == (40, "recipients")
    assert "angka berubah" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("who", ["outsider", "outsider_operator", "bantul_verifikator"])
def test_only_the_agency_and_its_managers_take_the_totals(who: str, client_for: Any) -> None:
    dinkes = Agency.objects.get(region_id="34.02", code="dinkes")
    before = figure(dinkes, 0, "target").version
    assert client_for(who).post(TAKE).status_code == 403
    assert figure(dinkes, 0, "target").version == before
