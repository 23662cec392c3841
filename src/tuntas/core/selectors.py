"""What the home page shows a user: their scope and what waits for them."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tuntas.accounts.models import Role, User
from tuntas.accounts.scoping import can_manage_region, visible_regions
from tuntas.approvals.models import ProvinceSubmission, Status
from tuntas.approvals.selectors import submissions_for_region
from tuntas.catalog.selectors import services_for_year
from tuntas.figures.fields import QUARTERS
from tuntas.organisation.models import AgencyService, SpmTeam
from tuntas.organisation.selectors import agencies_visible
from tuntas.reports.selectors import inbox
from tuntas.sops.selectors import tasks_mine


@dataclass(frozen=True)
class WaitingItem:
    text: str
    url: str


@dataclass
class HomeSummary:
    regions_count: int
    agencies_count: int
    services_count: int
    waiting: list[WaitingItem] = field(default_factory=list)


def home_summary(*, actor: User, year: int) -> HomeSummary:
    regions = visible_regions(actor)
    agencies = agencies_visible(actor)
    services = AgencyService.objects.filter(agency__in=agencies, year=year)
    summary = HomeSummary(
        regions_count=regions.count(),
        agencies_count=agencies.count(),
        services_count=services.values("service").distinct().count(),
    )
    if actor.region is not None and can_manage_region(actor, actor.region):
        overview = reverse("organisation:overview") + f"?region={actor.region_id}&year={year}"
        if not SpmTeam.objects.filter(region=actor.region, year=year).exists():
            summary.waiting.append(
                WaitingItem(
                    _("Tim Penerapan SPM tahun %(year)s belum dicatat.") % {"year": year}, overview
                )
            )
        carried = AgencyService.objects.filter(agency__region=actor.region, year=year)
        orphans = services_for_year(year, level=actor.region.level).exclude(
            pk__in=carried.values("service")
        )
        codes = [s.code for s in orphans]
        if codes:
            summary.waiting.append(
                WaitingItem(
                    _("Jenis pelayanan tanpa OPD pengampu tahun %(year)s: %(codes)s.")
                    % {"year": year, "codes": ", ".join(codes)},
                    overview,
                )
            )
    summary.waiting += _work_waiting(actor, year)
    return summary


QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _work_waiting(actor: User, year: int) -> list[WaitingItem]:
    """The year's work that waits for this actor in the other apps: SOP tasks, submissions to
    submit again, verify or approve, the province's reviews, and reports to acknowledge."""
    items = []
    tasks = tasks_mine(actor=actor).count()
    if tasks:
        items.append(
            WaitingItem(
                ngettext("%(n)s tugas SOP menunggu Anda.", "%(n)s tugas SOP menunggu Anda.", tasks)
                % {"n": tasks},
                reverse("sops:inbox"),
            )
        )
    region = actor.region
    items += _submissions_waiting(actor, year)
    if actor.role in {Role.PROVINCIAL_REVIEWER, Role.COORDINATOR} and region and region.is_province:
        sent = ProvinceSubmission.objects.filter(
            region__parent=region, year=year, status=ProvinceSubmission.State.SUBMITTED
        ).count()
        if sent:
            items.append(
                WaitingItem(
                    _("%(n)s kiriman kabupaten/kota menunggu penerimaan provinsi.") % {"n": sent},
                    reverse("approvals:province") + f"?year={year}",
                )
            )
    unread = inbox(actor).filter(acknowledged_at=None).count()
    if unread:
        items.append(
            WaitingItem(
                _("%(n)s laporan kiriman belum diterima.") % {"n": unread},
                reverse("reports:inbox"),
            )
        )
    return items


def _submissions_waiting(actor: User, year: int) -> list[WaitingItem]:
    if actor.region is None:
        return []
    items = []
    for quarter in QUARTERS:
        rows = submissions_for_region(actor=actor, region=actor.region, year=year, quarter=quarter)
        url = reverse("approvals:list") + f"?region={actor.region_id}&year={year}&quarter={quarter}"
        name = QUARTER_NAMES[quarter]
        counts = (
            (
                sum(1 for r in rows if r.status == Status.RETURNED and r.can_submit),
                _("Triwulan %(q)s: %(n)s dikembalikan untuk diperbaiki dan diajukan lagi."),
            ),
            (
                sum(1 for r in rows if r.can_verify),
                _("Triwulan %(q)s: %(n)s pengajuan menunggu verifikasi."),
            ),
            (
                sum(1 for r in rows if r.can_approve),
                _("Triwulan %(q)s: %(n)s pengajuan menunggu pengesahan."),
            ),
        )
        items += [WaitingItem(text % {"q": name, "n": n}, url) for n, text in counts if n]
    return items
