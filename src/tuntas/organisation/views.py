from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuntas.accounts.models import User
from tuntas.accounts.scoping import can_manage_region
from tuntas.catalog.selectors import NoCatalogForYear, services_for_year
from tuntas.core.views import region_context, year_context
from tuntas.regions.models import Region

from .forms import AgencyForm
from .selectors import agency_get, agency_list, region_get, service_carriers, team_get
from .services import agency_create, agency_services_set, organisation_copy_year


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """A Pemda's agencies with the services they carry, and its Tim Penerapan SPM."""
    assert isinstance(request.user, User)
    actor = request.user
    context = {**region_context(request), **year_context(request)}
    region, year = context["region"], context["year"]
    context |= {
        "agencies": agency_list(actor=actor, region=region, year=year),
        "team": team_get(actor=actor, region=region, year=year),
        "can_manage": can_manage_region(actor, region),
    }
    return render(request, "organisation/overview.html", context)


def _refuse_unless_manager(actor: User, region: Region) -> None:
    # The services refuse too; this spares a manager-only form to someone who could not save it.
    if not can_manage_region(actor, region):
        raise PermissionDenied(_("Anda tidak berwenang mengatur organisasi Pemda ini."))


def _overview_url(region_code: str, year: int | None = None) -> str:
    query = f"?region={region_code}" + (f"&year={year}" if year else "")
    return reverse("organisation:overview") + query


@login_required
def agency_add(request: HttpRequest, code: str) -> HttpResponse:
    assert isinstance(request.user, User)
    region = region_get(actor=request.user, code=code)
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = agency_create(actor=request.user, region=region, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("%(name)s ditambahkan.") % {"name": agency.name})
            return redirect(_overview_url(region.code))
    _refuse_unless_manager(request.user, region)
    return render(request, "organisation/agency_add.html", {"region": region, "form": form})


@login_required
def agency_services(request: HttpRequest, agency_id: int) -> HttpResponse:
    """Tick the services an agency carries in a year."""
    assert isinstance(request.user, User)
    agency = agency_get(actor=request.user, agency_id=agency_id)
    year = year_context(request)["year"]
    if request.method == "POST":
        try:
            agency_services_set(
                actor=request.user,
                agency=agency,
                year=year,
                service_codes=request.POST.getlist("service"),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Jenis pelayanan %(agency)s tahun %(year)s disimpan.")
                % {"agency": agency.name, "year": year},
            )
            return redirect(_overview_url(agency.region_id, year))
    _refuse_unless_manager(request.user, agency.region)
    carriers = service_carriers(actor=request.user, region=agency.region, year=year)
    carried = {code for code, agencies in carriers.items() if agency in agencies}
    others = {
        code: [a.short_name or a.name for a in agencies if a != agency]
        for code, agencies in carriers.items()
    }
    try:
        services = list(services_for_year(year, level=agency.region.level))
    except NoCatalogForYear:
        services = []
    rows = [(s, s.code in carried, others.get(s.code, [])) for s in services]
    context = {"agency": agency, **year_context(request), "rows": rows}
    return render(request, "organisation/agency_services.html", context)


@login_required
@require_POST
def year_copy(request: HttpRequest, code: str) -> HttpResponse:
    assert isinstance(request.user, User)
    region = region_get(actor=request.user, code=code)
    to_year = year_context(request)["year"]
    try:
        result = organisation_copy_year(
            actor=request.user, region=region, from_year=to_year - 1, to_year=to_year
        )
    except NoCatalogForYear as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(count)s penugasan jenis pelayanan disalin dari tahun %(year)s.")
            % {"count": result.services, "year": to_year - 1},
        )
        if result.team_copied:
            messages.info(
                request,
                _("Susunan Tim Penerapan SPM disalin; lengkapi nomor dan tanggal SK yang baru."),
            )
        if result.skipped:
            messages.warning(
                request,
                _("Tidak ada dalam katalog tahun %(year)s, tidak disalin: %(codes)s.")
                % {"year": to_year, "codes": ", ".join(result.skipped)},
            )
    return redirect(_overview_url(region.code, to_year))
