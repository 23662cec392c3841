"""Writes of penerapan figures. Forms, the Excel import and the CLI all go through these.

`figures_save(*, actor, region, year, agency, changes, dry_run=False) -> SaveResult`
    The one batch write for keyed figures (see fields.py for the keys). Each `FigureChange`
    names `service_code`, `quarter` (None or 0 for yearly keys, 1-4 for quarterly ones), `key`,
    `item_code` ("" or None unless the key is per quality item), `value` (Decimal/int, or str:
    Indonesian number text for numeric keys, free text for `problems`/`solutions`; None clears)
    and `expected_version`: the version the user saw (0 = saw no stored figure), or None to
    skip the check (Excel): a stored value that differs is then overwritten and reported in
    `warnings`. Order of checks, all before any write:
      1. permission (PermissionDenied): an operator/kepala OPD of that agency, or the Pemda's
         koordinator/admin;
      2. every change on its own: service carried that year, known key, right item and quarter,
         a number, input window open (quarterly keys), not locked (`is_locked`);
      3. versions: any mismatch raises ConcurrentEditError naming the figure, who changed it
         and when (nothing written);
      4. the rules of data/rules.yaml on the stored figures merged with the changes: a blocking
         violation that involves a changed figure is an error, others become warnings. When
         step 2 found errors, the rules still judge the changes that passed it (step 3 is
         skipped), so one answer lists everything.
    A rule's error is located at the figure that breaks it (e.g. a stored `served` when the
    change lowers `target`), with `index` = the change that caused it.
    Errors come back in `SaveResult.errors`, each with a `Location` (service_code, quarter, key,
    item_code, index = position in `changes`) and an Indonesian message; when there is any
    error, or `dry_run`, nothing is written. Otherwise everything is written in one transaction
    and `saved` counts the figures whose value changed.

`plans_replace(...)` replaces a service's budget lines and Rencana Aksi rows (Excel); the
row services `budget_line_save/delete` and `action_item_save/delete` serve the forms.
`unit_prices_replace(...)` replaces a Pemda's SSH list for a year. Windows: `window_set`,
`window_reopen`; locks: `figures_lock`, `is_locked`.
"""

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tuntas.accounts.models import AGENCY_ROLES, User
from tuntas.accounts.scoping import can_manage_region
from tuntas.approvals.locks import submission_locks
from tuntas.indexing.services import index_recompute_on_commit
from tuntas.organisation.models import Agency
from tuntas.regions.models import Region

from . import state as state_mod
from .fields import FIELDS, YEARLY, FigureKey, figure_label
from .models import ActionItem, BudgetLine, FigureLock, FigureValue, InputWindow, UnitPrice
from .numbers import NumberError, format_id, parse_id
from .validation import evaluate, load_rules
from .windows import default_closes_on, is_open

MAX_VALUE = Decimal(10) ** 16
# Figures that by-name recipient rows can give (issue 5): the target and the served count.
FROM_RECIPIENTS = ("target", "served")
NOMENCLATURE = {
    "program": re.compile(r"^\d\.\d{2}\.\d{2}$"),
    "kegiatan": re.compile(r"^\d\.\d{2}\.\d{2}\.\d\.\d{2}$"),
    "sub_kegiatan": re.compile(r"^\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}$"),
}


@dataclass(frozen=True)
class FigureChange:
    service_code: str
    quarter: int | None
    key: str
    item_code: str | None = ""
    value: Decimal | int | float | str | None = None
    expected_version: int | None = None
    source: str = FigureValue.Source.ENTERED


@dataclass(frozen=True)
class Location:
    service_code: str = ""
    quarter: int = YEARLY
    key: str = ""
    item_code: str = ""
    index: int | None = None  # position in the list given (change, price row, plan row)
    column: str = ""  # for records: the field of the row ("code", "amount", ...)

    @classmethod
    def of(cls, fk: FigureKey, index: int | None = None) -> "Location":
        return cls(fk.service_code, fk.quarter, fk.key, fk.item_code, index)


@dataclass(frozen=True)
class FigureError:
    location: Location
    message: str
    code: str


