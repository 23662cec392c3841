"""Excel templates (XlsxWriter): an agency's figures for a year, and a Pemda's SSH prices.

The layout here (sheet names, columns, the metadata block) is the contract with imports.py,
which reads the same constants back. Identifier cells are locked (sheet protection without a
password, so nobody breaks the file by accident); input cells are unlocked, formatted and
validated. Empty input cells mean "no change" on import.
"""

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from tuntas.accounts.models import User
from tuntas.accounts.scoping import can_manage_region
from tuntas.catalog.models import QualityItem
from tuntas.catalog.selectors import edition_for_year
from tuntas.organisation.models import Agency
from tuntas.regions.models import Region

from . import selectors
from .fields import FIELDS, QUARTERS, YEARLY, FigureKey
from .models import ActionItem, UnitPrice
from .needs import ServiceNeeds
from .state import AgencyYear

TEMPLATE_VERSION = 1
KIND_FIGURES = "angka"
KIND_PRICES = "ssh"
MAX_NEW_ROWS = 40  # empty rows offered for new budget lines / Rencana Aksi / per service
META_COLUMN = 25  # column Z of the Petunjuk sheet: hidden "key | value" metadata rows

SHEET_GUIDE = "Petunjuk"
SHEET_DATA = "1 Data"
SHEET_NEEDS = "2 Kebutuhan"  # computed, for reading only; the import skips it
SHEET_BUDGET = "3 Rencana"
SHEET_ACTIONS = "3 Rencana Aksi"
SHEET_DELIVERY = "4 Pelaksanaan"
SHEET_PRICES = "SSH"
FIGURE_SHEETS = (
    SHEET_GUIDE,
    SHEET_DATA,
    SHEET_NEEDS,
    SHEET_BUDGET,
    SHEET_ACTIONS,
    SHEET_DELIVERY,
)
PRICE_SHEETS = (SHEET_GUIDE, SHEET_PRICES)


def kind_label(kind: str) -> str:
    """What a template of `kind` is called in messages (the code itself is never shown)."""
    labels = {
        KIND_FIGURES: pgettext("template kind", "angka"),
        KIND_PRICES: pgettext("template kind", "SSH"),
    }
    return labels.get(kind, kind)


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    field: str  # what the reader maps the column to


def _data_columns() -> list[Column]:
    return [
        Column(_("Kode layanan"), 12, "service"),
        Column(_("Jenis pelayanan"), 40, "service_name"),
        Column(_("Isian"), 30, "label"),
        Column(_("Kode mutu"), 12, "item"),
        Column(_("Mutu pelayanan"), 40, "item_name"),
        Column(_("Satuan"), 12, "unit"),
        Column(_("Nilai"), 16, "value"),
        Column(_("Kunci"), 10, "key"),
    ]


def _delivery_columns() -> list[Column]:
    return [
        *_data_columns()[:5],
        *(Column(_("Triwulan %(q)s") % {"q": q}, 18, f"q{q}") for q in QUARTERS),
        Column(_("Kunci"), 10, "key"),
    ]


def _budget_columns() -> list[Column]:
    return [
        Column(_("Kode layanan"), 12, "service"),
        Column(_("Kode nomenklatur"), 22, "code"),
        Column(_("Nomenklatur (program/kegiatan/sub-kegiatan)"), 60, "name"),
        Column(_("Pagu anggaran (Rp)"), 20, "amount"),
    ]


def _action_columns() -> list[Column]:
    return [
        Column(_("Kode layanan"), 12, "service"),
        Column(_("Permasalahan"), 40, "problem"),
        Column(_("Penyebab"), 30, "cause"),
        Column(_("Rencana aksi"), 40, "action"),
        Column(_("Penanggung jawab"), 24, "person_in_charge"),
        Column(_("Tenggat"), 14, "deadline"),
        Column(_("Status"), 18, "status"),
    ]


