"""Pages of the Laporan menu: the year's report, its settings and narrative, generation with
progress, the archive, sending up and the inbox. Downloads go through `document_download`, which
checks scope and the stored hash; media files are never served directly."""

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from tuntas.accounts.models import User
from tuntas.core.views import year_context
from tuntas.regions.models import Region

from .archive import archive_zip
from .forms import NarrativeForm, ScanForm, SettingsForm
from .models import Dispatch, Document, Narrative
from .selectors import (
    archive_search,
    can_prepare_report,
    dispatch_get,
    dispatches_sent,
    document_get,
    documents_visible,
    inbox,
    job_get,
    letterhead_get,
    narrative_texts,
    numbering_get,
    report_region_get,
    report_regions,
    signatory_get,
)
from .services import (
    SENDABLE,
    SignatorySpec,
    destinations_for,
    dispatch_acknowledge,
    dispatch_send,
    narrative_set,
    report_job_start,
    report_settings_set,
    signed_scan_upload,
)


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _page_url(region: Region, year: int) -> str:
    return f"{reverse('reports:report', args=[region.code])}?year={year}"


def _require_preparer(actor: User, region: Region) -> None:
    # Services refuse too; this spares a form to someone who could not submit it.
    if not can_prepare_report(actor, region):
        raise PermissionDenied(_("Anda tidak berwenang menyiapkan laporan Pemda ini."))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    region = actor.region or report_regions(actor).first()
    if region is None:
        raise PermissionDenied(_("Anda tidak mempunyai akses ke laporan."))
    return redirect(_page_url(region, year_context(request)["year"]))


