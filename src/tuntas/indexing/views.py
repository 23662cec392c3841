"""Pages of the index: tables per sector and service with the explanation, and dashboards."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tuntas.accounts.models import User
from tuntas.approvals.views import period_context
from tuntas.catalog.models import Sector
from tuntas.catalog.selectors import NoCatalogForYear, services_for_year

from . import dashboards, selectors


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _quarter(ctx: dict[str, object]) -> int:
    """The index has no separate year: the fourth quarter is the year."""
    return int(ctx["quarter"]) or 4  # type: ignore[call-overload]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    ctx = period_context(request)
    try:
        stored = selectors.index_get(
            actor=_actor(request), region=ctx["region"], year=ctx["year"], quarter=_quarter(ctx)
        )
    except NoCatalogForYear as exc:
        return render(request, "indexing/index.html", {**ctx, "error": str(exc)})
    names = dict(Sector.objects.values_list("code", "name"))
    level = ctx["region"].level
    ctx["service_names"] = dict(
        services_for_year(ctx["year"], level=level).values_list("code", "name")
    )
    ctx["stored"] = stored
    ctx["sectors"] = [
        (s, names.get(s.code, s.code), stored.services_of(s.code)) for s in stored.sectors
    ]
    return render(request, "indexing/index.html", ctx)


@login_required
def explain(request: HttpRequest) -> HttpResponse:
    """The steps behind one service's, sector's or the Pemda's index (loaded with htmx)."""
    ctx = period_context(request)
    try:
        result = selectors.index_explain(
            actor=_actor(request), region=ctx["region"], year=ctx["year"], quarter=_quarter(ctx)
        )
    except NoCatalogForYear as exc:
        raise Http404(str(exc)) from exc
    code = request.GET.get("code", "")
    level = request.GET.get("level", "service")
    if level == "service" and code in result.services:
        steps = list(result.services[code].explain)
    elif level == "sector" and code in result.sectors:
        sector = result.sectors[code]
        steps = [step for s in sector.services.values() for step in s.explain] + [sector.explain]
    elif level == "region":
        steps = list(result.explain)
    else:
        raise Http404
    return render(request, "indexing/_explain.html", {"steps": steps, "rules": result.rules})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    ctx = period_context(request)
    try:
        tables = dashboards.dashboard_tables(
            _actor(request), ctx["region"], ctx["year"], _quarter(ctx)
        )
    except NoCatalogForYear as exc:
        return render(request, "indexing/dashboard.html", {**ctx, "error": str(exc)})
    wanted = request.GET.get("xlsx")
    if wanted:
        table = next((t for t in tables if t.key == wanted), None)
        if table is None:
            raise Http404
        name = f"tuntas-{table.key}-{ctx['region'].code}-{ctx['year']}-tw{_quarter(ctx)}.xlsx"
        return HttpResponse(
            dashboards.xlsx(table),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    ctx["tables"] = [(t, t.chart_data()) for t in tables]
    return render(request, "indexing/dashboard.html", ctx)
