"""Figures of Pemda read into the pure computation's `ServiceInput`s (no permission check:
services and selectors check the actor first).

Per service and quarter: target = the yearly stage-1 target; served = the quarter's cumulative
"served to standard"; each quality item's requirement comes from the needs arithmetic (goods:
target × norm; personnel: ceil(target / ratio)) and its availability is what was delivered by
the quarter (goods, cumulative) or the staff in post (personnel). Several agencies carrying one
service add up. See docs/decisions.md.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection

from tuntas.catalog.models import QualityItem
from tuntas.catalog.selectors import services_for_year
from tuntas.figures.fields import YEARLY
from tuntas.figures.models import FigureValue

from .compute import QualityInput, ServiceInput

INDEX_KEYS = ("target", "served", "delivered", "staff")


@dataclass(frozen=True)
class CatalogItem:
    pk: int
    code: str
    goods: bool
    norm: Decimal | None
    ratio: Decimal | None


@dataclass(frozen=True)
class CatalogService:
    pk: int
    code: str
    sector_code: str
    items: tuple[CatalogItem, ...]


def catalog_services(year: int, level: str) -> list[CatalogService]:
    """The services of a Pemda level in `year`'s catalog, in the regulation's order."""
    return [
        CatalogService(
            s.pk,
            s.code,
            s.sector_id,
            tuple(
                CatalogItem(i.pk, i.code, i.kind == QualityItem.Kind.GOODS, i.norm, i.ratio)
                for i in s.quality_items.all()
                # Procedures (tata cara) have no countable requirement.
                if i.kind != QualityItem.Kind.PROCEDURE
            ),
        )
        for s in services_for_year(year, level=level, with_items=True)
    ]


# (region code, service pk, quarter, key, item pk or None) -> summed value
Sums = dict[tuple[str, int, int, str, int | None], Decimal]


def figure_sums(region_codes: Iterable[str], year: int) -> Sums:
    """The index's figures of several Pemda summed per service, quarter, key and item (several
    agencies may carry one service): one query for a national run."""
    query = (
        FigureValue.objects.filter(
            agency__region_id__in=list(region_codes),
            year=year,
            key__in=INDEX_KEYS,
            value__isnull=False,
        )
        .order_by()
        .values_list("agency__region_id", "service_id", "quarter", "key", "item_id", "value")
    )
    # The ORM's SQL on a plain cursor, summed here: skipping the per-value converters of
    # values_list and a GROUP BY over 400,000 rows saves over a second on a national run.
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    sums: dict[tuple[str, int, int, str, int | None], Decimal] = {}
    for region, service, quarter, key, item, value in rows:
        at = (region, service, quarter, key, item)
        sums[at] = sums[at] + _decimal(value) if at in sums else _decimal(value)
    return {at: plain(total) for at, total in sums.items()}


def _decimal(total: Decimal | float | int) -> Decimal:
    """SQLite gives decimals as floats on a plain cursor; figures have at most two decimals."""
    if isinstance(total, Decimal):
        return total
    return Decimal(repr(total)).quantize(Decimal("0.01"))


def plain(value: Decimal) -> Decimal:
    """Without the column's trailing zeros, so the explanation shows 8.120, not 8.120,00."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _required(item: CatalogItem, target: Decimal | None) -> Decimal | None:
    if target is None:
        return None
    if item.goods:
        return None if item.norm is None else plain(target * item.norm)
    if not item.ratio:
        return None
    return Decimal(math.ceil(target / item.ratio))


def service_inputs(
    services: list[CatalogService], sums: Sums, region: str, quarters: Sequence[int]
) -> dict[int, list[ServiceInput]]:
    """A Pemda's inputs per quarter; the yearly parts (target, requirements, staff) are read
    once for all quarters."""
    out: dict[int, list[ServiceInput]] = {q: [] for q in quarters}
    for s in services:
        target = sums.get((region, s.pk, YEARLY, "target", None))
        yearly = [
            (
                i,
                _required(i, target),
                None if i.goods else sums.get((region, s.pk, YEARLY, "staff", i.pk)),
            )
            for i in s.items
        ]
        for q in quarters:
            quality = tuple(
                QualityInput(
                    i.code,
                    required,
                    sums.get((region, s.pk, q, "delivered", i.pk)) if i.goods else staff,
                )
                for i, required, staff in yearly
            )
            served = sums.get((region, s.pk, q, "served", None))
            out[q].append(ServiceInput(s.code, s.sector_code, target, served, quality))
    return out


def input_as_json(s: ServiceInput) -> dict[str, Any]:
    """What the explanation is rebuilt from (strings keep Decimals exact)."""

    def text(value: Decimal | int | None) -> str | None:
        return None if value is None else str(value)

    return {
        "target": text(s.target),
        "served": text(s.served_to_standard),
        "quality": [[q.item_code, text(q.required), text(q.available)] for q in s.quality],
    }


def input_from_json(code: str, sector_code: str, data: dict[str, Any]) -> ServiceInput:
    def number(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    return ServiceInput(
        code,
        sector_code,
        number(data.get("target")),
        number(data.get("served")),
        tuple(QualityInput(c, number(r), number(a)) for c, r, a in data.get("quality", [])),
    )
