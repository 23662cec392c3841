"""Pages of penerapan SPM. Thin: read the request, call selectors/services, render."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuntas.accounts.models import User
from tuntas.accounts.scoping import can_manage_region
from tuntas.core.views import region_context, year_context
from tuntas.organisation.models import Agency
from tuntas.organisation.selectors import region_get
from tuntas.recipients.selectors import recipient_totals
from tuntas.regions.models import Region

from . import selectors, services
from .completeness import GROUPS
from .fields import FIELDS, QUARTERS, YEARLY, FigureKey, figure_label, quarter_label
from .models import ActionItem, BudgetLine
from .numbers import format_id

# --- request helpers -----------------------------------------------------------------------


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _region_context(request: HttpRequest) -> dict[str, Any]:
    """Pemda and year from `?region=&year=` (the user's own Pemda by default)."""
    context = {**region_context(request), **year_context(request)}
    return context | {"can_manage": can_manage_region(_actor(request), context["region"])}


def _agency(request: HttpRequest, region_code: str, agency_code: str) -> tuple[Region, Agency]:
    actor = _actor(request)
    region = region_get(actor=actor, code=region_code)
    return region, selectors.agency_get(actor=actor, region=region, code=agency_code)


def _group_label(group: str) -> str:
    if group.startswith("q"):
        return _("TW %(q)s") % {"q": group[1:]}
    return {"stage1": _("Tahap 1 Data"), "stage3": _("Tahap 3 Rencana")}[group]


def _groups() -> list[tuple[str, str]]:
    return [(g, _group_label(g)) for g in GROUPS]


# --- Pemda pages ---------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    ctx = _region_context(request)
    ctx["agencies"] = selectors.overview_get(
        actor=_actor(request), region=ctx["region"], year=ctx["year"]
    )
    ctx["groups"] = _groups()
    return render(request, "figures/overview.html", ctx)


@login_required
def completeness(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    ctx = _region_context(request)
    rows, total = selectors.completeness_for_region(
        actor=actor, region=ctx["region"], year=ctx["year"]
    )
    ctx.update(
        rows=rows,
        total=total,
        groups=_groups(),
        violations=selectors.violations_for_region(
            actor=actor, region=ctx["region"], year=ctx["year"]
        ),
        chart={
            "labels": [_group_label(g) for g in GROUPS],
            "datasets": [
                {
                    "label": r.agency.short_name or r.agency.name,
                    "data": [round(r.shares[g].percent or 0, 1) for g in GROUPS],
                }
                for r in rows
            ],
        },
    )
    return render(request, "figures/completeness.html", ctx)


@login_required
def needs(request: HttpRequest) -> HttpResponse:
    ctx = _region_context(request)
    rows, total = selectors.needs_for_region(
        actor=_actor(request), region=ctx["region"], year=ctx["year"]
    )
    ctx.update(rows=rows, total=total)
    return render(request, "figures/needs.html", ctx)


@login_required
def windows(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    ctx = _region_context(request)
    region, year = ctx["region"], ctx["year"]
    if request.method == "POST":
        quarter = int(request.POST.get("quarter", "0"))
        try:
            if request.POST.get("action") == "reopen":
                services.window_reopen(
                    actor=actor,
                    region=region,
                    year=year,
                    quarter=quarter,
                    until=dt.date.fromisoformat(request.POST.get("until", "")),
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("Triwulan %(q)s dibuka kembali.") % {"q": quarter})
            else:
                services.window_set(
                    actor=actor,
                    region=region,
                    year=year,
                    quarter=quarter,
                    closes_on=dt.date.fromisoformat(request.POST.get("closes_on", "")),
                )
                messages.success(request, _("Jadwal triwulan %(q)s disimpan.") % {"q": quarter})
        except ValueError:
            messages.error(request, _("Tanggal tidak valid."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"{reverse('figures:windows')}?region={region.code}&year={year}")
    ctx["windows"] = selectors.windows_get(actor=actor, region=region, year=year)
    ctx["can_manage"] = can_manage_region(actor, region)
    ctx["open_quarters"] = {w.quarter for w in ctx["windows"] if w.is_open_on(timezone.localdate())}
    return render(request, "figures/windows.html", ctx)


# --- the agency-service page ---------------------------------------------------------------


def cell_name(fk: FigureKey) -> str:
    return f"f-{fk.quarter}-{fk.key}-{fk.item_code}"


def parse_cell_name(name: str) -> tuple[int, str, str] | None:
    parts = name.split("-", 3)
    if len(parts) != 4 or parts[0] != "f" or not parts[1].isdigit() or parts[2] not in FIELDS:
        return None
    return int(parts[1]), parts[2], parts[3]


@dataclass
class Cell:
    name: str
    label: str
    value: str  # as shown in the input
    original: str  # as stored when the page was built
    version: int
    editable: bool
    is_text: bool
    aria: str  # the figure's full name, for screen readers and tests
    messages: list[tuple[str, bool]] = field(default_factory=list)  # (text, blocking)
    source: str = ""


@dataclass
class GridRow:
    label: str
    unit: str
    cells: list[Cell]


def _shown(row: Any, is_text: bool) -> str:
    if row is None:
        return ""
    return row.text if is_text else ("" if row.value is None else format_id(row.value))


def _build(
    sheet: selectors.FigureSheet, code: str, posted: QueryDict | None, versions_now: bool = False
) -> dict[str, Any]:
    """The grids of stage 1 and stage 4 for one service, with messages at their cells."""
    st = sheet.state
    shape = st.shapes[code]
    cells: dict[FigureKey, Cell] = {}

    def cell(fk: FigureKey) -> Cell:
        f = FIELDS[fk.key]
        row = st.rows.get(fk)
        editable = (
            sheet.writable
            and fk.quarter not in sheet.locked_quarters
            and (fk.quarter == YEARLY or fk.quarter in sheet.open_quarters)
        )
        stored = _shown(row, f.is_text)
        current = row.version if row else 0
        name = cell_name(fk)
        value, original, version = stored, stored, current
        typed = posted.get(name, "") if posted is not None else ""
        if posted is not None and typed.strip() != posted.get(f"o-{name}", "").strip():
            # A cell the user changed keeps the typed value and what they saw, unless we now
            # show the newer stored version (after a conflict); untouched cells show what is
            # stored now, so saving again never reverts someone else's change.
            value = typed
            if not versions_now:
                original = posted.get(f"o-{name}", "")
                version = int(posted.get(f"v-{name}", "0") or 0)
        c = Cell(
            name=name,
            label=shape.names.get(fk.item_code, str(f.label)),
            value=value,
            original=original,
            version=version,
            editable=editable,
            is_text=f.is_text,
            aria=figure_label(fk, shape.names.get(fk.item_code, "")),
            source=row.get_source_display() if row and fk.key == "target" else "",
        )
        cells[fk] = c
        return c

    items = {i.code: i for i in st.services[code].quality_items.all()}
    stage1 = [
        GridRow(str(FIELDS["target"].label), _("orang"), [cell(FigureKey(code, 0, "target"))])
    ]
    stage1 += [
        GridRow(items[i].name, items[i].unit, [cell(FigureKey(code, 0, "available", i))])
        for i in shape.goods
    ]
    stage1 += [
        GridRow(items[i].name, items[i].unit, [cell(FigureKey(code, 0, "staff", i))])
        for i in shape.personnel
    ]
    stage4 = [
        GridRow(str(FIELDS[k].label), unit, [cell(FigureKey(code, q, k)) for q in QUARTERS])
        for k, unit in (("served", _("orang")), ("realised", "Rp"))
    ]
    stage4 += [
        GridRow(
            f"{FIELDS['delivered'].label}: {items[i].name}",
            items[i].unit,
            [cell(FigureKey(code, q, "delivered", i)) for q in QUARTERS],
        )
        for i in shape.goods
    ]
    texts = [
        GridRow(str(FIELDS[k].label), "", [cell(FigureKey(code, q, k)) for q in QUARTERS])
        for k in ("problems", "solutions")
    ]
    for v in sheet.violations:
        if v.figure in cells and v.rule not in {"sasaran_wajib"}:
            cells[v.figure].messages.append((v.message, v.blocking))
    return {"stage1": stage1, "stage4": stage4, "texts": texts, "cells": cells}


def _changes(code: str, post: QueryDict) -> list[services.FigureChange]:
    """The cells whose text differs from what the page showed, with the version it showed."""
    out = []
    for name in post:
        value = post.get(name, "")
        parsed = parse_cell_name(name)
        if parsed is None or value.strip() == post.get(f"o-{name}", "").strip():
            continue
        quarter, key, item = parsed
        out.append(
            services.FigureChange(
                service_code=code,
                quarter=quarter,
                key=key,
                item_code=item,
                value=value if value.strip() or FIELDS[key].is_text else None,
                expected_version=int(post.get(f"v-{name}", "0") or 0),
            )
        )
    return out


def _service_context(
    request: HttpRequest, region: Region, agency: Agency, code: str, year: int
) -> tuple[selectors.FigureSheet, dict[str, Any]]:
    actor = _actor(request)
    sheet = selectors.figures_get(actor=actor, agency=agency, year=year)
    if code not in sheet.state.services:
        raise PermissionDenied(
            _("%(agency)s tidak mengampu %(code)s pada tahun %(year)s.")
            % {"agency": agency.name, "code": code, "year": year}
        )
    service_needs = next(
        n
        for n in selectors.needs_for_agency(actor=actor, agency=agency, year=year)
        if n.service_code == code
    )
    return sheet, {
        "region": region,
        "agency": agency,
        "service": sheet.state.services[code],
        "year": year,
        "years": year_context(request)["years"],
        "sheet": sheet,
        "quarters": [(q, quarter_label(q)) for q in QUARTERS],
        "open_quarters": sheet.open_quarters,
        "needs": service_needs,
        "budget_lines": sheet.state.budget_lines.get(code, []),
        "budget_total": selectors.total_budget(sheet.state, code),
        "actions": sheet.state.actions.get(code, []),
        "statuses": ActionItem.Status.choices,
        "violations": [v for v in sheet.violations if v.figure.service_code == code],
        "by_name": recipient_totals(actor=actor, region=region, year=year, service_code=code).get(
            code
        ),
        "page_url": request.path,
        "history": selectors.figure_history(
            actor=actor, agency=agency, year=year, service_code=code
        ),
        "validate_url": reverse("figures:validate", args=[region.code, agency.code, code])
        + f"?year={year}",
        "plan_editable": sheet.writable and YEARLY not in sheet.locked_quarters,
    }


@login_required
def service(request: HttpRequest, region: str, agency: str, code: str) -> HttpResponse:
    pemda, opd = _agency(request, region, agency)
    year = year_context(request)["year"]
    sheet, ctx = _service_context(request, pemda, opd, code, year)
    if request.method != "POST":
        ctx.update(_build(sheet, code, None))
        return render(request, "figures/service.html", ctx)
    changes = _changes(code, request.POST)
    try:
        result = services.figures_save(
            actor=_actor(request), region=pemda, year=year, agency=opd, changes=changes
        )
    except services.ConcurrentEditError as exc:
        # Show the newer versions, keep every typed value: saving again overwrites knowingly.
        ctx.update(_build(sheet, code, request.POST, versions_now=True), conflict=exc)
        for c in exc.conflicts:
            fk = FigureKey(code, c.location.quarter, c.location.key, c.location.item_code)
            if fk in ctx["cells"]:
                ctx["cells"][fk].messages.append((_conflict_note(c), True))
        return render(request, "figures/service.html", ctx, status=409)
    if result.errors:
        ctx.update(_build(sheet, code, request.POST), errors=result.errors)
        for e in result.errors:
            loc = e.location
            fk = FigureKey(code, loc.quarter, loc.key, loc.item_code)
            if fk in ctx["cells"]:
                ctx["cells"][fk].messages.insert(0, (e.message, True))
        return render(request, "figures/service.html", ctx, status=422)
    if result.saved:
        messages.success(request, _("%(n)s angka disimpan.") % {"n": result.saved})
    else:
        messages.info(request, _("Tidak ada angka yang berubah."))
    for w in result.warnings:
        messages.warning(request, w.message)
    return redirect(f"{request.path}?year={year}")


@login_required
@require_POST
def from_recipients(request: HttpRequest, region: str, agency: str, code: str) -> HttpResponse:
    """Replace the target and the open quarters' served counts with the by-name rows' totals,
    when the user asks (an import alone keeps what was typed in)."""
    pemda, opd = _agency(request, region, agency)
    year = year_context(request)["year"]
    results = services.figures_from_recipients(
        actor=_actor(request),
        region=pemda,
        year=year,
        service_code=code,
        replace_entered=True,
        agency=opd,
    )
    if not results:
        raise PermissionDenied(_("Anda tidak berwenang mengubah angka perangkat daerah ini."))
    for _opd, result in results:
        for e in result.errors:
            messages.error(request, e.message)
        if result.ok:
            messages.success(
                request,
                _("Sasaran dan capaian diambil dari data penerima: %(n)s angka berubah.")
                % {"n": result.saved},
            )
    return redirect(f"{request.path.rsplit('dari-penerima/', 1)[0]}?year={year}")


def _conflict_note(c: services.Conflict) -> str:
    return _("Diubah oleh %(user)s menjadi %(value)s; nilai Anda tetap di kolom ini.") % {
        "user": c.changed_by,
        "value": c.value,
    }


@login_required
@require_POST
def validate_cell(request: HttpRequest, region: str, agency: str, code: str) -> HttpResponse:
    """htmx: check the whole form as a dry run and answer the messages of the changed cell."""
    pemda, opd = _agency(request, region, agency)
    year = year_context(request)["year"]
    name = request.headers.get("HX-Trigger-Name", "")
    parsed = parse_cell_name(name)
    found: list[tuple[str, bool]] = []
    if parsed is not None:
        quarter, key, item = parsed
        try:
            result = services.figures_save(
                actor=_actor(request),
                region=pemda,
                year=year,
                agency=opd,
                changes=_changes(code, request.POST),
                dry_run=True,
            )
            here = FigureKey(code, quarter, key, item)
            for e in result.errors + result.warnings:
                loc = e.location
                if FigureKey(code, loc.quarter, loc.key, loc.item_code) == here:
                    found.append((e.message, e in result.errors))
        except services.ConcurrentEditError as exc:
            found.append((str(exc), True))
    return render(request, "figures/_cell_messages.html", {"messages_": found})


def _error_text(exc: ValidationError | services.ConcurrentEditError) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def _back(request: HttpRequest, anchor: str) -> HttpResponse:
    return redirect(
        f"{request.path.rsplit('/', 2)[0]}/?year={year_context(request)['year']}#{anchor}"
    )


@login_required
@require_POST
def budget_line(request: HttpRequest, region: str, agency: str, code: str) -> HttpResponse:
    _pemda, opd = _agency(request, region, agency)
    year = year_context(request)["year"]
    actor = _actor(request)
    pk = request.POST.get("id")
    line = BudgetLine.objects.filter(pk=pk, agency=opd, year=year).first() if pk else None
    version = int(request.POST.get("version", "0") or 0)
    try:
        if request.POST.get("action") == "delete" and line is not None:
            services.budget_line_delete(actor=actor, line=line, expected_version=version)
            messages.success(request, _("Baris anggaran dihapus."))
        else:
            services.budget_line_save(
                actor=actor,
                agency=opd,
                year=year,
                service_code=code,
                data=services.BudgetLineInput(
                    request.POST.get("code", ""),
                    request.POST.get("name", ""),
                    request.POST.get("amount", ""),
                ),
                line=line,
                expected_version=version if line else None,
            )
            messages.success(request, _("Baris anggaran disimpan."))
    except (ValidationError, services.ConcurrentEditError) as exc:
        messages.error(request, _error_text(exc))
    return _back(request, "tahap-3")


@login_required
@require_POST
def action_item(request: HttpRequest, region: str, agency: str, code: str) -> HttpResponse:
    _pemda, opd = _agency(request, region, agency)
    year = year_context(request)["year"]
    actor = _actor(request)
    pk = request.POST.get("id")
    item = ActionItem.objects.filter(pk=pk, agency=opd, year=year).first() if pk else None
    version = int(request.POST.get("version", "0") or 0)
    post = request.POST
    try:
        if post.get("action") == "delete" and item is not None:
            services.action_item_delete(actor=actor, item=item, expected_version=version)
            messages.success(request, _("Rencana aksi dihapus."))
        else:
            deadline = post.get("deadline", "")
            services.action_item_save(
                actor=actor,
                agency=opd,
                year=year,
                service_code=code,
                data=services.ActionInput(
                    problem=post.get("problem", ""),
                    cause=post.get("cause", ""),
                    action=post.get("action_text", ""),
                    person_in_charge=post.get("person_in_charge", ""),
                    deadline=dt.date.fromisoformat(deadline) if deadline else None,
                    status=post.get("status", ActionItem.Status.PLANNED),
                ),
                item=item,
                expected_version=version if item else None,
            )
            messages.success(request, _("Rencana aksi disimpan."))
    except ValueError:
        messages.error(request, _("Tenggat bukan tanggal yang valid."))
    except (ValidationError, services.ConcurrentEditError) as exc:
        messages.error(request, _error_text(exc))
    return _back(request, "tahap-3")