@login_required
def report(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    region = report_region_get(actor=actor, code=code)
    years = year_context(request)
    year = years["year"]
    texts = narrative_texts(actor=actor, region=region, year=year)
    documents = list(documents_visible(actor).filter(region=region, year=year))
    context: dict[str, Any] = {
        "region": region,
        **years,
        "regions": report_regions(actor),
        "can_prepare": can_prepare_report(actor, region),
        "narrative": [(key, label, texts[key]) for key, label in Narrative.Section.choices],
        "letterhead": letterhead_get(actor=actor, region=region),
        "signatory": signatory_get(actor=actor, region=region, year=year),
        "numbering": numbering_get(actor=actor, region=region),
        "documents": documents,
        "sendable": [d for d in documents if d.kind in SENDABLE],
        "dispatches": dispatches_sent(actor=actor, region=region, year=year),
        "destinations": [(d, Dispatch.Destination(d).label) for d in destinations_for(region)],
        "scan_form": ScanForm(),
    }
    return render(request, "reports/report.html", context)


@login_required
def narrative_edit(request: HttpRequest, code: str, section: str) -> HttpResponse:
    actor = _actor(request)
    region = report_region_get(actor=actor, code=code)
    year = year_context(request)["year"]
    _require_preparer(actor, region)
    if section not in Narrative.Section.values:
        raise PermissionDenied(_("Bagian narasi tidak dikenal."))
    form = NarrativeForm(
        request.POST or None,
        initial={"text": narrative_texts(actor=actor, region=region, year=year)[section]},
    )
    if request.method == "POST" and form.is_valid():
        narrative_set(
            actor=actor, region=region, year=year, section=section, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Narasi disimpan."))
        return redirect(_page_url(region, year))
    context = {
        "region": region,
        "year": year,
        "form": form,
        "label": Narrative.Section(section).label,
    }
    return render(request, "reports/narrative_edit.html", context)


@login_required
def settings_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Letterhead, the year's signatory and the letter-number pattern on one page."""
    actor = _actor(request)
    region = report_region_get(actor=actor, code=code)
    year = year_context(request)["year"]
    _require_preparer(actor, region)
    letterhead = letterhead_get(actor=actor, region=region)
    signatory = signatory_get(actor=actor, region=region, year=year)
    numbering = numbering_get(actor=actor, region=region)
    initial = {
        "pattern": numbering.pattern if numbering else "",
        **(
            {
                "name_lines": letterhead.name_lines,
                "address": letterhead.address,
                "phone": letterhead.phone,
                "email": letterhead.email,
                "website": letterhead.website,
                "city": letterhead.city,
            }
            if letterhead
            else {}
        ),
        **(
            {
                "signatory_name": signatory.name,
                "signatory_nip": signatory.nip,
                "signatory_title": signatory.title,
            }
            if signatory
            else {}
        ),
    }
    form = SettingsForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        letterhead_fields = ("name_lines", "address", "phone", "email", "website", "city", "logo")
        try:
            report_settings_set(
                actor=actor,
                region=region,
                year=year,
                letterhead={f: data[f] for f in letterhead_fields},
                signatory=SignatorySpec(
                    data["signatory_name"], data["signatory_nip"], data["signatory_title"]
                ),
                pattern=data["pattern"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                name = {"nip": "signatory_nip"}.get(field, field)
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Pengaturan laporan disimpan."))
            return redirect(_page_url(region, year))
    return render(request, "reports/settings.html", {"region": region, "year": year, "form": form})


@login_required
@require_POST
def generate(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    region = report_region_get(actor=actor, code=code)
    year = year_context(request)["year"]
    try:
        quarter = request.POST.get("quarter", "")
        job = report_job_start(
            actor=actor,
            region=region,
            year=year,
            kind=request.POST.get("kind", ""),
            quarter=int(quarter) if quarter.isdigit() else None,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_page_url(region, year))
    if request.headers.get("HX-Request"):
        return render(request, "reports/job.html", {"job": job})
    return redirect(reverse("reports:job", args=[job.pk]))


@login_required
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress of a generation; htmx polls the fragment until it is done."""
    found = job_get(actor=_actor(request), job_id=job_id)
    template = "reports/job.html" if request.headers.get("HX-Request") else "reports/job_page.html"
    return render(request, template, {"job": found})


@login_required
@require_safe
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    document = document_get(actor=_actor(request), document_id=document_id)
    with document.file.open("rb") as f:
        content = f.read()
    if hashlib.sha256(content).hexdigest() != document.sha256:
        return HttpResponse(
            _("Berkas arsip tidak cocok dengan sidik SHA-256 yang tercatat."), status=409
        )
    response = HttpResponse(content, content_type=_content_type(document.filename))
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["X-Content-SHA256"] = document.sha256
    return response


def _content_type(filename: str) -> str:
    return {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }.get(filename.rsplit(".", 1)[-1], "application/octet-stream")


@login_required
@require_POST
def scan_upload(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    region = report_region_get(actor=actor, code=code)
    year = year_context(request)["year"]
    _require_preparer(actor, region)
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas PDF pindaian laporan."))
        return redirect(_page_url(region, year))
    try:
        signed_scan_upload(actor=actor, region=region, year=year, upload=form.cleaned_data["file"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Pindaian laporan bertanda tangan diarsipkan."))
    return redirect(_page_url(region, year))


@login_required
@require_POST
def send(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    region = report_region_get(actor=actor, code=code)
    year = year_context(request)["year"]
    ids = [i for i in request.POST.getlist("document") if i.isdigit()]
    documents = list(documents_visible(actor).filter(pk__in=ids))
    try:
        sent = dispatch_send(
            actor=actor,
            region=region,
            year=year,
            documents=documents,
            destinations=request.POST.getlist("destination"),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Laporan dikirim dengan surat nomor %(numbers)s.")
            % {"numbers": ", ".join(d.number for d in sent)},
        )
    return redirect(_page_url(region, year))


@login_required
def inbox_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    dispatches = inbox(actor).prefetch_related("documents").select_related("acknowledged_by")
    return render(request, "reports/inbox.html", {"dispatches": dispatches})


@login_required
@require_POST
def acknowledge(request: HttpRequest, dispatch_id: int) -> HttpResponse:
    actor = _actor(request)
    dispatch = dispatch_get(actor=actor, dispatch_id=dispatch_id)
    try:
        dispatch_acknowledge(actor=actor, dispatch=dispatch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Penerimaan %(number)s dikonfirmasi.") % {"number": dispatch.number}
        )
    return redirect(reverse("reports:inbox"))


def _archive_filters(request: HttpRequest) -> dict[str, Any]:
    year = request.GET.get("year", "")
    return {
        "year": int(year) if year.isdigit() else None,
        "kind": request.GET.get("kind") or None,
        "region_code": request.GET.get("region") or None,
    }


@login_required
def archive(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    regions = report_regions(actor)
    if not regions.exists():
        raise PermissionDenied(_("Anda tidak mempunyai akses ke arsip."))
    filters = _archive_filters(request)
    context = {
        "documents": archive_search(actor=actor, **filters)[:500],
        "filters": filters,
        "regions": regions,
        "kinds": Document.Kind.choices,
        "years": year_context(request)["years"],
    }
    return render(request, "reports/archive.html", context)


@login_required
@require_safe
def archive_download(request: HttpRequest) -> HttpResponse:
    """One year's archive as a ZIP with a manifest of every file's SHA-256."""
    actor = _actor(request)
    if not report_regions(actor).exists():
        raise PermissionDenied(_("Anda tidak mempunyai akses ke arsip."))
    filters = _archive_filters(request)
    if filters["year"] is None:
        messages.error(request, _("Pilih tahun arsip yang akan diunduh."))
        return redirect(reverse("reports:archive"))
    documents = archive_search(
        actor=actor, year=filters["year"], region_code=filters["region_code"]
    )
    name = f"arsip-spm-{filters['region_code'] or 'semua'}-{filters['year']}.zip"
    response = HttpResponse(archive_zip(documents).getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
