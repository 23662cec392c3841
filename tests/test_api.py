"""The REST API: tokens required, the same scoping as the UI."""

from typing import Any

import pytest
from django.test import Client

from tuntas.accounts.models import User
from tuntas.accounts.services import token_create, token_revoke

pytestmark = pytest.mark.django_db


def bearer(user: User) -> dict[str, str]:
    _, raw = token_create(actor=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_request_without_token_is_refused() -> None:
    assert Client().get("/api/v1/catalog?year=2026").status_code == 401


def test_bad_token_is_refused() -> None:
    response = Client().get("/api/v1/catalog", HTTP_AUTHORIZATION="Bearer tnt_palsu")
    assert response.status_code == 401


def test_token_holder_gets_the_catalog(bantul_operator: User) -> None:
    response = Client().get("/api/v1/catalog?year=2026", **bearer(bantul_operator))
    assert response.status_code == 200
    services = response.json()
    assert len(services) == 43
    assert sum(s["level"] == "provinsi" for s in services) == 14
    k4 = next(s for s in services if s["code"] == "K4")
    assert any(q["name"] == "Vaksin Td" for q in k4["quality_items"])


def test_revoked_token_is_refused(bantul_operator: User) -> None:
    token, raw = token_create(actor=bantul_operator, name="lama")
    token_revoke(actor=bantul_operator, token_id=token.pk)
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401


def test_me(bantul_operator: User) -> None:
    data = Client().get("/api/v1/me", **bearer(bantul_operator)).json()
    assert data == {
        "username": "bantul.dinkes.operator",
        "name": "Dwi Astuti",
        "role": "operator",
        "region": "34.02",
        "agency": "dinkes",
    }


def test_regions_are_scoped(bantul_koordinator: User, diy_peninjau: User) -> None:
    own = Client().get("/api/v1/regions", **bearer(bantul_koordinator)).json()
    assert [r["code"] for r in own] == ["34.02"]
    province = Client().get("/api/v1/regions", **bearer(diy_peninjau)).json()
    assert [r["code"] for r in province] == ["34", "34.01", "34.02", "34.03", "34.04", "34.71"]


@pytest.mark.parametrize("path", ["", "/agencies", "/districts"])
def test_outsider_gets_404_for_another_pemda(path: str, outsider: User) -> None:
    response = Client().get(f"/api/v1/regions/34.02{path}", **bearer(outsider))
    assert response.status_code == 404


def test_agencies_with_their_services(bantul_koordinator: User) -> None:
    data = (
        Client()
        .get("/api/v1/regions/34.02/agencies?year=2026", **bearer(bantul_koordinator))
        .json()
    )
    dinkes = next(a for a in data if a["code"] == "dinkes")
    assert dinkes["services"][0] == "K4"
    assert len(dinkes["services"]) == 12


def test_districts_of_bantul(bantul_koordinator: User) -> None:
    data = Client().get("/api/v1/regions/34.02/districts", **bearer(bantul_koordinator)).json()
    assert len(data) == 17
    assert sum(d["villages"] for d in data) == 75


def test_openapi_is_published() -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/catalog" in spec["paths"]
    assert spec["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_token_made_on_account_page_works(client_for: Any) -> None:
    page = client_for("bantul_verifikator").post("/akun/token/", {"name": "Dasbor"})
    text = page.content.decode()
    assert "hanya ditampilkan sekali" in text
    raw = text.split('<code id="new-token">')[1].split("</code>")[0]
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
