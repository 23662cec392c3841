"""Pages of verification, approval and the province's review. Thin: parse, call, render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tuntas.accounts.models import User
from tuntas.accounts.scoping import visible_regions
from tuntas.catalog.selectors import NoCatalogForYear
from tuntas.core.views import region_context, year_context
from tuntas.figures.fields import QUARTERS
from tuntas.figures.selectors import agency_get
from tuntas.organisation.selectors import region_get
from tuntas.regions.models import Region

from . import selectors, services
from .models import ApprovalSetting, ProvinceSubmission, Submission


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def default_quarter() -> int:
    """The quarter just ended: what is being reported now."""
    return (timezone.localdate().month - 1) // 3 or 4


def period_context(request: HttpRequest, *, provinces: bool = False) -> dict[str, Any]:
    """Pemda, year and quarter from `?region=&year=&quarter=`: the user's own Pemda by default."""
    actor = _actor(request)
    choices = visible_regions(actor)
    if provinces:
        choices = choices.filter(level=Region.Level.PROVINCE)
    try:
        quarter = int(request.GET.get("quarter", ""))
    except ValueError:
        quarter = default_quarter()
    if quarter not in (0, *QUARTERS):
        quarter = default_quarter()
    return {
        **region_context(request, choices),
        "quarter": quarter,
        "quarters": QUARTERS,
        **year_context(request),
    }


def _back(request: HttpRequest) -> HttpResponse:
    return redirect(request.get_full_path())


def _run(request: HttpRequest, action: Any, done: str) -> None:
    """Call a service; show its refusal as a message instead of an error page."""
    try:
        action()
    except (PermissionDenied, ValidationError) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
    else:
        messages.success(request, done)


@login_required
def submission_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    ctx = period_context(request)
    region, year, quarter = ctx["region"], ctx["year"], ctx["quarter"]
    if request.method == "POST":
        action = request.POST.get("action", "")
        codes = request.POST.getlist("agency")
        subs = selectors.submissions_get(
            actor=actor, region=region, year=year, quarter=quarter, agency_codes=codes
        )
        note = request.POST.get("note", "")
        if action in ("verify", "approve") and not subs:
            messages.error(request, _("Pilih dulu perangkat daerah yang akan diproses."))
        elif action == "verify":
            _run(
                request,
                lambda: services.submissions_verify_bulk(actor=actor, submissions=subs, note=note),
                _("%(n)s perangkat daerah diverifikasi.") % {"n": len(subs)},
            )
        elif action == "approve":
            _run(
                request,
                lambda: services.submissions_approve_bulk(actor=actor, submissions=subs, note=note),
                _("%(n)s perangkat daerah disahkan.") % {"n": len(subs)},
            )
        elif action == "approver":
            _run(
                request,
                lambda: services.approval_setting_set(
                    actor=actor, region=region, approver=request.POST.get("approver_role", "")
                ),
                _("Pengesah angka disimpan."),
            )
        elif action == "province":
            period = int(request.POST.get("period", quarter))
            _run(
                request,
                lambda: services.province_submit(
                    actor=actor, region=region, year=year, quarter=period, note=note
                ),
                _("Dikirim ke provinsi."),
            )
        return _back(request)
    rows = selectors.submissions_for_region(actor=actor, region=region, year=year, quarter=quarter)
    ctx.update(
        rows=rows,
        can_bulk=any(r.can_verify or r.can_approve for r in rows),
        can_send=services.can_send_to_province(actor, region),
        approver_role=services.approver_role(region),
        approver_choices=ApprovalSetting.Approver.choices,
        sent=[
            selectors.province_submission_get(actor=actor, region=region, year=year, quarter=q)
            for q in (quarter, 0)
        ],
    )
    return render(request, "approvals/list.html", ctx)


def _notes(request: HttpRequest) -> list[services.NoteInput]:
    out = []
    for name in request.POST:
        value = request.POST.get(name, "")
        if name.startswith("note:") and value.strip():
            fk = services.key_of(name.removeprefix("note:"))
            out.append(services.NoteInput(fk.service_code, fk.quarter, fk.key, fk.item_code, value))
    return out


@login_required
def review(request: HttpRequest, region: str, agency: str, year: int, quarter: int) -> HttpResponse:
    actor = _actor(request)
    pemda = region_get(actor=actor, code=region)
    the_agency = agency_get(actor=actor, region=pemda, code=agency)
    if request.method == "POST":
        action = request.POST.get("action", "")
        note = request.POST.get("note", "")
        sub = Submission.objects.filter(agency=the_agency, year=year, quarter=quarter).first()
        if action == "submit":
            _run(
                request,
                lambda: services.submission_submit(
                    actor=actor, agency=the_agency, year=year, quarter=quarter, note=note
                ),
                _("Angka diajukan untuk diverifikasi."),
            )
        elif sub is None:
            messages.error(request, _("Angka triwulan ini belum pernah diajukan."))
        elif action == "verify":
            _run(
                request,
                lambda: services.submission_verify(actor=actor, submission=sub, note=note),
                _("Angka diverifikasi."),
            )
        elif action == "return":
            _run(
                request,
                lambda: services.submission_return(
                    actor=actor, submission=sub, notes=_notes(request), note=note
                ),
                _("Angka dikembalikan ke perangkat daerah dengan catatan."),
            )
        elif action == "approve":
            _run(
                request,
                lambda: services.submission_approve(actor=actor, submission=sub, note=note),
                _("Angka disahkan."),
            )
        elif action == "reopen":
            _run(
                request,
                lambda: services.submission_reopen(actor=actor, submission=sub, reason=note),
                _("Angka dibuka kembali."),
            )
        return _back(request)
    ctx = {
        "review": selectors.review_get(actor=actor, agency=the_agency, year=year, quarter=quarter),
        "region": pemda,
        "year": year,
        "quarter": quarter,
        "list_url": f"{reverse('approvals:list')}?region={pemda.code}&year={year}"
        f"&quarter={quarter}",
    }
    return render(request, "approvals/review.html", ctx)


@login_required
def province(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    ctx = period_context(request, provinces=True)
    prov, year, quarter = ctx["region"], ctx["year"], ctx["quarter"]
    if request.method == "POST":
        sent = ProvinceSubmission.objects.filter(
            pk=int(request.POST.get("submission", "0") or 0),
            region__in=visible_regions(actor).filter(parent=prov),
        ).first()
        note = request.POST.get("note", "")
        if sent is None:
            messages.error(request, _("Kiriman tidak ditemukan."))
        elif request.POST.get("action") == "accept":
            _run(
                request,
                lambda: services.province_accept(actor=actor, submission=sent, note=note),
                _("%(name)s diterima.") % {"name": sent.region.name},
            )
        else:
            _run(
                request,
                lambda: services.province_return(actor=actor, submission=sent, note=note),
                _("%(name)s dikembalikan.") % {"name": sent.region.name},
            )
        return _back(request)
    try:
        ctx["rows"] = selectors.province_overview(
            actor=actor, province=prov, year=year, quarter=quarter
        )
    except NoCatalogForYear as exc:
        ctx["rows"], ctx["error"] = [], str(exc)
    ctx["with_year"] = True
    return render(request, "approvals/province.html", ctx)
