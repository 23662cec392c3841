from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tuntas.accounts.models import User
from tuntas.accounts.scoping import visible_regions
from tuntas.organisation.selectors import region_get
from tuntas.regions.models import Region

from .selectors import home_summary


def region_context(request: HttpRequest, regions: QuerySet[Region] | None = None) -> dict[str, Any]:
    """The Pemda asked for in `?region=` (or a POSTed `region`), else the user's own, else the
    first they may see; and the Pemda a page offers to switch to (None when there is only one).
    `regions` narrows the choice (e.g. provinces only); an outsider's code is refused."""
    assert isinstance(request.user, User)
    actor = request.user
    choices = (regions if regions is not None else visible_regions(actor)).order_by("code")
    code = request.GET.get("region") or request.POST.get("region") or ""
    if not code:
        own = actor.region
        if own is not None and choices.filter(code=own.code).exists():
            code = own.code
        else:
            first = choices.first()
            code = first.code if first else ""
    return {
        "region": region_get(actor=actor, code=code),
        "regions": choices if choices.count() > 1 else None,
    }


def year_context(request: HttpRequest) -> dict[str, Any]:
    """The fiscal year asked for in `?year=` (this year when absent or not a number), and the
    years a page offers to switch to."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = this_year
    return {"year": year, "years": range(this_year + 1, 2019, -1)}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    year = timezone.localdate().year
    summary = home_summary(actor=request.user, year=year)
    return render(request, "core/home.html", {"summary": summary, "year": year})
