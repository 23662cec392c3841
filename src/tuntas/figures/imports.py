"""Reading filled Excel templates (excel.py) back into the figures services.

`figures_import(*, actor, data, dry_run=False, agency=None) -> ImportResult` reads every
sheet, turns each filled cell that differs from the stored figure into a `FigureChange` and
the plan sheets into `PlanInput`s, then runs `figures_save` and `plans_replace` together in one
transaction: errors of every sheet are collected first (structural ones here, the rules in the
services), and nothing is kept unless there are none. Each error names the sheet, row, column
letter with its header, and the reason. `prices_import` does the same for the SSH list through
`unit_prices_replace`.

python-calamine reads cell values but shows Excel error values (#VALUE!) and formulas as
their cached result, so a small scan of the sheet XML finds those cells to refuse them.
"""

import datetime as dt
import html
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from functools import partial
from typing import Any

import python_calamine
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from xlsxwriter.utility import xl_col_to_name

from tuntas.accounts.models import User
from tuntas.accounts.scoping import can_manage_region
from tuntas.organisation.models import Agency
from tuntas.regions.models import Region

from . import excel, selectors, services
from .excel import Column
from .fields import FIELDS, QUARTERS, YEARLY, FigureKey, figure_label
from .models import ActionItem, UnitPrice
from .numbers import NumberError, format_id, parse_id
from .services import (
    ActionInput,
    BudgetLineInput,
    FigureChange,
    FigureError,
    PlanInput,
    SaveResult,
    UnitPriceRow,
)
from .state import AgencyYear

Value = Any  # what calamine gives for a cell
DATA_KEYS = ("target", "available", "staff")
DELIVERY_KEYS = ("served", "delivered", "realised", "problems", "solutions")
PLAN_KEYS = ("budget_line", "action")  # Location.key of plan rows in service errors
MAX_UNPACKED = 50 * 1024 * 1024  # an upload is at most 5 MB; its XML much more, but not this
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")


@dataclass(frozen=True)
class Issue:
    """An error or warning at a cell; `row` is the Excel row number (None: the whole sheet)."""

    sheet: str
    row: int | None
    column: str
    header: str
    message: str


@dataclass(frozen=True)
class Change:
    """What a successful import changes, for the preview."""

    sheet: str
    row: int | None
    figure: str
    old: str
    new: str


@dataclass
class ImportResult:
    saved: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    dry_run: bool = False
    description: str = ""  # what the file is: the agency or Pemda and the year

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "saved": self.saved,
            "dry_run": self.dry_run,
            "file": self.description,
            "errors": [asdict(e) for e in self.errors],
            "warnings": [asdict(w) for w in self.warnings],
            "changes": [asdict(c) for c in self.changes],
        }


# --- reading the workbook ------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    sheet: str
    row: int  # 0-based row index as in calamine's rows; shown as row + 1
    col: int


class FileTooLarge(Exception):
    pass


class Workbook:
    """Every sheet's values, and which cells hold a formula or an Excel error value."""

    def __init__(self, data: bytes):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_UNPACKED:
                raise FileTooLarge
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        self.names = list(book.sheet_names)
        self.rows = {
            name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in self.names
        }
        self.formulas, self.error_values = _special_cells(data)

    def value(self, cell: Cell) -> Value:
        rows = self.rows.get(cell.sheet, [])
        if cell.row >= len(rows) or cell.col >= len(rows[cell.row]):
            return ""
        return rows[cell.row][cell.col]


_REF = re.compile(r"^([A-Z]+)(\d+)$")
# The XML is scanned with patterns, not parsed: an uploaded file is untrusted, and only a few
# attributes are needed. Tags may carry a namespace prefix (x:c) depending on the writer.
_TAG = r"<(?:\w+:)?%s\b([^>]*?)(/>|>(.*?)</(?:\w+:)?%s>)"
_CELL = re.compile(_TAG % ("c", "c"), re.DOTALL)
_SHEET = re.compile(r"<(?:\w+:)?sheet\b([^>]*)>")
_RELATION = re.compile(r"<(?:\w+:)?Relationship\b([^>]*)>")
_FORMULA = re.compile(r"<(?:\w+:)?f\b")
_VALUE = re.compile(r"<(?:\w+:)?v>([^<]*)<")


