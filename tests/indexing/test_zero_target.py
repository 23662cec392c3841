"""A zero target (no disaster, no outbreak): exclude, count as full, or count as zero."""

from dataclasses import replace
from decimal import Decimal

import pytest

from tuntas.catalog.index_rules import IndexRules
from tuntas.indexing.compute import QualityInput, ServiceInput, aggregate

FULL = [QualityInput("B1", 1, 1)]


@pytest.mark.parametrize(
    ("policy", "service", "sector", "text"),
    [
        # The other service: 7 / 8 = 87,5; 0,8 × 87,5 + 0,2 × 100 = 90.
        ("exclude", None, "90", "Indeks: sasaran nol, tidak dihitung"),  # sector = 90 / 1
        ("full", "100", "95", "Indeks = sasaran nol, dianggap penuh = 100,00"),  # (90 + 100) / 2
        ("zero", "0", "45", "Indeks = sasaran nol, dianggap nol = 0,00"),  # (90 + 0) / 2
    ],
)
def test_zero_target_policy(
    rules: IndexRules, policy: str, service: str | None, sector: str, text: str
) -> None:
    services = [
        ServiceInput("S1", "sosial", 8, 7, FULL),
        ServiceInput("S5", "sosial", 0, 0, FULL),
    ]
    result = aggregate(replace(rules, zero_target_policy=policy), services)
    zero = result.services["S5"]
    assert zero.index == (None if service is None else Decimal(service))
    assert zero.recipients_pct == zero.index
    assert zero.quality_pct is None
    assert [step.text for step in zero.explain] == [text]
    assert result.sectors["sosial"].index == Decimal(sector)


def test_shipped_rules_exclude_a_zero_target(rules: IndexRules) -> None:
    result = aggregate(rules, [ServiceInput("S5", "sosial", 0, 0, FULL)])
    assert rules.zero_target_policy == "exclude"
    assert result.services["S5"].category is None
    assert (result.sectors["sosial"].index, result.index) == (None, None)
