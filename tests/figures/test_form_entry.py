"""Entering figures by form: save, inline validation, errors kept on the page, lost update."""

from decimal import Decimal as D
from typing import Any

import pytest

from tuntas.figures.models import ActionItem, BudgetLine, FigureValue

from .conftest import YEAR

URL = f"/penerapan/34.02/dinkes/K4/?year={YEAR}"
pytestmark = pytest.mark.usefixtures("open_year")


def cell(name: str, value: str, original: str = "", version: int = 0) -> dict[str, str]:
    return {name: value, f"o-{name}": original, f"v-{name}": str(version)}


def test_operator_saves_a_quarter_by_form(client_for: Any, dinkes: Any) -> None:
    client = client_for("bantul_operator")
    response = client.post(
        URL,
        {
            **cell("f-0-target-", "1.200"),
            **cell("f-2-served-", "450"),
            **cell("f-2-delivered-K4-B01", "440,5"),
            **cell("f-2-problems-", "Hujan"),
            **cell("f-3-served-", ""),
        },  # untouched empty cell
    )
    assert response.status_code == 302
    rows = {r.key: r for r in FigureValue.objects.filter(agency=dinkes, year=YEAR)}
    assert set(rows) == {"target", "served", "delivered", "problems"}
    assert rows["delivered"].value == D("440.5")
    page = client.get(URL).content.decode()
    assert "4 angka disimpan." in page
    assert 'value="1.200"' in page and 'value="440,5"' in page