def _price_columns() -> list[Column]:
    return [
        Column(_("Kode mutu"), 12, "item_code"),
        Column(_("Uraian"), 50, "name"),
        Column(_("Satuan"), 14, "unit"),
        Column(_("Harga satuan (Rp)"), 20, "price"),
    ]


def sheet_columns() -> dict[str, list[Column]]:
    """Columns of every data sheet, by sheet name (headers in the active language)."""
    return {
        SHEET_DATA: _data_columns(),
        SHEET_BUDGET: _budget_columns(),
        SHEET_ACTIONS: _action_columns(),
        SHEET_DELIVERY: _delivery_columns(),
        SHEET_PRICES: _price_columns(),
    }


class _Book:
    """A workbook with the house formats."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buffer, {"in_memory": True})
        add = self.wb.add_format
        self.header = add({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
        self.fixed = add({"bg_color": "#F2F2F2", "text_wrap": True, "valign": "top"})
        self.text = add({"locked": False, "text_wrap": True, "valign": "top"})
        self.int = add({"locked": False, "num_format": "#,##0"})
        self.decimal = add({"locked": False, "num_format": "#,##0.##"})
        self.money = add({"locked": False, "num_format": "#,##0.00"})
        self.date = add({"locked": False, "num_format": "dd/mm/yyyy"})
        self.title = add({"bold": True, "font_size": 14})
        self.wrap = add({"text_wrap": True, "valign": "top"})

    def number_format(self, kind: str) -> Format:
        return {"int": self.int, "decimal": self.decimal, "money": self.money}[kind]

    def sheet(self, name: str, columns: Sequence[Column]) -> Worksheet:
        ws = self.wb.add_worksheet(name)
        for i, col in enumerate(columns):
            ws.set_column(i, i, col.width, None, {"hidden": col.field == "key"})
            ws.write_string(0, i, col.header, self.header)
        ws.freeze_panes(1, 0)
        ws.protect("", {"format_columns": True, "format_rows": True, "autofilter": True})
        return ws

    def guide(
        self, title: str, lines: Sequence[str], meta: dict[str, str | int], info: Sequence[str]
    ) -> None:
        ws = self.wb.add_worksheet(SHEET_GUIDE)
        ws.set_column(0, 0, 110)
        ws.write_string(0, 0, title, self.title)
        row = 2
        for text in [*info, "", *lines]:
            ws.write_string(row, 0, text, self.wrap)
            row += 1
        ws.set_column(META_COLUMN, META_COLUMN + 1, 14, None, {"hidden": True})
        for i, (key, value) in enumerate(meta.items()):
            ws.write_string(i, META_COLUMN, key)
            ws.write_string(i, META_COLUMN + 1, str(value))
        ws.protect("")
        ws.activate()

    def close(self) -> bytes:
        self.wb.close()
        return self.buffer.getvalue()


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _write_input(
    book: _Book, ws: Worksheet, row: int, col: int, kind: str, value: Any, validate: bool = True
) -> None:
    """An unlocked input cell holding `value`; number cells refuse negatives in Excel too."""
    if kind == "text":
        ws.write_string(row, col, value or "", book.text)
        return
    fmt = book.number_format(kind)
    if value is None:
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_number(row, col, value, fmt)
    if not validate:
        return
    ws.data_validation(
        row,
        col,
        row,
        col,
        {
            "validate": "integer" if kind == "int" else "decimal",
            "criteria": ">=",
            "value": 0,
            "error_title": _("Isian tidak sah"),
            "error_message": _("Isi dengan angka tidak negatif (bilangan bulat).")
            if kind == "int"
            else _("Isi dengan angka tidak negatif."),
        },
    )


def _guide_lines() -> list[str]:
    return [
        _("Cara mengisi:"),
        _(
            "1. Isi sel berwarna putih saja. Sel abu-abu (kode, nama, isian) dikunci dan "
            "tidak boleh diubah; jangan mengganti nama atau urutan lembar dan kolom."
        ),
        _(
            "2. Sel yang dikosongkan berarti TIDAK ADA PERUBAHAN: angka yang tersimpan tetap. "
            "Untuk menghapus angka, gunakan formulir di aplikasi."
        ),
        _(
            "3. Isi angka sebagai nilai, bukan rumus. Angka boleh ditulis cara Indonesia "
            "(1.234,5). Sel berisi galat (#VALUE!, #DIV/0! dan sebagainya) ditolak."
        ),
        _(
            "4. Lembar '1 Data': sasaran penerima per jenis pelayanan, ketersediaan barang/jasa "
            "dan SDM per mutu pelayanan. Lembar '4 Pelaksanaan': angka kumulatif per triwulan "
            "(dilayani, tersalurkan, realisasi anggaran), permasalahan dan solusi."
        ),
        _(
            "5. Lembar '3 Rencana' dan '3 Rencana Aksi': baris suatu jenis pelayanan "
            "MENGGANTIKAN seluruh baris tersimpan jenis pelayanan itu. Jenis pelayanan tanpa "
            "baris di lembar tidak diubah. Tambahkan baris baru di bawah dengan mengisi kode "
            "layanan."
        ),
        _(
            "6. Saat diunggah, seluruh berkas diperiksa lebih dahulu. Bila ada satu kesalahan "
            "saja, tidak ada yang disimpan; setiap kesalahan disebutkan dengan lembar, baris, "
            "kolom dan alasannya."
        ),
        _(
            "Lembar '2 Kebutuhan' hanya untuk dibaca: dihitung aplikasi dari angka tahap 1 dan "
            "SSH saat templat diunduh, dan tidak diimpor."
        ),
    ]


def figures_template(st: AgencyYear, needs: Sequence[ServiceNeeds]) -> bytes:
    """The entry template of `st.agency` for `st.year`, prefilled with the stored figures,
    with the computed needs as a sheet to read."""
    agency, year = st.agency, st.year
    book = _Book()
    book.guide(
        _("Templat angka penerapan SPM"),
        _guide_lines(),
        {
            "jenis": KIND_FIGURES,
            "pemda": agency.region_id,
            "perangkat_daerah": agency.code,
            "tahun": year,
            "versi": TEMPLATE_VERSION,
        },
        [
            _("Pemda: %(region)s (%(code)s)")
            % {"region": agency.region.name, "code": agency.region_id},
            _("Perangkat daerah: %(agency)s (%(code)s)")
            % {"agency": agency.name, "code": agency.code},
            _("Tahun: %(year)s") % {"year": year},
            _("Jenis pelayanan: %(codes)s") % {"codes": ", ".join(st.services) or "–"},
        ],
    )
    _data_sheet(book, st)
    _needs_sheet(book, needs)
    _budget_sheet(book, st)
    _action_sheet(book, st)
    _delivery_sheet(book, st)
    return book.close()


def _rows(st: AgencyYear, keys: Sequence[str]) -> list[tuple[str, str, str, str, str]]:
    """(service, key, item code, item name, unit) for each figure row of `keys`, in order."""
    out = []
    for code, service in st.services.items():
        for key in keys:
            kind = FIELDS[key].item_kind
            if not kind:
                out.append((code, key, "", "", ""))
                continue
            for item in service.quality_items.all():
                if item.kind == kind:
                    out.append((code, key, item.code, item.name, item.unit))
    return out


def _fixed(book: _Book, ws: Worksheet, row: int, values: Sequence[str]) -> None:
    for col, value in enumerate(values):
        ws.write_string(row, col, value, book.fixed)


def _stored(st: AgencyYear, fk: FigureKey) -> Any:
    row = st.rows.get(fk)
    if row is None:
        return None
    return row.text if FIELDS[fk.key].is_text else _number(row.value)


def _data_sheet(book: _Book, st: AgencyYear) -> None:
    columns = _data_columns()
    ws = book.sheet(SHEET_DATA, columns)
    for r, (code, key, item, item_name, unit) in enumerate(
        _rows(st, ("target", "available", "staff")), 1
    ):
        name = st.services[code].name
        _fixed(book, ws, r, [code, name, str(FIELDS[key].label), item, item_name, unit])
        value = _stored(st, FigureKey(code, YEARLY, key, item))
        _write_input(book, ws, r, 6, FIELDS[key].kind, value)
        ws.write_string(r, 7, key)


def _delivery_sheet(book: _Book, st: AgencyYear) -> None:
    columns = _delivery_columns()
    ws = book.sheet(SHEET_DELIVERY, columns)
    keys = ("served", "delivered", "realised", "problems", "solutions")
    for r, (code, key, item, item_name, _unit) in enumerate(_rows(st, keys), 1):
        _fixed(book, ws, r, [code, st.services[code].name, str(FIELDS[key].label), item, item_name])
        for q in QUARTERS:
            value = _stored(st, FigureKey(code, q, key, item))
            _write_input(book, ws, r, 4 + q, FIELDS[key].kind, value)
        ws.write_string(r, 9, key)


def _service_list(book: _Book, ws: Worksheet, st: AgencyYear, first: int, last: int) -> None:
    ws.data_validation(
        first,
        0,
        last,
        0,
        {
            "validate": "list",
            "source": list(st.services) or [""],
            "error_title": _("Kode layanan tidak dikenal"),
            "error_message": _("Pilih kode jenis pelayanan yang diampu perangkat daerah ini."),
        },
    )


def _needs_columns() -> list[Column]:
    return [
        Column(_("Kode layanan"), 12, "service"),
        Column(_("Kode mutu"), 12, "item"),
        Column(_("Mutu pelayanan"), 40, "item_name"),
        Column(_("Satuan"), 12, "unit"),
        Column(_("Kebutuhan"), 14, "need"),
        Column(_("Tersedia"), 14, "available"),
        Column(_("Kekurangan"), 14, "gap"),
        Column(_("Harga satuan (Rp)"), 18, "unit_price"),
        Column(_("Biaya kekurangan (Rp)"), 20, "cost"),
        Column(_("Keterangan"), 50, "missing"),
    ]


def _needs_sheet(book: _Book, needs: Sequence[ServiceNeeds]) -> None:
    ws = book.sheet(SHEET_NEEDS, _needs_columns())
    fmt = book.wb.add_format({"num_format": "#,##0.##", "bg_color": "#F2F2F2"})
    rows = [(s.service_code, i) for s in needs for i in (*s.goods, *s.personnel)]
    for r, (code, item) in enumerate(rows, 1):
        _fixed(book, ws, r, [code, item.code, item.name, item.unit])
        for col, value in enumerate(
            (item.need, item.available, item.gap, item.unit_price, item.cost), 4
        ):
            if value is None:
                ws.write_blank(r, col, None, fmt)
            else:
                ws.write_number(r, col, float(value), fmt)
        ws.write_string(r, 9, item.missing, book.fixed)


def _budget_sheet(book: _Book, st: AgencyYear) -> None:
    ws = book.sheet(SHEET_BUDGET, _budget_columns())
    lines = [line for code in st.services for line in st.budget_lines.get(code, [])]
    last = len(lines) + MAX_NEW_ROWS
    for r in range(1, last + 1):
        line = lines[r - 1] if r <= len(lines) else None
        ws.write_string(r, 0, line.service.code if line else "", book.text)
        ws.write_string(r, 1, line.code if line else "", book.text)
        ws.write_string(r, 2, line.name if line else "", book.text)
        _write_input(book, ws, r, 3, "money", _number(line.amount) if line else None, False)
    _service_list(book, ws, st, 1, last)
    ws.data_validation(
        1,
        3,
        last,
        3,
        {
            "validate": "decimal",
            "criteria": ">=",
            "value": 0,
            "error_message": _("Isi dengan angka tidak negatif."),
        },
    )


def status_labels() -> dict[str, str]:
    """Status value by its label as written in the template."""
    return {str(label): value for value, label in ActionItem.Status.choices}


def _action_sheet(book: _Book, st: AgencyYear) -> None:
    ws = book.sheet(SHEET_ACTIONS, _action_columns())
    items = [a for code in st.services for a in st.actions.get(code, [])]
    last = len(items) + MAX_NEW_ROWS
    for r in range(1, last + 1):
        a = items[r - 1] if r <= len(items) else None
        texts = [a.service.code, a.problem, a.cause, a.action, a.person_in_charge] if a else []
        for col in range(5):
            ws.write_string(r, col, texts[col] if a else "", book.text)
        if a:
            ws.write_datetime(r, 5, a.deadline, book.date)
        else:
            ws.write_blank(r, 5, None, book.date)
        ws.write_string(r, 6, a.get_status_display() if a else "", book.text)
    _service_list(book, ws, st, 1, last)
    ws.data_validation(
        1,
        5,
        last,
        5,
        {
            "validate": "date",
            "criteria": ">=",
            "value": dt.date(2000, 1, 1),
            "error_message": _("Isi tanggal dengan format hh/bb/tttt."),
        },
    )
    ws.data_validation(1, 6, last, 6, {"validate": "list", "source": list(status_labels())})


def prices_template(
    region: Region, year: int, items: Sequence[QualityItem], prices: dict[str, UnitPrice]
) -> bytes:
    """The SSH template of a Pemda for `year`: one row per goods/personnel quality item of the
    year's catalog, prefilled with the stored price."""
    book = _Book()
    book.guide(
        _("Templat standar harga satuan (SSH)"),
        [
            _("Isi kolom Harga satuan (Rp) untuk setiap mutu pelayanan yang dianggarkan."),
            _(
                "Harga yang dikosongkan berarti TIDAK ADA PERUBAHAN: harga tersimpan tetap. "
                "Uraian dan satuan boleh disesuaikan dengan SSH Pemda."
            ),
            _(
                "Seluruh berkas diperiksa lebih dahulu; bila ada kesalahan, tidak ada yang "
                "disimpan."
            ),
        ],
        {"jenis": KIND_PRICES, "pemda": region.code, "tahun": year, "versi": TEMPLATE_VERSION},
        [
            _("Pemda: %(region)s (%(code)s)") % {"region": region.name, "code": region.code},
            _("Tahun: %(year)s") % {"year": year},
        ],
    )
    ws = book.sheet(SHEET_PRICES, _price_columns())
    seen: set[str] = set()
    r = 0
    for item in items:
        if item.code in seen:
            continue
        seen.add(item.code)
        r += 1
        price = prices.get(item.code)
        ws.write_string(r, 0, item.code, book.fixed)
        ws.write_string(r, 1, price.name if price and price.name else item.name, book.text)
        ws.write_string(r, 2, price.unit if price and price.unit else item.unit, book.text)
        _write_input(book, ws, r, 3, "money", _number(price.price) if price else None)
    return book.close()


# --- for views and the command: permission first, then the file ----------------------------


def figures_template_get(*, actor: User, agency: Agency, year: int) -> bytes:
    """The agency's template, for whoever may enter its figures (PermissionDenied otherwise)."""
    sheet = selectors.figures_get(actor=actor, agency=agency, year=year)
    if not sheet.writable:
        raise PermissionDenied(
            _("Anda tidak berwenang mengisi angka %(agency)s.") % {"agency": agency.name}
        )
    needs = selectors.needs_for_agency(actor=actor, agency=agency, year=year)
    return figures_template(sheet.state, needs)


def prices_template_get(*, actor: User, region: Region, year: int) -> bytes:
    """The Pemda's SSH template, for its koordinator or admin (PermissionDenied otherwise)."""
    if not can_manage_region(actor, region):
        raise PermissionDenied(
            _("Anda tidak berwenang mengatur SSH %(region)s.") % {"region": region.name}
        )
    items = QualityItem.objects.filter(
        service__edition=edition_for_year(year),
        kind__in=[QualityItem.Kind.GOODS, QualityItem.Kind.PERSONNEL],
    ).order_by("service__order", "order")
    prices = selectors.unit_prices_get(actor=actor, region=region, year=year)
    return prices_template(region, year, list(items), prices)
