from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuntas.accounts.models import Role, User
from tuntas.accounts.scoping import can_manage_region
from tuntas.core.views import region_context
from tuntas.regions.models import Region

from . import selectors, services
from .forms import ActorForm, CompleteForm, HolidayForm, ReturnForm, RunStartForm, SopTextForm
from .pdf import sop_pdf
from .schedule import activities, return_target
from .validation import SopFileError, SopProblem

SKELETON = Path(__file__).with_name("skeleton.yaml")


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _region(request: HttpRequest) -> tuple[Region, Any]:
    """The Pemda chosen in ?region= (the user's own by default) and the choices, if several."""
    context = region_context(request)
    return context["region"], context["regions"]


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def sop_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    rows = [
        {"sop": sop, "version": selectors.sop_version(sop)}
        for sop in selectors.sop_list(actor=actor)
    ]
    national_admin = actor.is_national and actor.role == Role.ADMIN
    can_create = national_admin or (
        actor.region is not None and can_manage_region(actor, actor.region)
    )
    runs = selectors.run_list(actor=actor)[:20]
    return render(request, "sops/list.html", {"rows": rows, "can_create": can_create, "runs": runs})


@login_required
def sop_detail(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    sop = selectors.sop_get(actor=actor, code=code)
    number = request.GET.get("versi")
    version = selectors.sop_version(sop, int(number) if number and number.isdigit() else None)
    context = {
        "sop": sop,
        "version": version,
        "doc": version.document,
        "activities": activities(version.document),
        "versions": sop.versions.order_by("-number"),
        "runs": selectors.run_list(actor=actor, sop=sop),
        "can_manage": can_manage_region(actor, sop.region),
        "start_form": RunStartForm(initial={"year": timezone.localdate().year}),
    }
    return render(request, "sops/detail.html", context)


def _save_form(
    request: HttpRequest, *, initial: str, region: Region | None, title: str
) -> HttpResponse:
    """Create or edit an SOP from a textarea or an uploaded file; problems are listed."""
    actor = _actor(request)
    problems: list[Any] = []
    form = SopTextForm(request.POST or None, request.FILES or None, initial={"text": initial})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        source = upload.name if upload else _("naskah")
        try:
            text = upload.read().decode("utf-8") if upload else form.cleaned_data["text"]
            version = services.sop_save(actor=actor, text=text, source=source, region=region)
        except UnicodeDecodeError:
            problems = [SopProblem(source, None, "", _("berkas harus berupa teks UTF-8"))]
        except SopFileError as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                _("SOP %(code)s versi %(n)s tersimpan.")
                % {"code": version.sop.code, "n": version.number},
            )
            return redirect("sops:detail", code=version.sop.code)
    return render(request, "sops/edit.html", {"form": form, "problems": problems, "title": title})


@login_required
def sop_create(request: HttpRequest) -> HttpResponse:
    region, _regions = _region(request)
    if not can_manage_region(_actor(request), region):
        raise PermissionDenied
    skeleton = SKELETON.read_text(encoding="utf-8").replace('"34.02"', f'"{region.code}"')
    return _save_form(request, initial=skeleton, region=None, title=_("SOP baru atau impor"))


