from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tuntas.core.views import year_context

from .selectors import NoCatalogForYear, edition_for_year, services_for_year


@login_required
def service_list(request: HttpRequest) -> HttpResponse:
    context = year_context(request)
    try:
        context["edition"] = edition_for_year(context["year"])
        context["services"] = services_for_year(context["year"], with_items=True)
    except NoCatalogForYear as exc:
        context["error"] = str(exc)
    return render(request, "catalog/list.html", context)
