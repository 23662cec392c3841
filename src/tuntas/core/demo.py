"""Demo organisation and users from data/demo.yaml, loaded once through the real services."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from tuntas.accounts.models import User
from tuntas.accounts.services import user_create
from tuntas.approvals.demo import approvals_demo_load
from tuntas.figures.demo import figures_demo_load
from tuntas.organisation.models import Agency, TeamMember
from tuntas.organisation.services import (
    MemberSpec,
    agency_create,
    agency_services_set,
    team_form,
)
from tuntas.recipients.demo import demo_recipients_load
from tuntas.regions.models import Region
from tuntas.reports.demo import demo_load_reports
from tuntas.sops.demo import sops_demo_load

DEMO_FILE = Path(__file__).parent / "data" / "demo.yaml"

# Members ex officio of every team besides the agencies (jabatan, no fixed person).
EX_OFFICIO = ("Inspektur Daerah", "Kepala Badan Pengelolaan Keuangan dan Aset Daerah")


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    region: str


def demo_spec() -> dict[str, Any]:
    return yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))


def demo_logins() -> list[DemoLogin]:
    spec = demo_spec()
    logins = [DemoLogin(u[0], u[1], "Nasional") for u in spec["national_users"]]
    for r in spec["regions"]:
        name = Region.objects.get(code=r["code"]).name
        logins += [DemoLogin(f"{r['slug']}.{u[0]}", u[1], name) for u in r["users"]]
    return logins


def _load_region(spec: dict[str, Any], r: dict[str, Any], installer: User) -> None:
    region = Region.objects.get(code=r["code"])
    agencies: dict[str, Agency] = {}
    for code, name, short, services in spec["agency_sets"][region.level]:
        agency = agency_create(
            actor=installer, region=region, code=code, name=name, short_name=short
        )
        agencies[code] = agency
        for year in spec["years"]:
            agency_services_set(actor=installer, agency=agency, year=year, service_codes=services)
    team = r["team"]
    members = [
        MemberSpec(TeamMember.Position.CHAIR, *team["chair"]),
        MemberSpec(TeamMember.Position.VICE_CHAIR, *team["vice_chair"]),
        MemberSpec(TeamMember.Position.SECRETARY, *team["secretary"]),
        *(
            MemberSpec(TeamMember.Position.MEMBER, "", f"Kepala {a.name}", agency=a)
            for a in agencies.values()
        ),
        *(MemberSpec(TeamMember.Position.MEMBER, "", title) for title in EX_OFFICIO),
        MemberSpec(TeamMember.Position.SECRETARIAT, "", f"Staf {team['unit']}"),
    ]
    for year in spec["years"]:
        team_form(
            actor=installer,
            region=region,
            year=year,
            decree_number=team["decree"].format(year=year),
            decree_date=team["decree_date"].replace(year=year),
            members=members,
        )
    for username, role, full_name, job_title, *agency_code in r["users"]:
        user_create(
            actor=None,
            username=f"{r['slug']}.{username}",
            password=spec["password"],
            role=role,
            region=region,
            agency=agencies[agency_code[0]] if agency_code else None,
            full_name=full_name,
            job_title=job_title,
        )


@transaction.atomic
def demo_load() -> bool:
    """Load the demo unless it is there already; returns whether anything was written."""
    spec = demo_spec()
    if User.objects.filter(username=spec["national_users"][0][0]).exists():
        sops_demo_load()
        return False
    installer = None
    for username, role, full_name, job_title in spec["national_users"]:
        user = user_create(
            actor=None,
            username=username,
            password=spec["password"],
            role=role,
            region=None,
            full_name=full_name,
            job_title=job_title,
        )
        installer = installer or user
    assert installer is not None
    for r in spec["regions"]:
        _load_region(spec, r, installer)
    sops_demo_load()
    demo_load_reports(installer)
    figures_demo_load(installer)
    demo_recipients_load()
    approvals_demo_load(installer)
    return True
