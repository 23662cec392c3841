"""Writes of the stored index. `index_recompute` is called by the figures service after a save
commits (explicitly, no signals) and by the demo, the CLI and the benchmark.

Recompute is a derived-data refresh, not a user's change: it needs no permission of its own
(whoever could change the figures may refresh what follows from them) and no audit trail.
"""

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from tuntas.catalog.index_rules import IndexRules
from tuntas.catalog.selectors import index_rules_for_year
from tuntas.figures.fields import QUARTERS, YEARLY
from tuntas.regions.models import Region

from .compute import RegionIndex, aggregate, display_value
from .inputs import CatalogService, catalog_services, figure_sums, input_as_json, service_inputs
from .models import IndexResult


def _rows(
    rules: IndexRules,
    region: str,
    year: int,
    quarter: int,
    result: RegionIndex,
    inputs: dict[str, dict[str, object]],
) -> list[IndexResult]:
    now = timezone.now()
    common = {"region_id": region, "year": year, "quarter": quarter, "computed_at": now}
    rows = [
        IndexResult(
            **common,
            level=IndexResult.Level.SERVICE,
            code=code,
            sector_code=s.sector_code,
            index=s.index_shown,
            category=s.category or "",
            recipients_pct=s.recipients_shown,
            quality_pct=s.quality_shown,
            explain=inputs[code],
        )
        for code, s in result.services.items()
    ]
    rows += [
        IndexResult(
            **common,
            level=IndexResult.Level.SECTOR,
            code=code,
            sector_code=code,
            index=s.index_shown,
            category=s.category or "",
        )
        for code, s in result.sectors.items()
    ]
    rows.append(
        IndexResult(
            **common,
            level=IndexResult.Level.REGION,
            index=display_value(rules, result.index),
            category=result.category or "",
        )
    )
    return rows


def _compute(regions: Sequence[Region], year: int, quarters: Sequence[int]) -> list[IndexResult]:
    rules = index_rules_for_year(year)
    sums = figure_sums((r.code for r in regions), year)
    catalogs: dict[str, list[CatalogService]] = {}
    rows: list[IndexResult] = []
    for region in regions:
        services = catalogs.setdefault(region.level, catalog_services(year, region.level))
        for q in quarters:
            inputs = service_inputs(services, sums, region.code, q)
            result = aggregate(rules, inputs)
            rows += _rows(
                rules, region.code, year, q, result, {s.code: input_as_json(s) for s in inputs}
            )
    return rows


@transaction.atomic
def index_recompute_many(
    *, regions: Sequence[Region], year: int, quarter: int | None = None
) -> int:
    """Recompute and replace the stored index of `regions` for one quarter (None: all four);
    returns the number of rows written."""
    quarters = QUARTERS if quarter is None else (quarter,)
    rows = _compute(regions, year, quarters)
    IndexResult.objects.filter(
        region__in=[r.code for r in regions], year=year, quarter__in=quarters
    ).delete()
    IndexResult.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def index_recompute(*, region: Region, year: int, quarter: int | None = None) -> int:
    return index_recompute_many(regions=[region], year=year, quarter=quarter)


def index_recompute_on_commit(*, region: Region, year: int, quarters: Iterable[int]) -> None:
    """After the caller's transaction commits, recompute the quarters whose figures changed
    (`quarters` as saved: 0, a yearly figure, affects all four)."""
    changed = set(quarters)
    quarter = changed.pop() if len(changed) == 1 and YEARLY not in changed else None
    transaction.on_commit(lambda: index_recompute(region=region, year=year, quarter=quarter))