def _attr(attrs: str, name: str) -> str:
    match = re.search(rf'(?:^|\s){re.escape(name)}="([^"]*)"', attrs)
    return html.unescape(match.group(1)) if match else ""


def _ref_cell(sheet: str, ref: str) -> Cell | None:
    match = _REF.match(ref)
    if not match:
        return None
    col = 0
    for ch in match.group(1):
        col = col * 26 + ord(ch) - 64
    return Cell(sheet, int(match.group(2)) - 1, col - 1)


def _special_cells(data: bytes) -> tuple[set[Cell], dict[Cell, str]]:
    """Cells with a formula, and cells holding an error value (with its text), by sheet."""
    formulas: set[Cell] = set()
    errors: dict[Cell, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        if "xl/workbook.xml" not in names:  # not xlsx (xls, ods): calamine reads values only
            return formulas, errors
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        targets = {_attr(a, "Id"): _attr(a, "Target") for a in _RELATION.findall(rels)}
        for attrs in _SHEET.findall(z.read("xl/workbook.xml").decode()):
            rid = next((v for k, v in re.findall(r"(\w+:id)=\"([^\"]*)\"", attrs)), "")
            target = targets.get(rid, "").lstrip("/")
            path = target if target.startswith("xl/") else f"xl/{target}"
            if path not in names:
                continue
            name = _attr(attrs, "name")
            for attrs_c, _end, body in _CELL.findall(z.read(path).decode()):
                cell = _ref_cell(name, _attr(attrs_c, "r"))
                if cell is None:
                    continue
                if _FORMULA.search(body or ""):
                    formulas.add(cell)
                if _attr(attrs_c, "t") == "e":
                    value = _VALUE.search(body or "")
                    errors[cell] = value.group(1) if value else "#N/A"
    return formulas, errors


class Reader:
    """Collects issues located at cells while the sheets are turned into inputs."""

    def __init__(self, book: Workbook):
        self.book = book
        self.columns = excel.sheet_columns()
        self.errors: list[Issue] = []

    def issue(self, cell: Cell | None, message: str, sheet: str = "") -> Issue:
        if cell is None:
            return Issue(sheet, None, "", "", message)
        columns = self.columns.get(cell.sheet, [])
        header = columns[cell.col].header if cell.col < len(columns) else ""
        return Issue(cell.sheet, cell.row + 1, xl_col_to_name(cell.col), header, message)

    def error(self, cell: Cell | None, message: str, sheet: str = "") -> None:
        self.errors.append(self.issue(cell, message, sheet))

    def raw(self, cell: Cell) -> Value:
        """The cell's value, or None after reporting a formula or an error value in it."""
        if cell in self.book.error_values:
            self.error(
                cell,
                _("Sel berisi galat Excel %(error)s; isi dengan nilai yang benar.")
                % {"error": self.book.error_values[cell]},
            )
            return None
        if cell in self.book.formulas:
            self.error(
                cell, _("Sel berisi rumus; isi dengan nilai (salin lalu tempel sebagai nilai).")
            )
            return None
        return self.book.value(cell)

    def text(self, cell: Cell) -> str:
        value = self.raw(cell)
        if value is None or value == "":
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        return str(value).strip()

    def number(self, cell: Cell) -> Decimal | str | None:
        """A number cell: Decimal, the text as typed (the services parse and judge it), or
        None when empty (no change) or already reported."""
        value = self.raw(cell)
        if value is None or value == "":
            return None
        if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
            self.error(cell, _("Isian harus berupa angka, bukan %(value)s.") % {"value": value})
            return None
        if isinstance(value, int | float):
            return Decimal(repr(value))
        return str(value).strip() or None

    def date(self, cell: Cell) -> dt.date | None:
        value = self.raw(cell)
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(str(value).strip(), fmt).date()
            except ValueError:
                continue
        self.error(
            cell, _("'%(value)s' bukan tanggal; tulis hh/bb/tttt.") % {"value": self.text(cell)}
        )
        return None

    def data_rows(self, sheet: str) -> range:
        """Row indexes below the header, once the header is the template's (else reported)."""
        columns = self.columns[sheet]
        rows = self.book.rows[sheet]
        header = [str(v).strip() for v in (rows[0] if rows else [])]
        expected = [c.header for c in columns]
        if header[: len(expected)] != expected:
            self.error(
                None,
                _(
                    "Judul kolom lembar '%(sheet)s' tidak sesuai templat (seharusnya: %(headers)s);"
                    " unduh templat baru dan salin isian ke sana."
                )
                % {"sheet": sheet, "headers": ", ".join(expected)},
                sheet,
            )
            return range(0)
        return range(1, len(rows))

    def blank(self, sheet: str, row: int, columns: Sequence[Column]) -> bool:
        return all(self.book.value(Cell(sheet, row, c)) == "" for c in range(len(columns)))

    def metadata(self, kind: str) -> dict[str, str] | None:
        """The metadata block of the Petunjuk sheet, or None after reporting what is wrong."""
        rows = self.book.rows.get(excel.SHEET_GUIDE)
        meta: dict[str, str] = {}
        for row in rows or []:
            if len(row) > excel.META_COLUMN + 1 and row[excel.META_COLUMN] != "":
                key = str(row[excel.META_COLUMN])
                value = row[excel.META_COLUMN + 1]
                meta[key] = str(int(value) if isinstance(value, float) else value).strip()
        if meta.get("jenis") != kind or meta.get("versi") != str(excel.TEMPLATE_VERSION):
            self.error(
                None,
                _(
                    "Berkas ini bukan templat %(kind)s Tuntas (versi %(version)s) atau keterangan "
                    "di lembar Petunjuk telah diubah; unduh templat dari aplikasi."
                )
                % {"kind": excel.kind_label(kind), "version": excel.TEMPLATE_VERSION},
                excel.SHEET_GUIDE,
            )
            return None
        if not meta.get("tahun", "").isdigit():
            self.error(None, _("Tahun di lembar Petunjuk tidak sah."), excel.SHEET_GUIDE)
            return None
        return meta

    def unknown_sheets(self, known: Sequence[str]) -> None:
        for name in self.book.names:
            if name not in known:
                self.error(
                    None,
                    _("Lembar '%(sheet)s' tidak dikenal; hapus atau pindahkan isinya.")
                    % {"sheet": name},
                    name,
                )


def _open(data: bytes, result: ImportResult) -> Reader | None:
    try:
        return Reader(Workbook(data))
    except FileTooLarge:
        result.errors.append(
            Issue(
                "", None, "", "", _("Isi berkas terlalu besar (lebih dari 50 MB setelah dibuka).")
            )
        )
        return None
    except (python_calamine.CalamineError, zipfile.BadZipFile, UnicodeDecodeError, KeyError):
        result.errors.append(
            Issue("", None, "", "", _("Berkas tidak dapat dibaca sebagai berkas Excel (.xlsx)."))
        )
        return None


# --- figures -------------------------------------------------------------------------------


@dataclass
class _FigureSheets:
    changes: list[FigureChange] = field(default_factory=list)
    change_cells: list[Cell] = field(default_factory=list)
    cells: dict[FigureKey, Cell] = field(default_factory=dict)  # every figure cell of the file
    plans: list[PlanInput] = field(default_factory=list)
    plan_rows: dict[tuple[str, str], list[Cell]] = field(default_factory=dict)
    preview: list[Change] = field(default_factory=list)


def _stored_text(st: AgencyYear, fk: FigureKey) -> str:
    row = st.rows.get(fk)
    if row is None:
        return "–"
    return (row.text or "–") if FIELDS[fk.key].is_text else format_id(row.value)


def _figure_cell(
    reader: Reader, st: AgencyYear, out: _FigureSheets, fk: FigureKey, cell: Cell
) -> None:
    """Adds a change for the cell if it is filled and differs from the stored figure."""
    out.cells[fk] = cell
    if FIELDS[fk.key].is_text:
        new: Decimal | str | None = reader.text(cell) or None
    else:
        new = reader.number(cell)
    if new is None:
        return
    stored = st.rows.get(fk)
    try:
        comparable = parse_id(new) if isinstance(new, str) and not FIELDS[fk.key].is_text else new
    except NumberError:
        comparable = None  # not a number: the service reports it
    if stored is not None and comparable == (
        stored.text if FIELDS[fk.key].is_text else stored.value
    ):
        return
    out.changes.append(FigureChange(fk.service_code, fk.quarter, fk.key, fk.item_code, new))
    out.change_cells.append(cell)
    shape = st.shapes.get(fk.service_code)
    name = shape.names.get(fk.item_code, "") if shape else ""
    shown = format_id(comparable) if isinstance(comparable, Decimal) else str(new)
    out.preview.append(
        Change(cell.sheet, cell.row + 1, figure_label(fk, name), _stored_text(st, fk), shown)
    )


def _read_figures(reader: Reader, st: AgencyYear, out: _FigureSheets) -> None:
    for sheet, keys in ((excel.SHEET_DATA, DATA_KEYS), (excel.SHEET_DELIVERY, DELIVERY_KEYS)):
        if sheet not in reader.book.rows:
            continue
        key_col = len(reader.columns[sheet]) - 1
        for r in reader.data_rows(sheet):
            if reader.blank(sheet, r, reader.columns[sheet]):
                continue
            service = reader.text(Cell(sheet, r, 0))
            key = reader.text(Cell(sheet, r, key_col))
            item = reader.text(Cell(sheet, r, 3))
            if key not in keys:
                reader.error(
                    Cell(sheet, r, 2),
                    _(
                        "Baris ini bukan bagian templat (isian tidak dikenal); jangan menambah "
                        "atau mengubah baris di lembar ini."
                    ),
                )
                continue
            if sheet == excel.SHEET_DATA:
                quarters = [(YEARLY, 6)]
            else:
                quarters = [(q, 4 + q) for q in QUARTERS]
            for quarter, col in quarters:
                fk = FigureKey(service, quarter, key, item)
                _figure_cell(reader, st, out, fk, Cell(sheet, r, col))


def _status(text: str) -> str:
    if not text:
        return ActionItem.Status.PLANNED
    labels = {label.lower(): value for label, value in excel.status_labels().items()}
    return labels.get(text.lower(), text.lower())


def _read_plans(reader: Reader, st: AgencyYear, out: _FigureSheets) -> None:
    budget: dict[str, list[BudgetLineInput]] = {}
    actions: dict[str, list[ActionInput]] = {}
    for sheet, target in ((excel.SHEET_BUDGET, budget), (excel.SHEET_ACTIONS, actions)):
        if sheet not in reader.book.rows:
            continue
        for r in reader.data_rows(sheet):
            if reader.blank(sheet, r, reader.columns[sheet]):
                continue
            code = reader.text(Cell(sheet, r, 0))
            if not code:
                reader.error(Cell(sheet, r, 0), _("Kode layanan wajib diisi."))
                continue
            cells = [Cell(sheet, r, c) for c in range(len(reader.columns[sheet]))]
            text = reader.text
            row: Any
            if sheet == excel.SHEET_BUDGET:
                amount = reader.number(cells[3])
                row = BudgetLineInput(
                    text(cells[1]), text(cells[2]), "" if amount is None else amount
                )
            else:
                row = ActionInput(
                    problem=text(cells[1]),
                    cause=text(cells[2]),
                    action=text(cells[3]),
                    person_in_charge=text(cells[4]),
                    deadline=reader.date(cells[5]),
                    status=_status(text(cells[6])),
                )
            target.setdefault(code, []).append(row)
            out.plan_rows.setdefault((code, sheet), []).append(Cell(sheet, r, 0))
    for code in [*budget, *(c for c in actions if c not in budget)]:
        stored_lines = [
            BudgetLineInput(b.code, b.name, b.amount) for b in st.budget_lines.get(code, [])
        ]
        stored_actions = [
            ActionInput(a.problem, a.action, a.person_in_charge, a.deadline, a.cause, a.status)
            for a in st.actions.get(code, [])
        ]
        lines = budget.get(code, stored_lines)
        acts = actions.get(code, stored_actions)
        if _same_lines(lines, stored_lines) and acts == stored_actions:
            continue
        out.plans.append(PlanInput(code, lines, acts))
        total = sum((b.amount for b in st.budget_lines.get(code, [])), Decimal(0))
        out.preview.append(
            Change(
                excel.SHEET_BUDGET if code in budget else excel.SHEET_ACTIONS,
                None,
                _("%(code)s: baris anggaran dan Rencana Aksi") % {"code": code},
                _("%(lines)s baris anggaran (Rp%(total)s), %(actions)s rencana aksi")
                % {
                    "lines": len(stored_lines),
                    "total": format_id(total),
                    "actions": len(stored_actions),
                },
                _("%(lines)s baris anggaran, %(actions)s rencana aksi")
                % {"lines": len(lines), "actions": len(acts)},
            )
        )


def _same_lines(new: Sequence[BudgetLineInput], stored: Sequence[BudgetLineInput]) -> bool:
    def norm(b: BudgetLineInput) -> tuple[str, str, Any]:
        try:
            amount: Any = parse_id(b.amount) if isinstance(b.amount, str) else Decimal(b.amount)
        except NumberError:
            amount = b.amount
        return b.code.strip(), b.name.strip(), amount

    return [norm(b) for b in new] == [norm(b) for b in stored]


def _locate(reader: Reader, sheets: _FigureSheets, error: FigureError) -> Issue:
    loc = error.location
    if loc.key in PLAN_KEYS:
        sheet = excel.SHEET_BUDGET if loc.key == "budget_line" else excel.SHEET_ACTIONS
        rows = sheets.plan_rows.get((loc.service_code, sheet), [])
        if loc.index is not None and loc.index < len(rows):
            fields = [c.field for c in reader.columns[sheet]]
            col = fields.index(loc.column) if loc.column in fields else 0
            return reader.issue(Cell(sheet, rows[loc.index].row, col), error.message)
        rows = rows or [
            *sheets.plan_rows.get((loc.service_code, excel.SHEET_BUDGET), []),
            *sheets.plan_rows.get((loc.service_code, excel.SHEET_ACTIONS), []),
        ]
        return reader.issue(rows[0] if rows else None, error.message, sheet)
    fk = FigureKey(loc.service_code, loc.quarter, loc.key, loc.item_code)
    if loc.index is not None and loc.key in FIELDS:
        # A rule's error names the figure that breaks it (a stored one, maybe), `index` the
        # change that caused it: point at the figure's cell when the file has it.
        change = sheets.changes[loc.index]
        changed = (change.service_code, change.quarter or YEARLY, change.key, change.item_code)
        if changed == tuple(fk) or fk not in sheets.cells:
            return reader.issue(sheets.change_cells[loc.index], error.message)
    if fk in sheets.cells:
        return reader.issue(sheets.cells[fk], error.message)
    rows = sheets.plan_rows.get((loc.service_code, excel.SHEET_BUDGET), [])
    return reader.issue(rows[0] if rows else None, error.message, excel.SHEET_BUDGET)


Step = Callable[[bool], SaveResult]


def _both_orders(steps: Sequence[Step]) -> list[SaveResult]:
    """Run one service's steps (its figures, its plan) so that they are kept only if all pass.

    Budget lines and realised figures are checked against each other, and each service call
    sees the other's stored side; so the steps are tried in both orders (one fits whenever the
    final figures are valid), each inside a savepoint rolled back unless everything passed. A
    step after a failed one only validates. Results come in the order of `steps`."""
    attempts = []
    for order in (list(steps), list(reversed(steps))):
        savepoint = transaction.savepoint()
        results: dict[int, SaveResult] = {}
        for step in order:
            results[steps.index(step)] = step(any(not r.ok for r in results.values()))
        ordered = [results[i] for i in range(len(steps))]
        if all(r.ok for r in ordered):
            transaction.savepoint_commit(savepoint)
            return ordered
        transaction.savepoint_rollback(savepoint)
        attempts.append(ordered)
    return min(attempts, key=lambda rs: sum(len(r.errors) for r in rs))


def _figures_step(
    actor: User, agency: Agency, year: int, changes: list[FigureChange], check: bool
) -> SaveResult:
    return services.figures_save(
        actor=actor, region=agency.region, year=year, agency=agency, changes=changes, dry_run=check
    )


def _plans_step(
    actor: User, agency: Agency, year: int, plans: list[PlanInput], check: bool
) -> SaveResult:
    return services.plans_replace(
        actor=actor, region=agency.region, year=year, agency=agency, plans=plans, dry_run=check
    )


def _remap(error: FigureError, positions: list[int] | None) -> FigureError:
    """The error with its change index taken from a service's batch back to the whole file."""
    if positions is None or error.location.index is None:
        return error
    loc = replace(error.location, index=positions[error.location.index])
    return FigureError(loc, error.message, error.code)


def _without_follow_ups(errors: list[FigureError]) -> list[FigureError]:
    """plans_replace counts an unreadable amount as 0 when it compares the budget with the
    realised figures; with a bad row, those comparisons only repeat the row's error."""
    rows = {e.location.service_code for e in errors if e.location.key in PLAN_KEYS}
    return [e for e in errors if e.location.key in PLAN_KEYS or e.location.service_code not in rows]


@dataclass
class _Saved:
    saved: int = 0
    errors: list[FigureError] = field(default_factory=list)
    warnings: list[FigureError] = field(default_factory=list)


def _save(actor: User, agency: Agency, year: int, sheets: _FigureSheets, dry_run: bool) -> _Saved:
    """Save service by service (the rules never cross services) in one transaction, rolled
    back unless everything passed and not `dry_run`. Figure errors come back with `index`
    pointing into `sheets.changes`."""
    out = _Saved()
    codes = dict.fromkeys(
        [c.service_code for c in sheets.changes] + [p.service_code for p in sheets.plans]
    )
    with transaction.atomic():
        for code in codes:
            positions = [i for i, c in enumerate(sheets.changes) if c.service_code == code]
            changes = [sheets.changes[i] for i in positions]
            plans = [p for p in sheets.plans if p.service_code == code]
            steps: list[Step] = []
            if changes:
                steps.append(partial(_figures_step, actor, agency, year, changes))
            if plans:
                steps.append(partial(_plans_step, actor, agency, year, plans))
            for step_index, result in enumerate(_both_orders(steps)):
                remap = positions if changes and step_index == 0 else None
                out.saved += result.saved
                out.errors += [_remap(e, remap) for e in _without_follow_ups(result.errors)]
                out.warnings += [_remap(w, remap) for w in result.warnings]
        if out.errors or dry_run:
            transaction.set_rollback(True)
    return out


def figures_import(
    *, actor: User, data: bytes, dry_run: bool = False, agency: Agency | None = None
) -> ImportResult:
    """See the module docstring. `agency`: the agency the file must be for (the web page's)."""
    result = ImportResult(dry_run=dry_run)
    reader = _open(data, result)
    if reader is None:
        return result
    meta = reader.metadata(excel.KIND_FIGURES)
    target = _target_agency(reader, actor, meta, agency) if meta else None
    if meta is None or target is None:
        result.errors = reader.errors
        return result
    year = int(meta["tahun"])
    result.description = f"{target.name} ({target.region.name}), {year}"
    st = selectors.figures_get(actor=actor, agency=target, year=year).state
    reader.unknown_sheets(excel.FIGURE_SHEETS)
    sheets = _FigureSheets()
    _read_figures(reader, st, sheets)
    _read_plans(reader, st, sheets)
    # With structural errors the services still judge what could be read, but keep nothing.
    saved = _save(actor, target, year, sheets, dry_run or bool(reader.errors))
    # One message per cell: the reader's (a formula, a bad date) is the more precise one.
    seen = {(e.sheet, e.row, e.column) for e in reader.errors}
    located = [_locate(reader, sheets, e) for e in saved.errors]
    result.errors = reader.errors + [e for e in located if (e.sheet, e.row, e.column) not in seen]
    result.warnings = [_locate(reader, sheets, w) for w in saved.warnings]
    result.changes = sheets.preview
    if not result.errors and not dry_run:
        result.saved = saved.saved
    return result


def _target_agency(
    reader: Reader, actor: User, meta: dict[str, str], expected: Agency | None
) -> Agency | None:
    """The agency named in the metadata if the actor may write its figures (else reported)."""
    guide = excel.SHEET_GUIDE
    region_code, code = meta.get("pemda", ""), meta.get("perangkat_daerah", "")
    if expected is not None and (expected.region_id, expected.code) != (region_code, code):
        reader.error(
            None,
            _("Berkas ini untuk perangkat daerah %(code)s Pemda %(region)s, bukan %(agency)s.")
            % {"code": code, "region": region_code, "agency": expected.name},
            guide,
        )
        return None
    try:
        region = Region.objects.get(code=region_code)
        agency = selectors.agency_get(actor=actor, region=region, code=code)
    except (Region.DoesNotExist, PermissionDenied):
        agency = None
    if agency is None or not services.can_write(actor, agency):
        reader.error(
            None,
            _("Anda tidak berwenang mengisi angka perangkat daerah %(code)s Pemda %(region)s.")
            % {"code": code, "region": region_code},
            guide,
        )
        return None
    return agency


# --- SSH prices ----------------------------------------------------------------------------


def prices_import(
    *,
    actor: User,
    data: bytes,
    dry_run: bool = False,
    region: Region | None = None,
    year: int | None = None,
) -> ImportResult:
    """Reads an SSH template into `unit_prices_replace`. `region`/`year`: what the file must be
    for (the page's or the command's). Empty prices keep the stored price."""
    result = ImportResult(dry_run=dry_run)
    reader = _open(data, result)
    if reader is None:
        return result
    meta = reader.metadata(excel.KIND_PRICES)
    if meta is None:
        result.errors = reader.errors
        return result
    file_year = int(meta["tahun"])
    if (region and region.code != meta.get("pemda")) or (year and year != file_year):
        reader.error(
            None,
            _("Berkas ini SSH Pemda %(code)s tahun %(year)s, bukan yang dipilih.")
            % {"code": meta.get("pemda"), "year": file_year},
            excel.SHEET_GUIDE,
        )
        result.errors = reader.errors
        return result
    target = Region.objects.filter(code=meta.get("pemda", "")).first()
    if target is None or not can_manage_region(actor, target):
        reader.error(
            None,
            _("Anda tidak berwenang mengatur SSH Pemda %(code)s.") % {"code": meta.get("pemda")},
            excel.SHEET_GUIDE,
        )
        result.errors = reader.errors
        return result
    result.description = f"{target.name}, {file_year}"
    reader.unknown_sheets(excel.PRICE_SHEETS)
    stored = {p.item_code: p for p in UnitPrice.objects.filter(region=target, year=file_year)}
    rows: list[UnitPriceRow] = []
    cells: list[Cell | None] = []
    sheet = excel.SHEET_PRICES
    for r in reader.data_rows(sheet) if sheet in reader.book.rows else range(0):
        if reader.blank(sheet, r, reader.columns[sheet]):
            continue
        code, name, unit = (reader.text(Cell(sheet, r, c)) for c in range(3))
        price = reader.number(Cell(sheet, r, 3))
        old = stored.pop(code, None)
        if price is None:
            if old is None:
                continue
            price = old.price
        rows.append(UnitPriceRow(code, price, name, unit))
        cells.append(Cell(sheet, r, 3))
        if old is None or old.price != _as_decimal(price) or (old.name, old.unit) != (name, unit):
            result.changes.append(
                Change(
                    sheet,
                    r + 1,
                    f"{code} {name}",
                    format_id(old.price) if old else "–",
                    format_id(_as_decimal(price)) if _as_decimal(price) is not None else str(price),
                )
            )
    for old in stored.values():  # prices not in the file stay
        rows.append(UnitPriceRow(old.item_code, old.price, old.name, old.unit))
        cells.append(None)
    save = services.unit_prices_replace(
        actor=actor,
        region=target,
        year=file_year,
        rows=rows,
        dry_run=dry_run or bool(reader.errors) or not result.changes,
    )
    for e in save.errors:
        cell = cells[e.location.index] if e.location.index is not None else None
        if cell is not None and e.location.column == "item_code":
            cell = Cell(sheet, cell.row, 0)
        result.errors.append(reader.issue(cell, e.message, sheet))
    result.errors = reader.errors + result.errors
    if result.ok and not dry_run and result.changes:
        result.saved = save.saved
    return result


def _as_decimal(value: Decimal | str) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    try:
        return parse_id(value)
    except NumberError:
        return None
