from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tuntas.accounts.models import User
from tuntas.accounts.scoping import visible_regions
from tuntas.core.views import year_context

from .selectors import agency_list, region_get, team_get


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """A Pemda's agencies with the services they carry, and its Tim Penerapan SPM."""
    assert isinstance(request.user, User)
    actor = request.user
    years = year_context(request)
    year = years["year"]
    regions = visible_regions(actor).order_by("code")
    code = request.GET.get("region") or actor.region_id or ""
    if not code:
        first = regions.first()
        code = first.code if first else ""
    region = region_get(actor=actor, code=code)
    context = {
        "region": region,
        **years,
        "regions": regions if regions.count() > 1 else None,
        "agencies": agency_list(actor=actor, region=region, year=year),
        "team": team_get(actor=actor, region=region, year=year),
    }
    return render(request, "organisation/overview.html", context)
