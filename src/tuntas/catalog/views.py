from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .selectors import NoCatalogForYear, edition_for_year, services_for_year


@login_required
def service_list(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    context: dict[str, object] = {
        "year": year,
        "years": range(timezone.localdate().year + 1, 2019, -1),
    }
    try:
        context["edition"] = edition_for_year(year)
        context["services"] = services_for_year(year, with_items=True)
    except NoCatalogForYear as exc:
        context["error"] = str(exc)
    return render(request, "catalog/list.html", context)
