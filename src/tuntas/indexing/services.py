"""Writes of the stored index. `index_recompute` is called by the figures service after a save
commits (explicitly, no signals) and by the demo, the CLI and the benchmark.

Recompute is a derived-data refresh, not a user's change: it needs no permission of its own
(whoever could change the figures may refresh what follows from them) and no audit trail.
"""

import datetime as dt
import gc
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from tuntas.catalog.index_rules import IndexRules
from tuntas.catalog.selectors import index_rules_for_year
from tuntas.figures.fields import QUARTERS, YEARLY
from tuntas.regions.models import Region

from .compute import RegionIndex, aggregate, display_value
from .inputs import CatalogService, catalog_services, figure_sums, input_as_json, service_inputs
from .models import IndexResult

# One stored row, in the order of _COLUMNS: plain tuples, as a national run writes ~80,000.
Row = tuple[Any, ...]
_COLUMNS = (
    "region_id",
    "year",
    "quarter",
    "level",
    "code",
    "sector_code",
    "index",
    "category",
    "recipients_pct",
    "quality_pct",
    "explain",
    "computed_at",
)


def _rows(
    rules: IndexRules,
    period: tuple[str, int, int],
    result: RegionIndex,
    inputs: dict[str, dict[str, Any]],
    now: dt.datetime,
) -> list[Row]:
    rows: list[Row] = [
        (
            *period,
            IndexResult.Level.SERVICE.value,
            code,
            s.sector_code,
            s.index_shown,
            s.category or "",
            s.recipients_shown,
            s.quality_shown,
            inputs[code],
            now,
        )
        for code, s in result.services.items()
    ]
    rows += [
        (
            *period,
            IndexResult.Level.SECTOR.value,
            code,
            code,
            s.index_shown,
            s.category or "",
            None,
            None,
            {},
            now,
        )
        for code, s in result.sectors.items()
    ]
    region = IndexResult.Level.REGION.value
    index = display_value(rules, result.index)
    rows.append((*period, region, "", "", index, result.category or "", None, None, {}, now))
    return rows


def _compute(regions: Sequence[Region], year: int, quarters: Sequence[int]) -> list[Row]:
    rules = index_rules_for_year(year)
    sums = figure_sums((r.code for r in regions), year)
    catalogs: dict[str, list[CatalogService]] = {}
    rows: list[Row] = []
    now = timezone.now()
    for region in regions:
        if region.level not in catalogs:
            catalogs[region.level] = catalog_services(year, region.level)
        services = catalogs[region.level]
        for q, inputs in service_inputs(services, sums, region.code, quarters).items():
            result = aggregate(rules, inputs)
            explain = {s.code: input_as_json(s) for s in inputs}
            rows += _rows(rules, (region.code, year, q), result, explain, now)
    return rows


@transaction.atomic
def index_recompute_many(
    *, regions: Sequence[Region], year: int, quarter: int | None = None
) -> int:
    """Recompute and replace the stored index of `regions` for one quarter (None: all four);
    returns the number of rows written."""
    quarters = QUARTERS if quarter is None else (quarter,)
    with _collector_paused():
        rows = _compute(regions, year, quarters)
        IndexResult.objects.filter(
            region__in=[r.code for r in regions], year=year, quarter__in=quarters
        ).delete()
        _insert(rows)
    return len(rows)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A national run allocates millions of small objects that all live until written; the
    cyclic garbage collector would rescan them again and again (two thirds of the run time).
    Nothing here makes cycles worth collecting, so it waits until the rows are written."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _insert(rows: list[Row]) -> None:
    """COPY on PostgreSQL (INSERT spends seconds adapting a national run), bulk_create
    elsewhere."""
    if connection.vendor != "postgresql":
        objects = (IndexResult(**dict(zip(_COLUMNS, r, strict=True))) for r in rows)
        IndexResult.objects.bulk_create(objects, batch_size=2000)
        return
    table = IndexResult._meta.db_table
    columns = ", ".join(f'"{c}"' for c in _COLUMNS)
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for r in rows:
            copy.write_row((*r[:10], json.dumps(r[10], separators=(",", ":")), r[11]))


def index_recompute(*, region: Region, year: int, quarter: int | None = None) -> int:
    return index_recompute_many(regions=[region], year=year, quarter=quarter)


def index_recompute_on_commit(*, region: Region, year: int, quarters: Iterable[int]) -> None:
    """After the caller's transaction commits, recompute the quarters whose figures changed
    (`quarters` as saved: 0, a yearly figure, affects all four)."""
    changed = set(quarters)
    quarter = changed.pop() if len(changed) == 1 and YEARLY not in changed else None
    # robust: the figures are saved whatever happens; a failed refresh is logged (and
    # `tuntas index --recompute` redoes it) instead of failing a request that succeeded.
    transaction.on_commit(
        lambda: index_recompute(region=region, year=year, quarter=quarter), robust=True
    )
