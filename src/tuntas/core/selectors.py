"""What the home page shows a user: their scope and what waits for them."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from tuntas.accounts.models import User
from tuntas.accounts.scoping import can_manage_region, visible_regions
from tuntas.catalog.selectors import services_for_year
from tuntas.organisation.models import AgencyService, SpmTeam
from tuntas.organisation.selectors import agencies_visible


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
    return summary
