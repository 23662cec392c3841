"""The figures API: the demo's figures, needs and completeness; outsiders get 404."""

from decimal import Decimal as D
from typing import Any

import pytest
from django.test import Client

from tuntas.accounts.services import token_create

pytestmark = pytest.mark.django_db  # also for tests that take their actor by name
BASE = "/api/v1/regions/34.02"


def get(user: Any, path: str) -> Any:
    _, raw = token_create(actor=user, name="uji")
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_figures_of_the_demo_agency(bantul_operator: Any) -> None:
    response = get(bantul_operator, f"{BASE}/agencies/dinkes/figures?year=2026")
    assert response.status_code == 200
    body = response.json()
    assert "K4" in body["services"]
    target = next(f for f in body["figures"] if (f["service"], f["key"]) == ("K4", "target"))
    assert D(target["value"]) == D(11200) and target["version"] == 1
    assert target["source"] == "entered"
    served = [f for f in body["figures"] if (f["service"], f["key"]) == ("K4", "served")]
    assert [f["quarter"] for f in served] == [1, 2, 3]
    assert any(b["code"] == "1.02.02.2.02.0001" for b in body["budget_lines"])


def test_needs_of_the_demo_agency(bantul_verifikator: Any) -> None:
    response = get(bantul_verifikator, f"{BASE}/agencies/dinkes/needs?year=2026")
    k4 = next(s for s in response.json() if s["service"] == "K4")
    tablets = next(i for i in k4["items"] if i["code"] == "K4-B02")
    assert D(tablets["gap"]) == D(11200 * 90 - 650000)
    assert D(tablets["cost"]) == D(11200 * 90 - 650000) * 350


def test_completeness_has_a_pemda_total(bantul_koordinator: Any) -> None:
    rows = get(bantul_koordinator, f"{BASE}/completeness?year=2026").json()
    dinkes = next(r for r in rows if r["agency"] == "dinkes")
    disdik = next(r for r in rows if r["agency"] == "disdik")
    assert dinkes["shares"]["q1"]["filled"] > 0
    assert disdik["shares"]["q1"]["filled"] == 0
    assert rows[-1]["agency"] == ""
    assert rows[-1]["shares"]["q1"]["required"] == sum(
        r["shares"]["q1"]["required"] for r in rows[:-1]
    )


@pytest.mark.parametrize(
    "who", ["outsider", "outsider_operator", "jateng_peninjau", "bantul_disdik_operator"]
)
@pytest.mark.parametrize("path", ["/agencies/dinkes/figures", "/agencies/dinkes/needs"])
def test_others_get_404_for_an_agency(request: Any, who: str, path: str) -> None:
    assert get(request.getfixturevalue(who), f"{BASE}{path}?year=2026").status_code == 404


@pytest.mark.parametrize("who", ["outsider", "outsider_operator", "jateng_peninjau"])
def test_outsiders_get_404_for_completeness(request: Any, who: str) -> None:
    assert get(request.getfixturevalue(who), f"{BASE}/completeness?year=2026").status_code == 404