def test_rule_violation_keeps_typed_values_and_saves_nothing(client_for: Any, dinkes: Any) -> None:
    response = client_for("bantul_operator").post(
        URL,
        {**cell("f-0-target-", "100"), **cell("f-1-served-", "150"), **cell("f-1-realised-", "-1")},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "melebihi" in page and "tidak boleh negatif" in page
    assert 'value="150"' in page and 'value="-1"' in page
    assert not FigureValue.objects.filter(agency=dinkes, year=YEAR).exists()


def test_inline_validation_answers_for_the_changed_cell(client_for: Any) -> None:
    client = client_for("bantul_operator")
    url = f"/penerapan/34.02/dinkes/K4/periksa/?year={YEAR}"
    data = {**cell("f-0-target-", "100"), **cell("f-1-served-", "150")}
    bad = client.post(url, data, HTTP_HX_TRIGGER_NAME="f-1-served-").content.decode()
    assert "melebihi" in bad and 'role="alert"' in bad
    text = client.post(
        url, {**cell("f-1-served-", "1,5")}, HTTP_HX_TRIGGER_NAME="f-1-served-"
    ).content.decode()
    assert "bilangan bulat" in text
    fine = client.post(url, {**cell("f-1-served-", "50")}, HTTP_HX_TRIGGER_NAME="f-1-served-")
    assert fine.status_code == 200 and fine.content.decode().strip() == ""


def test_lost_update_through_the_form(client_for: Any, dinkes: Any) -> None:
    operator, kepala = client_for("bantul_operator"), client_for("bantul_kepala")
    operator.post(URL, {**cell("f-0-target-", "100"), **cell("f-0-staff-K4-S01", "2")})
    # Both loaded the page showing 100 at version 1; the kepala saves first, also a staff count.
    saved = kepala.post(
        URL, {**cell("f-0-target-", "120", "100", 1), **cell("f-0-staff-K4-S01", "3", "2", 1)}
    )
    assert saved.status_code == 302
    response = operator.post(
        URL,
        {
            **cell("f-0-target-", "110", "100", 1),
            **cell("f-0-staff-K4-S02", "4"),
            **cell("f-0-staff-K4-S01", "2", "2", 1),  # untouched by the operator
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "dr. Sri Wahyu Joko Santoso" in page and "120" in page
    assert 'value="110"' in page and 'value="4"' in page  # nothing typed is lost
    assert FigureValue.objects.get(agency=dinkes, year=YEAR, key="target").value == D(120)
    assert not FigureValue.objects.filter(agency=dinkes, year=YEAR, item__code="K4-S02").exists()
    # The page now carries the newer version: saving again overwrites knowingly; the cell the
    # operator did not touch shows the kepala's value, so it is not reverted.
    assert 'name="v-f-0-target-" value="2"' in page
    assert 'name="f-0-staff-K4-S01" value="3"' in page
    again = operator.post(
        URL,
        {
            **cell("f-0-target-", "110", "120", 2),
            **cell("f-0-staff-K4-S02", "4"),
            **cell("f-0-staff-K4-S01", "3", "3", 2),
        },
    )
    assert again.status_code == 302
    assert FigureValue.objects.get(agency=dinkes, year=YEAR, item__code="K4-S01").value == D(3)
    assert FigureValue.objects.get(agency=dinkes, year=YEAR, key="target").value == D(110)


def test_budget_lines_and_actions_by_form(client_for: Any, dinkes: Any) -> None:
    client = client_for("bantul_operator")
    base = "/penerapan/34.02/dinkes/K4/"
    client.post(
        f"{base}anggaran/?year={YEAR}",
        {"code": "1.02.02.2.02.0001", "name": "Ibu hamil", "amount": "1.500.000,50"},
    )
    line = BudgetLine.objects.get(agency=dinkes, year=YEAR)
    assert line.amount == D("1500000.50")
    bad = client.post(
        f"{base}anggaran/?year={YEAR}", {"code": "12", "name": "", "amount": "x"}, follow=True
    )
    assert "tidak sesuai pola" in bad.content.decode()
    client.post(
        f"{base}rencana-aksi/?year={YEAR}",
        {
            "problem": "Cakupan rendah",
            "action_text": "Sweeping",
            "person_in_charge": "Kabid",
            "deadline": f"{YEAR}-09-30",
            "status": "berjalan",
        },
    )
    action = ActionItem.objects.get(agency=dinkes, year=YEAR)
    assert action.status == "berjalan"
    client.post(
        f"{base}rencana-aksi/?year={YEAR}",
        {"id": action.pk, "version": action.version, "action": "delete"},
    )
    client.post(
        f"{base}anggaran/?year={YEAR}", {"id": line.pk, "version": line.version, "action": "delete"}
    )
    assert not ActionItem.objects.filter(agency=dinkes, year=YEAR).exists()
    assert not BudgetLine.objects.filter(agency=dinkes, year=YEAR).exists()


def test_history_shows_who_before_and_after(client_for: Any) -> None:
    operator, kepala = client_for("bantul_operator"), client_for("bantul_kepala")
    operator.post(URL, cell("f-0-target-", "100"))
    kepala.post(URL, cell("f-0-target-", "1.250", "100", 1))
    page = operator.get(URL).content.decode()
    history = page[page.index("Riwayat perubahan") :]
    assert "dr. Sri Wahyu Joko Santoso" in history and "Dwi Astuti" in history
    assert "<td>100</td><td>1.250</td>" in history


def test_locked_and_closed_quarters_are_read_only(
    client_for: Any, bantul_koordinator: Any, dinkes: Any
) -> None:
    import datetime as dt

    from django.utils import timezone

    from tuntas.figures.services import figures_lock, window_set

    figures_lock(actor=bantul_koordinator, agency=dinkes, year=YEAR, quarter=1, reason="Disahkan")
    window_set(
        actor=bantul_koordinator,
        region=dinkes.region,
        year=YEAR,
        quarter=2,
        closes_on=timezone.localdate() - dt.timedelta(days=1),
    )
    page = client_for("bantul_operator").get(URL).content.decode()

    def attrs(name: str) -> str:
        start = page.index(f'name="{name}"')
        return page[start : page.index(">", start)]

    assert "readonly" in attrs("f-1-served-")
    assert "readonly" in attrs("f-2-served-")
    assert "readonly" not in attrs("f-3-served-") and "hx-post" in attrs("f-3-served-")
    assert "readonly" not in attrs("f-0-target-")


def test_verifier_list_of_violations(client_for: Any) -> None:
    client_for("bantul_operator").post(
        URL, {**cell("f-0-available-K4-B01", "5"), **cell("f-1-delivered-K4-B01", "6")}
    )
    page = (
        client_for("bantul_verifikator").get(f"/penerapan/keterisian/?year={YEAR}").content.decode()
    )
    listed = page[page.index("Pelanggaran aturan validasi") :]
    assert "Dinas Kesehatan" in listed and "Vaksin Td" in listed and "melebihi" in listed
