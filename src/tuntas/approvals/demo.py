"""Demo lifecycle and index, through the real services (see core.demo).

Bantul's Dinas Kesehatan 2026: the first quarter approved and accepted by DI Yogyakarta, the
second approved, the third still a draft so the walk (submit, return, fix, approve, send,
accept) can be done by hand. Sleman and Gunungkidul get a Dinas Kesehatan with Bantul's targets
and its deliveries scaled, so the province's ranking has something to rank.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import yaml

from tuntas.accounts.models import User
from tuntas.figures.demo import DEMO_FILE, _check
from tuntas.figures.fields import QUARTERS
from tuntas.figures.services import FigureChange, figures_save
from tuntas.figures.windows import default_closes_on
from tuntas.indexing.services import index_recompute_many
from tuntas.organisation.models import Agency
from tuntas.organisation.services import agency_create, agency_services_set
from tuntas.regions.models import Region

from . import services

YEAR = 2026
# Other DIY kabupaten (not Kulon Progo 34.01, the tests' outsider): code, share of Bantul's.
NEIGHBOURS = (("34.03", Decimal("0.86")), ("34.04", Decimal("1.08")))


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _scaled(value: int, factor: Decimal) -> int:
    return int((Decimal(value) * factor).to_integral_value(ROUND_HALF_UP))


def _neighbour(installer: User, code: str, factor: Decimal, spec: dict[str, Any]) -> Region:
    """Bantul's targets, with its deliveries (served, goods delivered) scaled by `factor`."""
    region = Region.objects.get(code=code)
    agency = agency_create(
        actor=installer, region=region, code="dinkes", name="Dinas Kesehatan", short_name="Dinkes"
    )
    services_spec = spec["services"]
    agency_services_set(
        actor=installer, agency=agency, year=YEAR, service_codes=list(services_spec)
    )
    save: dict[str, Any] = {"actor": installer, "region": region, "year": YEAR, "agency": agency}
    figures_save(
        **save,
        changes=[
            FigureChange(c, None, "target", "", s["target"]) for c, s in services_spec.items()
        ],
    )
    for q in QUARTERS:
        changes = []
        for c, s in services_spec.items():
            if q <= len(s["served"]):
                served = min(_scaled(s["served"][q - 1], factor), s["target"])
                changes.append(FigureChange(c, q, "served", "", served))
            for item, values in s.get("delivered", {}).items():
                if q <= len(values):
                    delivered = _scaled(values[q - 1], factor)
                    changes.append(FigureChange(c, q, "delivered", item, delivered))
        if changes:
            _check(figures_save(**save, changes=changes, today=default_closes_on(YEAR, q)))
    return region


def _approve(agency: Agency, quarter: int, verifier: User, approver: User, head: User) -> None:
    sub = services.submission_submit(actor=head, agency=agency, year=YEAR, quarter=quarter)
    sub = services.submission_verify(actor=verifier, submission=sub)
    services.submission_approve(actor=approver, submission=sub)


def approvals_demo_load(installer: User) -> None:
    spec = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    bantul = Region.objects.get(code="34.02")
    dinkes = Agency.objects.get(region=bantul, code="dinkes")
    head, verifier = _user("bantul.dinkes.kepala"), _user("bantul.verifikator")
    approver, coordinator = _user("bantul.sekda"), _user("bantul.koordinator")
    for q in (1, 2):
        _approve(dinkes, q, verifier, approver, head)
    sent = services.province_submit(actor=coordinator, region=bantul, year=YEAR, quarter=1)
    services.province_accept(actor=_user("diy.peninjau"), submission=sent, note="Lengkap.")
    neighbours = [_neighbour(installer, code, f, spec) for code, f in NEIGHBOURS]
    index_recompute_many(regions=[bantul, *neighbours], year=YEAR)
