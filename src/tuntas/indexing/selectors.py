"""Reads of the stored index, scoped to the actor. A period never computed is computed on
first read, so a fresh database answers without a rebuild."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from tuntas.accounts.models import User
from tuntas.accounts.scoping import can_view_region, visible_regions
from tuntas.catalog.models import Sector
from tuntas.catalog.selectors import index_rules_for_year, services_for_year
from tuntas.regions.models import Region

from .compute import RegionIndex, aggregate
from .inputs import input_from_json
from .models import IndexResult
from .services import index_recompute, index_recompute_many


def _require_view(actor: User, region: Region) -> None:
    if not can_view_region(actor, region):
        raise PermissionDenied(f"Pemda {region.code} tidak ditemukan atau di luar wewenang Anda.")


def _results(region: Region, year: int, quarter: int) -> list[IndexResult]:
    rows = list(IndexResult.objects.filter(region=region, year=year, quarter=quarter))
    if not rows:
        index_recompute(region=region, year=year, quarter=quarter)
        rows = list(IndexResult.objects.filter(region=region, year=year, quarter=quarter))
    return rows


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class StoredIndex:
    region: Region
    year: int
    quarter: int
    total: IndexResult
    sectors: list[IndexResult]
    services: list[IndexResult]

    def services_of(self, sector_code: str) -> list[IndexResult]:
        return [s for s in self.services if s.sector_code == sector_code]

    def as_dict(self) -> dict[str, Any]:
        """The CLI/API shape, as `compute.RegionIndex.as_dict`."""

        def part(r: IndexResult) -> dict[str, Any]:
            return {"index": _number(r.index), "category": r.category or None}

        return {
            **part(self.total),
            "sectors": {s.code: part(s) for s in self.sectors},
            "services": {
                s.code: {
                    **part(s),
                    "recipients_pct": _number(s.recipients_pct),
                    "quality_pct": _number(s.quality_pct),
                }
                for s in self.services
            },
        }


def _assemble(
    region: Region, year: int, quarter: int, rows: list[IndexResult], order: dict[str, int]
) -> StoredIndex:
    """Stored rows of one Pemda-period in the regulation's order (`order`: code -> position
    of services and sectors in the catalog)."""
    by_level: dict[str, list[IndexResult]] = {level: [] for level in IndexResult.Level.values}
    for r in rows:
        by_level[r.level].append(r)
    return StoredIndex(
        region,
        year,
        quarter,
        by_level["region"][0],
        sorted(by_level["sector"], key=lambda r: (order.get(r.code, len(order)), r.code)),
        sorted(by_level["service"], key=lambda r: (order.get(r.code, len(order)), r.code)),
    )


def _catalog_order(year: int, level: str) -> dict[str, int]:
    services = services_for_year(year, level=level).values_list("code", flat=True)
    order = {code: i for i, code in enumerate(services)}
    order.update(Sector.objects.values_list("code", "order"))
    return order


def _stored(region: Region, year: int, quarter: int) -> StoredIndex:
    rows = _results(region, year, quarter)
    return _assemble(region, year, quarter, rows, _catalog_order(year, region.level))


def index_get(*, actor: User, region: Region, year: int, quarter: int) -> StoredIndex:
    _require_view(actor, region)
    return _stored(region, year, quarter)


def index_explain(*, actor: User, region: Region, year: int, quarter: int) -> RegionIndex:
    """The full computation with its steps, rebuilt from the stored inputs and the year's rules
    (rendered in the reader's language)."""
    _require_view(actor, region)
    stored = _stored(region, year, quarter)
    inputs = [input_from_json(s.code, s.sector_code, s.explain) for s in stored.services]
    return aggregate(index_rules_for_year(year), inputs)


def index_trend(*, actor: User, region: Region, year: int) -> list[StoredIndex]:
    _require_view(actor, region)
    return [_stored(region, year, q) for q in (1, 2, 3, 4)]


def index_of_children(
    *, actor: User, province: Region, year: int, quarter: int
) -> list[StoredIndex]:
    """Each visible kabupaten/kota of a province with its stored index (computed if missing)."""
    _require_view(actor, province)
    children = list(visible_regions(actor).filter(parent=province).order_by("code"))
    have = set(
        IndexResult.objects.filter(
            region__in=children, year=year, quarter=quarter, level=IndexResult.Level.REGION
        ).values_list("region_id", flat=True)
    )
    missing = [c for c in children if c.code not in have]
    if missing:
        index_recompute_many(regions=missing, year=year, quarter=quarter)
    rows: dict[str, list[IndexResult]] = {c.code: [] for c in children}
    for r in IndexResult.objects.filter(region__in=children, year=year, quarter=quarter):
        rows[r.region_id].append(r)
    order = _catalog_order(year, Region.Level.REGENCY)
    return [_assemble(c, year, quarter, rows[c.code], order) for c in children]
