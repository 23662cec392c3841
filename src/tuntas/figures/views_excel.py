"""Excel pages: download a template, upload it, see the preview, confirm (pretix style).

The uploaded file is kept under MEDIA_ROOT in the user's own folder until confirmed, so the
confirm step imports exactly the file that was previewed; nothing is written before it.
"""

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tuntas.accounts.models import User
from tuntas.accounts.scoping import can_manage_region
from tuntas.core.views import year_context
from tuntas.organisation.models import Agency
from tuntas.organisation.selectors import region_get
from tuntas.regions.models import Region

from . import excel, imports, selectors, services

MAX_UPLOAD = 5 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _writable_agency(request: HttpRequest, region_code: str, agency_code: str) -> Agency:
    """The agency if the user may enter its figures; 403 for everyone else."""
    actor = _actor(request)
    region = region_get(actor=actor, code=region_code)
    agency = selectors.agency_get(actor=actor, region=region, code=agency_code)
    if not services.can_write(actor, agency):
        raise PermissionDenied(_("Anda tidak berwenang mengisi angka %s.") % agency.name)
    return agency


def _managed_region(request: HttpRequest) -> Region:
    """The Pemda of `?region=` (the user's own by default) if the user manages it."""
    actor = _actor(request)
    region = region_get(actor=actor, code=request.GET.get("region") or actor.region_id or "")
    if not can_manage_region(actor, region):
        raise PermissionDenied(_("Anda tidak berwenang mengatur SSH %s.") % region.name)
    return region


def _download(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- the staged file -----------------------------------------------------------------------


def _folder(actor: User) -> Path:
    return Path(settings.MEDIA_ROOT) / "figures-imports" / str(actor.pk)


def _stage(request: HttpRequest) -> str | None:
    """Keep the uploaded file (replacing the user's earlier ones); its token, or None after
    telling the user what is wrong with it."""
    upload = request.FILES.get("file")
    if upload is None or not upload.name or not upload.name.lower().endswith(".xlsx"):
        messages.error(request, _("Pilih berkas Excel (.xlsx) hasil templat."))
        return None
    if upload.size is None or upload.size > MAX_UPLOAD:
        messages.error(request, _("Berkas terlalu besar (paling besar 5 MB)."))
        return None
    folder = _folder(_actor(request))
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.xlsx"):
        old.unlink()
    token = secrets.token_hex(16)
    (folder / f"{token}.xlsx").write_bytes(upload.read())
    return token


def _staged(actor: User, token: str) -> Path:
    path = _folder(actor) / f"{token}.xlsx"
    if not token.isalnum() or not path.exists():
        raise PermissionDenied(_("Berkas unggahan tidak ditemukan; unggah kembali."))
    return path


def _preview_or_save(
    request: HttpRequest, token: str, run: Any, ctx: dict[str, Any], back: str
) -> HttpResponse:
    """GET: the dry run of the staged file. POST: the import itself, then back to `back`."""
    path = _staged(_actor(request), token)
    confirm = request.method == "POST"
    result: imports.ImportResult = run(path.read_bytes(), not confirm)
    if confirm and result.ok:
        path.unlink()
        messages.success(
            request, _("Berkas diimpor: %(saved)s isian tersimpan.") % {"saved": result.saved}
        )
        return redirect(back)
    return render(request, "figures/excel_preview.html", {**ctx, "result": result, "back": back})


# --- agency figures ------------------------------------------------------------------------


@login_required
def agency_page(request: HttpRequest, region: str, agency: str) -> HttpResponse:
    target = _writable_agency(request, region, agency)
    ctx = {"agency": target, **year_context(request)}
    if request.method == "POST":
        token = _stage(request)
        if token:
            url = reverse("figures:excel_preview", args=[region, agency, token])
            return redirect(f"{url}?year={ctx['year']}")
    return render(request, "figures/excel_agency.html", ctx)


@login_required
def agency_template(request: HttpRequest, region: str, agency: str) -> HttpResponse:
    target = _writable_agency(request, region, agency)
    year = year_context(request)["year"]
    data = excel.figures_template_get(actor=_actor(request), agency=target, year=year)
    return _download(data, f"tuntas-{target.region_id}-{target.code}-{year}.xlsx")


@login_required
def agency_preview(request: HttpRequest, region: str, agency: str, token: str) -> HttpResponse:
    target = _writable_agency(request, region, agency)
    actor = _actor(request)

    def run(data: bytes, dry_run: bool) -> imports.ImportResult:
        return imports.figures_import(actor=actor, data=data, dry_run=dry_run, agency=target)

    back = reverse("figures:excel", args=[region, agency])
    return _preview_or_save(request, token, run, {"agency": target}, back)


# --- SSH prices ----------------------------------------------------------------------------


@login_required
def prices_page(request: HttpRequest) -> HttpResponse:
    region = _managed_region(request)
    ctx = {"region": region, **year_context(request)}
    if request.method == "POST":
        token = _stage(request)
        if token:
            url = reverse("figures:prices_preview", args=[token])
            return redirect(f"{url}?region={region.code}&year={ctx['year']}")
    return render(request, "figures/excel_prices.html", ctx)


@login_required
def prices_template(request: HttpRequest) -> HttpResponse:
    region = _managed_region(request)
    year = year_context(request)["year"]
    data = excel.prices_template_get(actor=_actor(request), region=region, year=year)
    return _download(data, f"tuntas-ssh-{region.code}-{year}.xlsx")


@login_required
def prices_preview(request: HttpRequest, token: str) -> HttpResponse:
    region = _managed_region(request)
    year = year_context(request)["year"]
    actor = _actor(request)

    def run(data: bytes, dry_run: bool) -> imports.ImportResult:
        return imports.prices_import(
            actor=actor, data=data, dry_run=dry_run, region=region, year=year
        )

    back = f"{reverse('figures:prices')}?region={region.code}&year={year}"
    return _preview_or_save(request, token, run, {"region": region, "year": year}, back)
