"""Sector and Pemda indices, and the JSON form the CLI will print."""

import json
from dataclasses import replace
from decimal import Decimal

import pytest

from tuntas.catalog.index_rules import IndexRules
from tuntas.indexing.compute import QualityInput, ServiceInput, aggregate

FULL = [QualityInput("B1", 1, 1)]

SERVICES = [
    ServiceInput("P1", "pendidikan", 100, 100, FULL),  # 80 + 20 = 100
    ServiceInput("P2", "pendidikan", 100, 50, FULL),  # 40 + 20 = 60
    ServiceInput("K1", "kesehatan", 8, 7, FULL),  # 0,8 × 87,5 + 20 = 90
    ServiceInput("K2", "kesehatan", None, None, FULL),  # no figures: not counted
    ServiceInput("S1", "sosial", None, None, FULL),  # the sector has nothing counted
]


def test_sector_is_the_mean_of_its_counted_services(rules: IndexRules) -> None:
    result = aggregate(rules, SERVICES)
    pendidikan, kesehatan, sosial = (
        result.sectors[c] for c in ("pendidikan", "kesehatan", "sosial")
    )
    assert (pendidikan.index, pendidikan.category) == (Decimal(80), "Tuntas Madya")  # (100+60)/2
    assert (kesehatan.index, kesehatan.category) == (Decimal(90), "Tuntas Utama")  # 90 / 1
    assert (sosial.index, sosial.category) == (None, None)
    assert list(kesehatan.services) == ["K1", "K2"]


def test_region_is_the_mean_of_sectors_with_an_index(rules: IndexRules) -> None:
    # (80 + 90) / 2 = 85; sosial, with nothing counted, is left out rather than counted as 0.
    result = aggregate(rules, SERVICES)
    assert (result.index, result.category) == (Decimal(85), "Tuntas Madya")


def test_region_as_mean_of_services_is_a_rule_option(rules: IndexRules) -> None:
    # (100 + 60 + 90) / 3 = 83,333…
    result = aggregate(replace(rules, region_aggregation="mean_of_services"), SERVICES)
    assert result.index_shown == Decimal("83.33")
    assert result.category == "Tuntas Madya"
    assert result.sectors["pendidikan"].index == Decimal(80)


def test_nothing_counted_gives_no_index(rules: IndexRules) -> None:
    result = aggregate(rules, [ServiceInput("K1", "kesehatan", None, None)])
    assert (result.index, result.category) == (None, None)
    assert result.as_dict()["index"] is None


def test_a_service_listed_twice_is_refused(rules: IndexRules) -> None:
    with pytest.raises(ValueError, match="Layanan P1 muncul dua kali"):
        aggregate(rules, [SERVICES[0], SERVICES[0]])


def test_json_form(rules: IndexRules) -> None:
    data = json.loads(json.dumps(aggregate(rules, SERVICES).as_dict()))
    full = {"category": "Tuntas Paripurna", "recipients_pct": 100.0, "quality_pct": 100.0}
    missing = {"index": None, "category": None, "recipients_pct": None, "quality_pct": None}
    assert data == {
        "index": 85.0,
        "category": "Tuntas Madya",
        "sectors": {
            "pendidikan": {"index": 80.0, "category": "Tuntas Madya"},
            "kesehatan": {"index": 90.0, "category": "Tuntas Utama"},
            "sosial": {"index": None, "category": None},
        },
        "services": {
            "P1": {"index": 100.0, **full},
            "P2": {
                "index": 60.0,
                "category": "Tuntas Muda",
                "recipients_pct": 50.0,
                "quality_pct": 100.0,
            },
            "K1": {
                "index": 90.0,
                "category": "Tuntas Utama",
                "recipients_pct": 87.5,
                "quality_pct": 100.0,
            },
            "K2": missing,
            "S1": missing,
        },
    }
