"""The dashboards' tables: one row generator per chart feeds the page's table, its chart and
its XLSX download, so the three never disagree."""

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from tuntas.accounts.models import User
from tuntas.approvals.selectors import (
    ChildRow,
    Reporting,
    province_overview,
    reporting_for_region,
)
from tuntas.catalog.models import Sector
from tuntas.core.templatetags.angka import angka, persen
from tuntas.regions.models import Region

from .selectors import StoredIndex, index_get, index_trend

Cell = str | int | float | Decimal | None


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    chart: str = "bar"  # Chart.js type
    label_column: int = 0
    value_columns: tuple[int, ...] = (1,)
    percent_columns: tuple[int, ...] = ()  # shares shown with "%"; an index has no unit

    def display_rows(self) -> list[list[str]]:
        """The rows as the page shows them (Indonesian number format)."""

        def show(j: int, value: Cell) -> str:
            if value is None or isinstance(value, str):
                return value or "–"
            return persen(value) if j in self.percent_columns else angka(value)

        return [[show(j, v) for j, v in enumerate(row)] for row in self.rows]

    def chart_data(self) -> dict[str, Any]:
        """For `json_script`: labels and one dataset per value column (None stays a gap)."""

        def number(value: Cell) -> float | None:
            return None if value is None or isinstance(value, str) else float(value)

        return {
            "type": self.chart,
            "labels": [str(r[self.label_column]) for r in self.rows],
            "datasets": [
                {"label": self.columns[c], "data": [number(r[c]) for r in self.rows]}
                for c in self.value_columns
            ],
        }


def _sector_names() -> dict[str, str]:
    return dict(Sector.objects.values_list("code", "name"))


def sector_table(stored: StoredIndex) -> Table:
    names = _sector_names()
    table = Table("bidang", _("Indeks per bidang"), [_("Bidang"), _("Indeks"), _("Kategori")])
    table.rows = [[names.get(s.code, s.code), s.index, s.category or "–"] for s in stored.sectors]
    table.rows.append([_("Pemda"), stored.total.index, stored.total.category or "–"])
    return table


def trend_table(trend: Sequence[StoredIndex]) -> Table:
    names = _sector_names()
    sectors = [s.code for s in trend[0].sectors] if trend else []
    table = Table(
        "tren",
        _("Tren indeks per triwulan"),
        [_("Triwulan"), _("Indeks Pemda"), *(names.get(c, c) for c in sectors)],
        chart="line",
        value_columns=tuple(range(1, len(sectors) + 2)),
    )
    for stored in trend:
        by_code = {s.code: s.index for s in stored.sectors}
        row: list[Cell] = [_("TW %(q)s") % {"q": stored.quarter}, stored.total.index]
        table.rows.append(row + [by_code.get(c) for c in sectors])
    return table


def below_target_table(stored: StoredIndex) -> Table:
    """Services with figures whose served share is under the target (capaian penerima < 100)."""
    table = Table(
        "di-bawah-target",
        _("Layanan di bawah target"),
        [_("Jenis pelayanan"), _("Capaian penerima"), _("Indeks"), _("Kategori")],
        value_columns=(1, 2),
        percent_columns=(1,),
    )
    table.rows = [
        [s.code, s.recipients_pct, s.index, s.category or "–"]
        for s in sorted(stored.services, key=lambda s: s.recipients_pct or Decimal(0))
        if s.recipients_pct is not None and s.recipients_pct < 100
    ]
    return table


def ranking_table(rows: list[ChildRow]) -> Table:
    table = Table(
        "peringkat",
        _("Peringkat kabupaten/kota"),
        [_("Kabupaten/kota"), _("Indeks"), _("Kategori"), _("Peringkat")],
    )
    ranked = sorted(rows, key=lambda r: (r.index is None, -(r.index or 0), r.region.code))
    table.rows = [
        [r.region.name, r.index, r.category or "–", i + 1 if r.index is not None else None]
        for i, r in enumerate(ranked)
    ]
    counted = [r.index for r in rows if r.index is not None]
    if counted:
        mean = sum(counted, Decimal(0)) / len(counted)
        table.rows.append([_("Rata-rata kabupaten/kota"), mean.quantize(Decimal("0.01")), "", None])
    return table


def _when(r: Reporting) -> str:
    if r.first_submitted is None:
        return "–"
    return date_format(localtime(r.first_submitted), "DATETIME_FORMAT")


def _reporting_table() -> Table:
    return Table(
        "pelaporan",
        _("Keterisian dan ketepatan waktu"),
        [_("Pelapor"), _("Keterisian"), _("Tepat waktu"), _("Pertama diajukan / batas")],
        value_columns=(1, 2),
        percent_columns=(1, 2),
    )


def reporting_table(rows: list[Reporting]) -> Table:
    """Per agency of a Pemda: completeness, and its first submission against the deadline."""
    table = _reporting_table()
    table.rows = [
        [
            x.agency.name,
            x.completeness,
            Decimal(100) if x.timely else Decimal(0),
            f"{_when(x)} / {date_format(x.due, 'DATE_FORMAT')}",
        ]
        for x in rows
    ]
    return table


def province_reporting_table(rows: list[ChildRow]) -> Table:
    """Per kabupaten/kota: mean completeness and the share of its agencies on time."""
    table = _reporting_table()
    table.rows = [
        [
            r.region.name,
            r.completeness,
            r.timely,
            date_format(r.reporting[0].due, "DATE_FORMAT") if r.reporting else "–",
        ]
        for r in rows
    ]
    return table


def dashboard_tables(actor: User, region: Region, year: int, quarter: int) -> list[Table]:
    stored = index_get(actor=actor, region=region, year=year, quarter=quarter)
    tables = [
        sector_table(stored),
        trend_table(index_trend(actor=actor, region=region, year=year)),
    ]
    if region.is_province:
        children = province_overview(actor=actor, province=region, year=year, quarter=quarter)
        tables += [ranking_table(children), province_reporting_table(children)]
    else:
        rows = reporting_for_region(actor=actor, region=region, year=year, quarter=quarter)
        tables.append(reporting_table(rows))
    tables.append(below_target_table(stored))
    return tables


def xlsx(table: Table) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(table.key[:31])
    bold = book.add_format({"bold": True})
    number = book.add_format({"num_format": "0.00"})
    sheet.write_row(0, 0, table.columns, bold)
    for i, row in enumerate(table.rows, start=1):
        for j, value in enumerate(row):
            if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
                sheet.write_number(i, j, float(value), number)
            elif value is None:
                sheet.write_blank(i, j, None)
            else:
                sheet.write_string(i, j, str(value))
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, len(table.columns), 16)
    book.close()
    return out.getvalue()
