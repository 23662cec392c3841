"""Pages of by-name recipients: overview with targets, the (masked) list, and the staged import:
upload, column mapping with preview, progress, result, error sheet."""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tuntas.accounts.models import User
from tuntas.catalog.models import ServiceType
from tuntas.core.views import region_context, year_context
from tuntas.organisation.selectors import region_get
from tuntas.regions.models import Region

from .exports import rejections_xlsx, template_xlsx
from .models import ImportJob, RecipientAccessLog
from .readers import FileUnreadable, preview
from .selectors import (
    extra_fields,
    import_job_get,
    import_jobs_recent,
    recipient_access,
    recipient_list,
    recipient_totals,
    require_access,
    service_get,
    services_visible,
)
from .services import (
    STALE_AFTER,
    access_log,
    import_job_create,
    import_job_start,
    import_jobs_sweep,
    standard_columns,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _scope(
    request: HttpRequest, region: str, year: int, service: str
) -> tuple[Region, ServiceType]:
    return region_get(actor=_actor(request), code=region), service_get(year=year, code=service)


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The services of a Pemda whose recipients the user may see, with target and served."""
    actor = _actor(request)
    context = {**region_context(request), **year_context(request)}
    region, year = context["region"], context["year"]
    totals = recipient_totals(actor=actor, region=region, year=year)
    rows = [
        {
            "service": s,
            "totals": totals.get(s.code),
            "can_import": recipient_access(actor, region, year, s).full,
        }
        for s in services_visible(actor=actor, region=region, year=year)
    ]
    return render(request, "recipients/overview.html", context | {"rows": rows})


@login_required
def recipients(request: HttpRequest, region: str, year: int, service: str) -> HttpResponse:
    actor = _actor(request)
    pemda, service_type = _scope(request, region, year, service)
    try:
        page_no = int(request.GET.get("page", "1"))
    except ValueError:
        page_no = 1
    search = request.GET.get("q", "").strip()
    page = recipient_list(
        actor=actor, region=pemda, year=year, service=service_type, search=search, page=page_no
    )
    access_log(
        actor=actor,
        region=pemda,
        year=year,
        service=service_type,
        action=RecipientAccessLog.Action.VIEW,
        row_count=len(page.rows),
        unmasked=page.unmasked,
    )
    totals = recipient_totals(actor=actor, region=pemda, year=year, service_code=service)
    extra = extra_fields(service)
    for row in page.rows:
        row["extra_values"] = [row["extra"].get(f.name) for f in extra]
    context = {
        "region": pemda,
        "year": year,
        "service": service_type,
        "page": page,
        "q": search,
        "totals": totals.get(service),
        "extra": extra,
        "can_import": page.unmasked,
        "jobs": (
            import_jobs_recent(actor=actor, region=pemda, year=year, service=service_type)
            if page.unmasked
            else []
        ),
    }
    return render(request, "recipients/list.html", context)


@login_required
def template_download(request: HttpRequest, region: str, year: int, service: str) -> HttpResponse:
    pemda, service_type = _scope(request, region, year, service)
    require_access(_actor(request), pemda, year, service_type)
    data = template_xlsx(standard_columns(service_type), extra_fields(service))
    return _xlsx(data, f"templat-penerima-{service}-{year}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest, region: str, year: int, service: str) -> HttpResponse:
    actor = _actor(request)
    pemda, service_type = _scope(request, region, year, service)
    require_access(actor, pemda, year, service_type, full=True)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        mode = request.POST.get("mode", ImportJob.Mode.ALL_OR_NOTHING)
        if upload is None:
            error = _("Pilih berkas CSV atau XLSX.")
        elif mode not in ImportJob.Mode.values:
            error = _("Pilih mode impor.")
        else:
            try:
                job = import_job_create(
                    actor=actor,
                    region=pemda,
                    year=year,
                    service=service_type,
                    upload=upload,
                    dry_run=bool(request.POST.get("dry_run")),
                    mode=mode,
                )
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                return redirect("recipients:mapping", pk=job.pk)
    context = {
        "region": pemda,
        "year": year,
        "service": service_type,
        "modes": ImportJob.Mode.choices,
        "error": error,
    }
    return render(request, "recipients/import_start.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    job = import_job_get(actor=actor, pk=pk)
    if job.status != ImportJob.Status.MAPPING:
        return redirect("recipients:progress", pk=job.pk)
    try:
        header, rows = preview(Path(job.file.path), rows=10)
    except FileUnreadable as exc:
        raise PermissionDenied(str(exc)) from exc
    error = ""
    mapping = dict(job.mapping)
    if request.method == "POST":
        mapping = {h: request.POST.get(f"col_{i}", "") for i, h in enumerate(header)}
        try:
            import_job_start(actor=actor, job=job, mapping=mapping)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("recipients:progress", pk=job.pk)
    _log_job_view(request, job, len(rows))
    context = {
        "job": job,
        "columns": standard_columns(job.service),
        "header": [(i, h, mapping.get(h, "")) for i, h in enumerate(header)],
        "rows": rows,
        "error": error,
    }
    return render(request, "recipients/import_mapping.html", context, status=400 if error else 200)


@login_required
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    # A job whose worker died shows as failed here rather than as a bar that never moves.
    import_jobs_sweep(older_than=STALE_AFTER)
    job = import_job_get(actor=_actor(request), pk=pk)
    if job.status == ImportJob.Status.MAPPING:
        return redirect("recipients:mapping", pk=job.pk)
    if request.headers.get("HX-Request"):
        if job.is_finished:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("recipients:result", args=[job.pk])
            return response
        return render(request, "recipients/_progress.html", {"job": job})
    if job.is_finished:
        return redirect("recipients:result", pk=job.pk)
    return render(request, "recipients/import_progress.html", {"job": job})


@login_required
def import_result(request: HttpRequest, pk: int) -> HttpResponse:
    job = import_job_get(actor=_actor(request), pk=pk)
    if not job.is_finished:
        return redirect("recipients:progress", pk=job.pk)
    shown = job.rejections[:200]
    _log_job_view(request, job, len(shown))
    return render(request, "recipients/import_result.html", {"job": job, "shown": shown})


def _log_job_view(request: HttpRequest, job: ImportJob, rows: int) -> None:
    """The preview and the rejected rows are by-name data too."""
    if rows:
        access_log(
            actor=_actor(request),
            region=job.region,
            year=job.year,
            service=job.service,
            action=RecipientAccessLog.Action.VIEW,
            row_count=rows,
            unmasked=True,
        )


@login_required
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    job = import_job_get(actor=actor, pk=pk)
    access_log(
        actor=actor,
        region=job.region,
        year=job.year,
        service=job.service,
        action=RecipientAccessLog.Action.EXPORT,
        row_count=len(job.rejections),
        unmasked=True,
    )
    data = rejections_xlsx(standard_columns(job.service), job.rejections)
    return _xlsx(data, f"baris-ditolak-{job.pk}.xlsx")
