"""SOP endpoints: the same scoping as the pages; another Pemda's SOP is a 404."""

import pytest
from django.test import Client

from tuntas.accounts.models import User
from tuntas.accounts.services import token_create

from .helpers import BABEL, BANTUL, start

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    _, raw = token_create(actor=user, name="uji")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_sops_list_is_scoped(bantul_operator: User, kemendagri: User) -> None:
    rows = _client(bantul_operator).get("/api/v1/sops").json()
    assert rows == [
        {
            "code": BANTUL,
            "name": "Penyusunan Laporan SPM",
            "region": "34.02",
            "version": 1,
            "activities": 13,
        }
    ]
    codes = {r["code"]: r["activities"] for r in _client(kemendagri).get("/api/v1/sops").json()}
    assert codes[BABEL] == 15 and codes[BANTUL] == 13


def test_one_sop_with_its_document(bantul_operator: User, outsider: User) -> None:
    body = _client(bantul_operator).get(f"/api/v1/sops/{BANTUL}").json()
    assert body["document"]["identity"]["number"] == "04/SOP/2022"
    assert _client(outsider).get(f"/api/v1/sops/{BANTUL}").status_code == 404
    assert _client(outsider).get(f"/api/v1/sops/{BABEL}").status_code == 404


def test_my_tasks(bantul_koordinator: User, bantul_verifikator: User, outsider: User) -> None:
    start(bantul_koordinator)
    mine = _client(bantul_koordinator).get("/api/v1/tasks/mine").json()
    assert [(t["sop"], t["activity"], t["actor_code"], t["status"]) for t in mine] == [
        (BANTUL, 1, "KABAG", "siap")
    ]
    assert _client(bantul_verifikator).get("/api/v1/tasks/mine").json() == []
    assert _client(outsider).get("/api/v1/tasks/mine").json() == []


def test_token_required() -> None:
    assert Client().get("/api/v1/tasks/mine").status_code == 401


def test_one_run_with_its_tasks(
    bantul_koordinator: User, bantul_operator: User, outsider: User
) -> None:
    run = start(bantul_koordinator)
    body = _client(bantul_operator).get(f"/api/v1/runs/{run.pk}").json()
    assert (body["sop"], body["version"], body["year"]) == (BANTUL, 1, 2026)
    assert [t["activity"] for t in body["tasks"]] == list(range(1, 14))
    assert body["tasks"][0]["status"] == "siap" and body["tasks"][1]["status"] == "menunggu"
    assert _client(outsider).get(f"/api/v1/runs/{run.pk}").status_code == 404