@login_required
def sop_edit(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    sop = selectors.sop_get(actor=actor, code=code)
    if not can_manage_region(actor, sop.region):
        raise PermissionDenied
    initial = services.sop_export(selectors.sop_version(sop))
    return _save_form(
        request, initial=initial, region=sop.region, title=_("Ubah SOP %(code)s") % {"code": code}
    )


@login_required
def sop_yaml(request: HttpRequest, code: str) -> HttpResponse:
    sop = selectors.sop_get(actor=_actor(request), code=code)
    number = request.GET.get("versi")
    version = selectors.sop_version(sop, int(number) if number and number.isdigit() else None)
    response = HttpResponse(services.sop_export(version), content_type="application/yaml")
    response["Content-Disposition"] = f'attachment; filename="{sop.code}.yaml"'
    return response


@login_required
def sop_pdf_view(request: HttpRequest, code: str) -> HttpResponse:
    sop = selectors.sop_get(actor=_actor(request), code=code)
    response = HttpResponse(
        sop_pdf(selectors.sop_version(sop).document), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{sop.code}.pdf"'
    return response


@login_required
@require_POST
def run_start(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    sop = selectors.sop_get(actor=actor, code=code)
    form = RunStartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tahun anggaran tidak valid."))
        return redirect("sops:detail", code=code)
    try:
        run = services.run_start(actor=actor, sop=sop, year=form.cleaned_data["year"])
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("sops:detail", code=code)
    messages.success(request, _("Pelaksanaan SOP dimulai."))
    return redirect("sops:run", pk=run.pk)


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(actor=_actor(request), pk=pk)
    context = {"run": run, "bars": selectors.timeline(run), "events": selectors.run_events(run)}
    return render(request, "sops/run.html", context)


@login_required
def run_compliance(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(actor=_actor(request), pk=pk)
    return render(request, "sops/compliance.html", {"run": run, "c": selectors.run_compliance(run)})


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    tasks = selectors.tasks_mine(actor=_actor(request))
    by_run = {t.run_id: activities(t.run.sop_version.document) for t in tasks}
    rows = [
        (
            t,
            next(a for a in by_run[t.run_id] if a.number == t.activity),
            return_target(by_run[t.run_id], t.activity),
        )
        for t in tasks
    ]
    return render(
        request,
        "sops/inbox.html",
        {"rows": rows, "now": timezone.now()},
    )


def _back(request: HttpRequest) -> HttpResponse:
    return redirect(request.POST.get("next") or "sops:inbox")


@login_required
@require_POST
def task_start(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    task = selectors.task_get(actor=actor, pk=pk)
    try:
        services.task_start(actor=actor, task=task)
    except ValidationError as exc:
        _errors(request, exc)
    return _back(request)


@login_required
@require_POST
def task_complete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    task = selectors.task_get(actor=actor, pk=pk)
    form = CompleteForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("output", []):
            messages.error(request, str(error))
        return _back(request)
    try:
        services.task_complete(
            actor=actor,
            task=task,
            output=form.cleaned_data["output"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Tugas aktivitas %(n)s selesai.") % {"n": task.activity})
    return _back(request)


@login_required
@require_POST
def task_return(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    task = selectors.task_get(actor=actor, pk=pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan apa yang harus diperbaiki."))
        return _back(request)
    try:
        services.task_return(actor=actor, task=task, note=form.cleaned_data["note"])
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request, _("Dokumen dikembalikan untuk diperbaiki; waktu tugas ini dijeda.")
        )
    return _back(request)


@login_required
def task_output(request: HttpRequest, pk: int) -> FileResponse:
    task = selectors.task_get(actor=_actor(request), pk=pk)
    if not task.output:
        raise Http404
    return FileResponse(
        task.output.open("rb"), as_attachment=True, filename=task.output.name.rsplit("/", 1)[-1]
    )


@login_required
def holidays(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    region, regions = _region(request)
    rows = selectors.holidays_of(actor=actor, region=region)
    form = HolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.holiday_add(actor=actor, region=region, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Hari libur ditambahkan."))
            return redirect(f"{request.path}?region={region.code}")
    context = {
        "region": region,
        "regions": regions,
        "rows": rows,
        "form": form,
        "can_manage": can_manage_region(actor, region),
    }
    return render(request, "sops/holidays.html", context)


@login_required
@require_POST
def holiday_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    region, _regions = _region(request)
    holiday = selectors.holidays_of(actor=actor, region=region).filter(pk=pk).first()
    if holiday is None:
        raise PermissionDenied
    services.holiday_delete(actor=actor, holiday=holiday)
    messages.success(request, _("Hari libur dihapus."))
    return redirect(f"{reverse('sops:holidays')}?region={region.code}")


@login_required
def actors(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    region, regions = _region(request)
    rows = selectors.assignments_of(actor=actor, region=region)
    form = ActorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        users = selectors.region_users(actor=actor, region=region)
        user = users.filter(username=form.cleaned_data["username"]).first()
        try:
            if user is None:
                raise ValidationError(_("Pengguna tidak ditemukan di Pemda ini."))
            services.actor_assign(
                actor=actor, region=region, actor_code=form.cleaned_data["actor_code"], user=user
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Pelaku SOP ditambahkan."))
            return redirect(f"{request.path}?region={region.code}")
    context = {
        "region": region,
        "regions": regions,
        "rows": rows,
        "form": form,
        "users": selectors.region_users(actor=actor, region=region),
        "can_manage": can_manage_region(actor, region),
    }
    return render(request, "sops/actors.html", context)


@login_required
@require_POST
def actor_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    region, _regions = _region(request)
    row = selectors.assignments_of(actor=actor, region=region).filter(pk=pk).first()
    if row is None:
        raise PermissionDenied
    services.actor_unassign(actor=actor, assignment=row)
    messages.success(request, _("Pelaku SOP dihapus."))
    return redirect(f"{reverse('sops:actors')}?region={region.code}")