@dataclass
class SaveResult:
    saved: int = 0
    errors: list[FigureError] = field(default_factory=list)
    warnings: list[FigureError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Conflict:
    location: Location
    label: str
    value: str  # what is stored now, formatted
    changed_by: str
    changed_at: dt.datetime | None
    version: int


class ConcurrentEditError(Exception):
    """Someone saved the same figure after the user loaded it; nothing was written."""

    def __init__(self, conflicts: Sequence[Conflict]):
        self.conflicts = list(conflicts)
        parts = [
            _("%(figure)s telah diubah oleh %(user)s pada %(when)s menjadi %(value)s")
            % {
                "figure": c.label,
                "user": c.changed_by,
                "when": date_format(timezone.localtime(c.changed_at), "DATETIME_FORMAT")
                if c.changed_at
                else "–",
                "value": c.value,
            }
            for c in self.conflicts
        ]
        super().__init__(
            _(
                "Tidak disimpan karena angka berikut diubah orang lain setelah Anda membukanya: "
                "%(list)s."
            )
            % {"list": "; ".join(parts)}
        )


# --- permission, windows and locks ---------------------------------------------------------


def can_write(actor: User, agency: Agency) -> bool:
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.role in AGENCY_ROLES:
        return actor.agency_id == agency.pk and actor.region_id == agency.region_id
    return can_manage_region(actor, agency.region)


def _require_writer(actor: User, agency: Agency) -> None:
    if not can_write(actor, agency):
        raise PermissionDenied(
            _("Anda tidak berwenang mengisi angka %(agency)s.") % {"agency": agency.name}
        )


def _require_manager(actor: User, region: Region) -> None:
    if not can_manage_region(actor, region):
        raise PermissionDenied(
            _("Anda tidak berwenang mengatur penerapan SPM %(region)s.") % {"region": region.name}
        )


def window_state(region: Region, year: int, quarter: int) -> tuple[dt.date, InputWindow | None]:
    """The close date of a quarter's window (set, or the default) and its record if any."""
    window = InputWindow.objects.filter(region=region, year=year, quarter=quarter).first()
    return (window.closes_on if window else default_closes_on(year, quarter)), window


def window_is_open(region: Region, year: int, quarter: int, today: dt.date | None = None) -> bool:
    closes_on, window = window_state(region, year, quarter)
    reopened_until = window.reopened_until if window else None
    return is_open(today or timezone.localdate(), closes_on, reopened_until)


def is_locked(agency: Agency, year: int, quarter: int) -> bool:
    """The one seam for approval: figures of a locked (agency, year, quarter) cannot change.
    Quarter 0 locks the yearly stages."""
    if submission_locks(agency, year, quarter):
        return True
    return FigureLock.objects.filter(agency=agency, year=year, quarter=quarter).exists()


def _check_quarter(quarter: int) -> None:
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(_("Triwulan harus 1 sampai 4."))


@transaction.atomic
def window_set(
    *, actor: User, region: Region, year: int, quarter: int, closes_on: dt.date
) -> InputWindow:
    _require_manager(actor, region)
    _check_quarter(quarter)
    window = InputWindow.objects.filter(region=region, year=year, quarter=quarter).first()
    window = window or InputWindow(region=region, year=year, quarter=quarter)
    window.closes_on = closes_on
    window.changed_by = actor
    window._history_user = actor  # type: ignore[attr-defined]
    window.save()
    return window


@transaction.atomic
def window_reopen(
    *, actor: User, region: Region, year: int, quarter: int, until: dt.date, reason: str
) -> InputWindow:
    """Open a closed quarter again until `until`; the reason is kept in the history."""
    _require_manager(actor, region)
    _check_quarter(quarter)
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan membuka kembali wajib diisi.")})
    if until < timezone.localdate():
        raise ValidationError({"until": _("Tanggal buka kembali tidak boleh sebelum hari ini.")})
    closes_on, window = window_state(region, year, quarter)
    window = window or InputWindow(region=region, year=year, quarter=quarter, closes_on=closes_on)
    window.reopened_until = until
    window.reopen_reason = reason.strip()
    window.changed_by = actor
    window._history_user = actor  # type: ignore[attr-defined]
    window.save()
    return window


@transaction.atomic
def figures_lock(
    *, actor: User, agency: Agency, year: int, quarter: int, reason: str
) -> FigureLock:
    _require_manager(actor, agency.region)
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan penguncian wajib diisi.")})
    lock, _created = FigureLock.objects.get_or_create(
        agency=agency,
        year=year,
        quarter=quarter,
        defaults={"locked_by": actor, "reason": reason.strip()},
    )
    return lock


# --- figures -------------------------------------------------------------------------------


def _who(user: User | None) -> str:
    return user.display_name if user else _("sistem")


def _number(raw: Decimal | int | float | str | None) -> Decimal | None:
    """A figure's number from what a form, a file or code gives; raises ValueError with the
    reason. Text is read the Indonesian way ("1.234,5"); floats (Excel cells) by their
    shortest decimal form, so 0.1 stays 0,1."""
    if isinstance(raw, str):
        try:
            number = parse_id(raw)
        except NumberError as exc:
            raise ValueError(_("'%(text)s' bukan angka") % {"text": raw}) from exc
    elif isinstance(raw, bool):
        raise ValueError(_("harus berupa angka"))
    elif isinstance(raw, float):
        number = Decimal(repr(raw))
    else:
        number = None if raw is None else Decimal(raw)
    if number is not None:
        if not number.is_finite() or abs(number) >= MAX_VALUE:
            raise ValueError(_("angka terlalu besar"))
        if number != number.quantize(Decimal("0.01")):
            raise ValueError(_("paling banyak dua angka di belakang koma"))
    return number


def _parse(change: FigureChange) -> tuple[Decimal | None, str]:
    """(number, text) of a change's value; raises ValueError with the reason."""
    raw = change.value
    if FIELDS[change.key].is_text:
        if raw is not None and not isinstance(raw, str):
            raise ValueError(_("harus berupa teks"))
        return None, (raw or "").strip()
    return _number(raw), ""


def _key_of(change: FigureChange, st: state_mod.AgencyYear) -> FigureKey:
    """The change's FigureKey; raises ValueError saying what is wrong with its address."""
    f = FIELDS.get(change.key)
    if f is None or not f.stored:
        raise ValueError(_("isian '%(key)s' tidak dikenal") % {"key": change.key})
    shape = st.shapes.get(change.service_code)
    if shape is None:
        raise ValueError(
            _("%(agency)s tidak mengampu jenis pelayanan %(code)s pada tahun %(year)s")
            % {"agency": st.agency.name, "code": change.service_code, "year": st.year}
        )
    quarter = change.quarter or YEARLY
    if f.quarterly and quarter not in (1, 2, 3, 4):
        raise ValueError(_("%(field)s diisi per triwulan (1 sampai 4)") % {"field": f.label})
    if not f.quarterly and quarter != YEARLY:
        raise ValueError(_("%(field)s diisi tahunan, bukan per triwulan") % {"field": f.label})
    item = change.item_code or ""
    if f.item_kind and item not in shape.item_codes(f.item_kind):
        raise ValueError(
            _("%(item)s bukan mutu pelayanan %(code)s untuk %(field)s")
            % {"item": item or "–", "code": shape.code, "field": f.label}
        )
    if not f.item_kind and item:
        raise ValueError(_("%(field)s tidak diisi per mutu pelayanan") % {"field": f.label})
    if change.source not in FigureValue.Source.values or (
        change.source != FigureValue.Source.ENTERED and change.key not in FROM_RECIPIENTS
    ):
        raise ValueError(
            _("sumber '%(source)s' tidak berlaku untuk %(field)s")
            % {"source": change.source, "field": f.label}
        )
    return FigureKey(shape.code, quarter, change.key, item)


Parsed = dict[FigureKey, tuple[int, FigureChange, Decimal | None, str]]


def _judge(st: state_mod.AgencyYear, parsed: Parsed, result: SaveResult) -> None:
    """The rules on the stored figures merged with the changes: a blocking violation that
    involves a changed figure is an error, a non-blocking one a warning; others are not ours."""
    values = st.values()
    values.update({fk: number for fk, (_i, _c, number, _t) in parsed.items()})
    for v in evaluate(load_rules(), values, st.shapes.values()):
        touched = [fk for fk in v.figures if fk in parsed]
        if not touched:
            continue
        index = parsed.get(v.figure, parsed[touched[0]])[0]
        found = FigureError(Location.of(v.figure, index), v.message, v.rule)
        (result.errors if v.blocking else result.warnings).append(found)


@transaction.atomic
def figures_save(
    *,
    actor: User,
    region: Region,
    year: int,
    agency: Agency,
    changes: Sequence[FigureChange],
    dry_run: bool = False,
    today: dt.date | None = None,
) -> SaveResult:
    """See the module docstring. `today` is when the entry counts as made (None: today); only
    the demo loader back-dates."""
    _require_writer(actor, agency)
    if agency.region_id != region.code:
        raise PermissionDenied(
            _("%(agency)s bukan perangkat daerah %(region)s.")
            % {"agency": agency.name, "region": region.name}
        )
    result = SaveResult(dry_run=dry_run)
    st = state_mod.load(agency, year, for_update=True)
    parsed: Parsed = {}
    open_quarters: dict[int, bool] = {}
    for index, change in enumerate(changes):
        loc = Location(
            change.service_code, change.quarter or YEARLY, change.key, change.item_code or "", index
        )
        try:
            fk = _key_of(change, st)
            number, text = _parse(change)
        except ValueError as exc:
            result.errors.append(FigureError(loc, f"{_capital(str(exc))}.", "invalid"))
            continue
        label = figure_label(fk, st.shapes[fk.service_code].names.get(fk.item_code, ""))
        if fk in parsed:
            result.errors.append(
                FigureError(
                    loc, _("%(figure)s diisi lebih dari sekali.") % {"figure": label}, "duplicate"
                )
            )
            continue
        if fk.quarter != YEARLY:
            if fk.quarter not in open_quarters:
                open_quarters[fk.quarter] = window_is_open(region, year, fk.quarter, today)
            if not open_quarters[fk.quarter]:
                result.errors.append(
                    FigureError(
                        loc,
                        _(
                            "%(figure)s: masa pengisian triwulan %(q)s sudah ditutup; "
                            "minta koordinator membukanya kembali."
                        )
                        % {"figure": label, "q": fk.quarter},
                        "window_closed",
                    )
                )
                continue
        if is_locked(agency, year, fk.quarter):
            result.errors.append(
                FigureError(
                    loc,
                    _("%(figure)s sudah dikunci dan tidak dapat diubah.") % {"figure": label},
                    "locked",
                )
            )
            continue
        parsed[fk] = (index, change, number, text)
    if result.errors:
        _judge(st, parsed, result)  # the rules still judge the changes that could be read
        return result

    conflicts = []
    for fk, (index, change, number, text) in parsed.items():
        row = st.rows.get(fk)
        current = row.version if row else 0
        label = figure_label(fk, st.shapes[fk.service_code].names.get(fk.item_code, ""))
        stored = (row.text if FIELDS[fk.key].is_text else format_id(row.value)) if row else "–"
        if change.expected_version is not None and change.expected_version != current:
            conflicts.append(
                Conflict(
                    Location.of(fk, index),
                    label,
                    stored or "–",
                    _who(row.updated_by if row else None),
                    row.updated_at if row else None,
                    current,
                )
            )
        elif change.expected_version is None and row and (row.value, row.text) != (number, text):
            result.warnings.append(
                FigureError(
                    Location.of(fk, index),
                    _("%(figure)s: nilai tersimpan %(old)s (diubah oleh %(user)s) ditimpa.")
                    % {"figure": label, "old": stored or "–", "user": _who(row.updated_by)},
                    "overwritten",
                )
            )
    if conflicts:
        raise ConcurrentEditError(conflicts)

    _judge(st, parsed, result)
    if result.errors or dry_run:
        return result

    for fk, (_index, change, number, text) in parsed.items():
        row = st.rows.get(fk)
        if row is None:
            row = FigureValue(
                agency=agency,
                service=st.services[fk.service_code],
                year=year,
                quarter=fk.quarter,
                key=fk.key,
                item=st.items.get((fk.service_code, fk.item_code)),
                version=0,
            )
        elif (row.value, row.text, row.source) == (number, text, change.source):
            continue
        row.value, row.text, row.source = number, text, change.source
        row.version += 1
        row.updated_by = actor
        row._history_user = actor  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError as exc:  # created meanwhile by someone else
            raise ConcurrentEditError(
                [Conflict(Location.of(fk), figure_label(fk), "?", _("pengguna lain"), None, 1)]
            ) from exc
        result.saved += 1
    if result.saved:
        index_recompute_on_commit(region=region, year=year, quarters={fk.quarter for fk in parsed})
    return result


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- stage 3: budget lines and Rencana Aksi ------------------------------------------------


@dataclass(frozen=True)
class BudgetLineInput:
    code: str
    name: str
    amount: Decimal | int | float | str


@dataclass(frozen=True)
class ActionInput:
    problem: str
    action: str
    person_in_charge: str
    deadline: dt.date | None
    cause: str = ""
    status: str = ActionItem.Status.PLANNED


def nomenclature_level(code: str) -> str | None:
    """ "program", "kegiatan" or "sub_kegiatan" by the shape of a Kepmendagri code."""
    return next((level for level, rx in NOMENCLATURE.items() if rx.match(code)), None)


def _budget_errors(line: BudgetLineInput, loc: Location) -> tuple[list[FigureError], Decimal]:
    errors = []
    if nomenclature_level(line.code.strip()) is None:
        errors.append(
            FigureError(
                replace_column(loc, "code"),
                _(
                    "Kode nomenklatur '%(code)s' tidak sesuai pola program (1.02.02), kegiatan "
                    "(1.02.02.2.02) atau sub-kegiatan (1.02.02.2.02.0001)."
                )
                % {"code": line.code},
                "nomenclature",
            )
        )
    if not line.name.strip():
        errors.append(
            FigureError(replace_column(loc, "name"), _("Nama nomenklatur wajib diisi."), "required")
        )
    amount = Decimal(0)
    try:
        parsed = _number(line.amount)
        if parsed is None:
            raise ValueError(_("pagu anggaran wajib diisi"))
        if parsed < 0:
            raise ValueError(_("pagu anggaran tidak boleh negatif"))
        amount = parsed
    except ValueError as exc:
        errors.append(
            FigureError(replace_column(loc, "amount"), f"{_capital(str(exc))}.", "invalid")
        )
    return errors, amount


def _action_errors(action: ActionInput, loc: Location) -> list[FigureError]:
    errors = []
    for column, value, label in (
        ("problem", action.problem, _("Permasalahan")),
        ("action", action.action, _("Rencana aksi")),
        ("person_in_charge", action.person_in_charge, _("Penanggung jawab")),
    ):
        if not value.strip():
            errors.append(
                FigureError(
                    replace_column(loc, column),
                    _("%(field)s wajib diisi.") % {"field": label},
                    "required",
                )
            )
    if action.deadline is None:
        errors.append(
            FigureError(replace_column(loc, "deadline"), _("Tenggat wajib diisi."), "required")
        )
    if action.status not in ActionItem.Status.values:
        errors.append(
            FigureError(
                replace_column(loc, "status"),
                _("Status '%(status)s' tidak dikenal; pilih salah satu: %(choices)s.")
                % {"status": action.status, "choices": ", ".join(ActionItem.Status.values)},
                "invalid",
            )
        )
    return errors


def replace_column(loc: Location, column: str) -> Location:
    return Location(loc.service_code, loc.quarter, loc.key, loc.item_code, loc.index, column)


def _plan_guard(
    actor: User, agency: Agency, year: int, service_code: str, st: state_mod.AgencyYear
) -> None:
    _require_writer(actor, agency)
    if service_code not in st.services:
        raise ValidationError(
            _("%(agency)s tidak mengampu jenis pelayanan %(code)s pada tahun %(year)s.")
            % {"agency": agency.name, "code": service_code, "year": year}
        )
    if is_locked(agency, year, YEARLY):
        raise ValidationError(_("Rencana tahun %(year)s sudah dikunci.") % {"year": year})


def _budget_rule_errors(
    st: state_mod.AgencyYear, service_code: str, total: Decimal
) -> list[FigureError]:
    """Realised budget must stay within the new total of the lines (0 once all are gone)."""
    values = st.values()
    budget_key = FigureKey(service_code, YEARLY, "budget")
    values[budget_key] = total
    return [
        FigureError(Location.of(v.figure), v.message, v.rule)
        for v in evaluate(load_rules(), values, [st.shapes[service_code]])
        if v.blocking and budget_key in v.figures
    ]


def _stamp(obj: Any, actor: User) -> None:
    obj.updated_by = actor
    obj._history_user = actor


def _check_version(obj: BudgetLine | ActionItem, expected: int | None, label: str) -> None:
    if expected is not None and obj.version != expected:
        raise ConcurrentEditError(
            [
                Conflict(
                    Location(obj.service.code, YEARLY, label),
                    label,
                    str(obj),
                    _who(obj.updated_by),
                    obj.updated_at,
                    obj.version,
                )
            ]
        )


@transaction.atomic
def budget_line_save(
    *,
    actor: User,
    agency: Agency,
    year: int,
    service_code: str,
    data: BudgetLineInput,
    line: BudgetLine | None = None,
    expected_version: int | None = None,
) -> BudgetLine:
    """Add a budget line, or change `line` (seen at `expected_version`)."""
    st = state_mod.load(agency, year)
    _plan_guard(actor, agency, year, service_code, st)
    errors, amount = _budget_errors(data, Location(service_code, YEARLY, "budget_line"))
    others = [b.amount for b in st.budget_lines.get(service_code, []) if line is None or b != line]
    errors += _budget_rule_errors(st, service_code, sum(others, Decimal(0)) + amount)
    if errors:
        raise ValidationError([e.message for e in errors])
    if line is None:
        line = BudgetLine(agency=agency, year=year, service=st.services[service_code], version=0)
    else:
        line = BudgetLine.objects.select_for_update().get(pk=line.pk, agency=agency, year=year)
        _check_version(line, expected_version, _("Baris anggaran %(code)s") % {"code": line.code})
    line.code, line.name, line.amount = data.code.strip(), data.name.strip(), amount
    line.version += 1
    _stamp(line, actor)
    line.save()
    return line


@transaction.atomic
def budget_line_delete(*, actor: User, line: BudgetLine, expected_version: int | None) -> None:
    st = state_mod.load(line.agency, line.year)
    _plan_guard(actor, line.agency, line.year, line.service.code, st)
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    _check_version(line, expected_version, _("Baris anggaran %(code)s") % {"code": line.code})
    rest = [b.amount for b in st.budget_lines.get(line.service.code, []) if b.pk != line.pk]
    errors = _budget_rule_errors(st, line.service.code, sum(rest, Decimal(0)))
    if errors:
        raise ValidationError([e.message for e in errors])
    line._history_user = actor  # type: ignore[attr-defined]
    line.delete()


@transaction.atomic
def action_item_save(
    *,
    actor: User,
    agency: Agency,
    year: int,
    service_code: str,
    data: ActionInput,
    item: ActionItem | None = None,
    expected_version: int | None = None,
) -> ActionItem:
    st = state_mod.load(agency, year)
    _plan_guard(actor, agency, year, service_code, st)
    errors = _action_errors(data, Location(service_code, YEARLY, "action"))
    if errors:
        raise ValidationError({e.location.column: e.message for e in errors})
    if item is None:
        item = ActionItem(agency=agency, year=year, service=st.services[service_code], version=0)
    else:
        item = ActionItem.objects.select_for_update().get(pk=item.pk, agency=agency, year=year)
        _check_version(item, expected_version, _("Rencana aksi"))
    item.problem, item.cause, item.action = (
        data.problem.strip(),
        data.cause.strip(),
        data.action.strip(),
    )
    item.person_in_charge, item.status = data.person_in_charge.strip(), data.status
    assert data.deadline is not None
    item.deadline = data.deadline
    item.version += 1
    _stamp(item, actor)
    item.save()
    return item


@transaction.atomic
def action_item_delete(*, actor: User, item: ActionItem, expected_version: int | None) -> None:
    st = state_mod.load(item.agency, item.year)
    _plan_guard(actor, item.agency, item.year, item.service.code, st)
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    _check_version(item, expected_version, _("Rencana aksi"))
    item._history_user = actor  # type: ignore[attr-defined]
    item.delete()


@dataclass(frozen=True)
class PlanInput:
    service_code: str
    budget_lines: Sequence[BudgetLineInput]
    actions: Sequence[ActionInput]


@transaction.atomic
def plans_replace(
    *,
    actor: User,
    region: Region,
    year: int,
    agency: Agency,
    plans: Sequence[PlanInput],
    dry_run: bool = False,
) -> SaveResult:
    """Make each named service's budget lines and Rencana Aksi exactly the given rows (Excel).
    Errors are located with key "budget_line" or "action", `index` = the row's position in its
    list and `column` = the row's field; nothing is written when there is any."""
    _require_writer(actor, agency)
    if agency.region_id != region.code:
        raise PermissionDenied(
            _("%(agency)s bukan perangkat daerah %(region)s.")
            % {"agency": agency.name, "region": region.name}
        )
    result = SaveResult(dry_run=dry_run)
    st = state_mod.load(agency, year, for_update=True)
    locked = is_locked(agency, year, YEARLY)
    totals: dict[str, tuple[list[Decimal], PlanInput]] = {}
    for plan in plans:
        loc = Location(plan.service_code, YEARLY, "budget_line")
        if plan.service_code not in st.services:
            result.errors.append(
                FigureError(
                    loc,
                    _("%(agency)s tidak mengampu jenis pelayanan %(code)s pada tahun %(year)s.")
                    % {"agency": agency.name, "code": plan.service_code, "year": year},
                    "invalid",
                )
            )
            continue
        if locked:
            result.errors.append(
                FigureError(
                    loc, _("Rencana tahun %(year)s sudah dikunci.") % {"year": year}, "locked"
                )
            )
            continue
        amounts = []
        for i, line in enumerate(plan.budget_lines):
            errors, amount = _budget_errors(
                line, Location(plan.service_code, YEARLY, "budget_line", index=i)
            )
            result.errors += errors
            amounts.append(amount)
        for i, action in enumerate(plan.actions):
            result.errors += _action_errors(
                action, Location(plan.service_code, YEARLY, "action", index=i)
            )
        result.errors += _budget_rule_errors(st, plan.service_code, sum(amounts, Decimal(0)))
        totals[plan.service_code] = (amounts, plan)
    if result.errors or dry_run:
        return result
    for code, (amounts, plan) in totals.items():
        service = st.services[code]
        for old in [*st.budget_lines.get(code, []), *st.actions.get(code, [])]:
            old._history_user = actor  # type: ignore[attr-defined]
            old.delete()
        for line, amount in zip(plan.budget_lines, amounts, strict=True):
            new = BudgetLine(
                agency=agency,
                year=year,
                service=service,
                code=line.code.strip(),
                name=line.name.strip(),
                amount=amount,
            )
            _stamp(new, actor)
            new.save()
            result.saved += 1
        for a in plan.actions:
            assert a.deadline is not None
            act = ActionItem(
                agency=agency,
                year=year,
                service=service,
                problem=a.problem.strip(),
                cause=a.cause.strip(),
                action=a.action.strip(),
                person_in_charge=a.person_in_charge.strip(),
                deadline=a.deadline,
                status=a.status,
            )
            _stamp(act, actor)
            act.save()
            result.saved += 1
    return result


# --- unit prices (SSH) ---------------------------------------------------------------------


@dataclass(frozen=True)
class UnitPriceRow:
    item_code: str
    price: Decimal | int | float | str
    name: str = ""
    unit: str = ""


@transaction.atomic
def unit_prices_replace(
    *, actor: User, region: Region, year: int, rows: Sequence[UnitPriceRow], dry_run: bool = False
) -> SaveResult:
    """Make `rows` the Pemda's SSH prices for `year`: one price per quality item code of the
    year's catalog. Errors are located by `index` (row position) and `column`."""
    from tuntas.catalog.models import QualityItem
    from tuntas.catalog.selectors import edition_for_year

    _require_manager(actor, region)
    result = SaveResult(dry_run=dry_run)
    known = set(
        QualityItem.objects.filter(service__edition=edition_for_year(year)).values_list(
            "code", flat=True
        )
    )
    seen: set[str] = set()
    clean: list[tuple[UnitPriceRow, Decimal]] = []
    for i, row in enumerate(rows):
        code = row.item_code.strip()
        loc = Location(key="price", item_code=code, index=i)
        if code not in known:
            result.errors.append(
                FigureError(
                    replace_column(loc, "item_code"),
                    _("Kode mutu pelayanan '%(code)s' tidak ada dalam katalog %(year)s.")
                    % {"code": code, "year": year},
                    "invalid",
                )
            )
            continue
        if code in seen:
            result.errors.append(
                FigureError(
                    replace_column(loc, "item_code"),
                    _("Harga untuk %(code)s tercantum lebih dari sekali.") % {"code": code},
                    "duplicate",
                )
            )
            continue
        seen.add(code)
        try:
            price = _number(row.price)
            if price is None or price < 0:
                raise ValueError(_("harga satuan wajib diisi dan tidak boleh negatif"))
        except ValueError as exc:
            result.errors.append(
                FigureError(replace_column(loc, "price"), f"{_capital(str(exc))}.", "invalid")
            )
            continue
        clean.append((row, price))
    if result.errors or dry_run:
        return result
    for old in UnitPrice.objects.filter(region=region, year=year):
        old._history_user = actor  # type: ignore[attr-defined]
        old.delete()
    for row, price in clean:
        new = UnitPrice(
            region=region,
            year=year,
            item_code=row.item_code.strip(),
            name=row.name.strip(),
            unit=row.unit.strip(),
            price=price,
        )
        new._history_user = actor  # type: ignore[attr-defined]
        new.save()
        result.saved += 1
    return result


def figures_from_recipients(
    *,
    actor: User,
    region: Region,
    year: int,
    service_code: str,
    replace_entered: bool = False,
    agency: Agency | None = None,
    today: dt.date | None = None,
) -> list[tuple[Agency, SaveResult]]:
    """Stage 1 target and stage 4 served (cumulative) from the by-name rows of a service, for
    each agency carrying it. Only quarters that have begun, whose window is open and that are
    not locked are written: an approved or closed quarter keeps its figures. A figure typed in
    by hand is kept unless `replace_entered`: one puskesmas file must not replace a whole
    regency's target without the user asking. `agency` narrows to one of the carriers."""
    from tuntas.recipients.selectors import recipient_totals

    totals = recipient_totals(actor=actor, region=region, year=year, service_code=service_code)
    if service_code not in totals:
        return []
    found = totals[service_code]
    today = today or timezone.localdate()
    begun = 4 if year < today.year else (0 if year > today.year else (today.month - 1) // 3 + 1)
    results = []
    carriers = Agency.objects.filter(
        region=region, assignments__year=year, assignments__service__code=service_code
    )
    if agency is not None:
        carriers = carriers.filter(pk=agency.pk)
    for carrier in carriers:
        if not can_write(actor, carrier):
            continue
        entered = set()
        if not replace_entered:
            entered = set(
                FigureValue.objects.filter(
                    agency=carrier,
                    service__code=service_code,
                    year=year,
                    key__in=FROM_RECIPIENTS,
                    source=FigureValue.Source.ENTERED,
                    value__isnull=False,
                ).values_list("quarter", "key")
            )
        changes = []
        if (YEARLY, "target") not in entered and not is_locked(carrier, year, YEARLY):
            changes.append(
                FigureChange(
                    service_code, YEARLY, "target", value=found.target, source="recipients"
                )
            )
        for q in range(1, begun + 1):
            if (
                (q, "served") not in entered
                and window_is_open(region, year, q, today)
                and not is_locked(carrier, year, q)
            ):
                changes.append(
                    FigureChange(
                        service_code, q, "served", value=found.quarters[q - 1], source="recipients"
                    )
                )
        if changes:
            result = figures_save(
                actor=actor, region=region, year=year, agency=carrier, changes=changes, today=today
            )
            results.append((carrier, result))
    return results
