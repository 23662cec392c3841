"""Shared fixtures: reference data and the demo loaded once, and named actors.

Actors are the demo users of Kabupaten Bantul (34.02) and its province DI Yogyakarta (34),
Provinsi Kepulauan Bangka Belitung (19), plus outsiders: a koordinator and an operator of
Kabupaten Kulon Progo (34.01, a neighbour in the same province) and a provincial reviewer of
Jawa Tengah (33).
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

DEMO_PASSWORD = "tuntas-demo-2026"
OUTSIDER_PASSWORD = "orang-luar-2026"


def load_world() -> None:
    """Reference data, demo, and the outsiders: what every test may take for granted."""
    from tuntas.accounts.models import Role, User
    from tuntas.accounts.services import user_create
    from tuntas.catalog.loaders import catalog_load
    from tuntas.core.demo import demo_load
    from tuntas.organisation.models import Agency
    from tuntas.regions.loaders import regions_load
    from tuntas.regions.models import Region

    regions_load()
    catalog_load()
    demo_load()
    if User.objects.filter(username="kulonprogo.koordinator").exists():
        return
    kulonprogo = Region.objects.get(code="34.01")
    dinkes = Agency.objects.create(region=kulonprogo, code="dinkes", name="Dinas Kesehatan")
    user_create(
        actor=None,
        username="kulonprogo.koordinator",
        password=OUTSIDER_PASSWORD,
        role=Role.COORDINATOR,
        region=kulonprogo,
    )
    user_create(
        actor=None,
        username="kulonprogo.dinkes.operator",
        password=OUTSIDER_PASSWORD,
        role=Role.OPERATOR,
        region=kulonprogo,
        agency=dinkes,
    )
    user_create(
        actor=None,
        username="jateng.peninjau",
        password=OUTSIDER_PASSWORD,
        role=Role.PROVINCIAL_REVIEWER,
        region=Region.objects.get(code="33"),
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        load_world()
    yield


def _user(username: str) -> Any:
    from tuntas.accounts.models import User

    return User.objects.select_related("region", "agency").get(username=username)


ACTORS = {
    "admin": "admin",
    "kemendagri": "kemendagri",
    "bantul_admin": "bantul.admin",
    "bantul_koordinator": "bantul.koordinator",
    "bantul_verifikator": "bantul.verifikator",
    "bantul_sekda": "bantul.sekda",
    "bantul_operator": "bantul.dinkes.operator",
    "bantul_kepala": "bantul.dinkes.kepala",
    "bantul_disdik_operator": "bantul.disdik.operator",
    "diy_peninjau": "diy.peninjau",
    "diy_koordinator": "diy.koordinator",
    "babel_peninjau": "babel.peninjau",
    "babel_koordinator": "babel.koordinator",
    "outsider": "kulonprogo.koordinator",
    "outsider_operator": "kulonprogo.dinkes.operator",
    "jateng_peninjau": "jateng.peninjau",
}


def _make_fixture(username: str) -> Any:
    @pytest.fixture
    def actor(db: Any) -> Any:
        return _user(username)

    return actor


for _name, _username in ACTORS.items():
    globals()[_name] = _make_fixture(_username)


@pytest.fixture
def client_for(db: Any) -> Any:
    """A logged-in test client for the named actor."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(_user(ACTORS.get(username, username)))
        return client

    return make


def set_bantul_windows(year: int, *, days: int) -> None:
    """Every quarter of `year` in Kabupaten Bantul closes `days` from today (negative: closed),
    as its koordinator sets it, so tests do not depend on today's date."""
    import datetime as dt

    from django.utils import timezone

    from tuntas.figures.services import window_set
    from tuntas.regions.models import Region

    koordinator = _user("bantul.koordinator")
    bantul = Region.objects.get(code="34.02")
    for quarter in (1, 2, 3, 4):
        window_set(
            actor=koordinator,
            region=bantul,
            year=year,
            quarter=quarter,
            closes_on=timezone.localdate() + dt.timedelta(days=days),
        )
