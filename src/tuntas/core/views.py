from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tuntas.accounts.models import User

from .selectors import home_summary


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
