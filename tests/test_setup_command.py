"""`tuntas setup --demo` is what `make run` does first: it must be safe to run again."""

import io

import pytest
from django.core.management import call_command

from tuntas.accounts.models import User
from tuntas.catalog.models import QualityItem, ServiceType
from tuntas.organisation.models import Agency, AgencyService, TeamMember
from tuntas.regions.models import Region, Village

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        m.__name__: m.objects.count()
        for m in (
            Region,
            Village,
            ServiceType,
            QualityItem,
            Agency,
            AgencyService,
            TeamMember,
            User,
        )
    }


def test_setup_twice_changes_nothing_and_prints_logins() -> None:
    before = counts()
    out = io.StringIO()
    call_command("setup", "--demo", stdout=out)
    assert counts() == before
    text = out.getvalue()
    assert "Data wilayah sudah mutakhir." in text
    assert "Data demo sudah ada." in text
    assert "bantul.koordinator" in text
    assert "tuntas-demo-2026" in text


def test_forced_reload_does_not_duplicate() -> None:
    before = counts()
    out = io.StringIO()
    call_command("setup", "--force", stdout=out)
    assert counts() == before
    assert "83.762 desa/kelurahan" in out.getvalue()


def test_demo_holds_both_seed_pemda_with_teams_and_one_user_per_role() -> None:
    bantul = Region.objects.get(code="34.02")
    assert bantul.parent_id == "34"
    assert Agency.objects.filter(region=bantul).count() >= 6
    assert Agency.objects.filter(region_id="19").exists()
    roles = set(
        User.objects.filter(
            username__in=[
                "admin",
                "kemendagri",
                "bantul.admin",
                "bantul.koordinator",
                "bantul.dinkes.operator",
                "bantul.dinkes.kepala",
                "bantul.verifikator",
                "bantul.sekda",
                "babel.peninjau",
            ]
        ).values_list("role", flat=True)
    )
    assert roles == {
        "admin",
        "kemendagri",
        "koordinator",
        "operator",
        "kepala_opd",
        "verifikator",
        "pengesah",
        "peninjau_provinsi",
    }
    chair = TeamMember.objects.get(team__region=bantul, team__year=2026, position="ketua")
    assert chair.job_title == "Sekretaris Daerah"
    # every kab/kota service has exactly one carrying agency in the demo year
    carried = AgencyService.objects.filter(agency__region=bantul, year=2026)
    assert sorted(carried.values_list("service__code", flat=True)) == sorted(
        f"K{i}" for i in range(1, 30)
    )
