"""Reads of the catalog. Reference data is public to every signed-in user, so no actor scope."""

from django.db.models import Prefetch, QuerySet

from .index_rules import IndexRules
from .models import CatalogEdition, IndexRuleSet, QualityItem, ServiceType


class NoCatalogForYear(LookupError):
    def __init__(self, what: str, year: int):
        super().__init__(f"Tidak ada {what} yang berlaku untuk tahun {year}.")


def edition_for_year(year: int) -> CatalogEdition:
    edition = CatalogEdition.objects.filter(valid_from__lte=year).order_by("-valid_from").first()
    if edition is None:
        raise NoCatalogForYear("katalog SPM", year)
    return edition


def services_for_year(
    year: int, *, level: str | None = None, with_items: bool = False
) -> QuerySet[ServiceType]:
    qs = ServiceType.objects.filter(edition=edition_for_year(year)).select_related("sector")
    if level:
        qs = qs.filter(level=level)
    if with_items:
        qs = qs.prefetch_related(
            Prefetch("quality_items", queryset=QualityItem.objects.order_by("order"))
        )
    # Provinsi before kabkota, as in the regulation's table.
    return qs.order_by("-level", "order")


def index_rules_for_year(year: int) -> IndexRules:
    rule_set = IndexRuleSet.objects.filter(valid_from__lte=year).order_by("-valid_from").first()
    if rule_set is None:
        raise NoCatalogForYear("aturan indeks", year)
    return IndexRules.from_json(rule_set.valid_from, rule_set.rules)
