"""One service's index: weights, the recipients cap, mutu as a mean of capped ratios."""

from dataclasses import replace
from decimal import Decimal

import pytest

from tuntas.catalog.index_rules import IndexRules
from tuntas.indexing.compute import QualityInput, ServiceInput, service_index

FULL = [QualityInput("B1", 1, 1)]


def test_weights_favour_recipients(rules: IndexRules) -> None:
    # Half the recipients, full mutu: 0,8 × 50 + 0,2 × 100 = 40 + 20 = 60.
    half_served = service_index(rules, ServiceInput("K1", "kesehatan", 100, 50, FULL))
    # Every recipient, half the mutu: 0,8 × 100 + 0,2 × 50 = 80 + 10 = 90.
    half_quality = ServiceInput("K2", "kesehatan", 100, 100, [QualityInput("B1", 2, 1)])
    assert half_served.index == Decimal(60)
    assert service_index(rules, half_quality).index == Decimal(90)
    # Equal weights would make both 0,5 × 50 + 0,5 × 100 = 75.
    even = replace(rules, recipients_weight=Decimal("0.5"), quality_weight=Decimal("0.5"))
    assert service_index(even, half_quality).index == Decimal(75)
    assert service_index(even, ServiceInput("K1", "kesehatan", 100, 50, FULL)).index == 75


def test_recipients_are_capped_at_100(rules: IndexRules) -> None:
    # 130 served against a target of 100: min(100; 130) = 100; index 80 + 20 = 100.
    over = ServiceInput("K1", "kesehatan", 100, 130, FULL)
    result = service_index(rules, over)
    assert (result.recipients_pct, result.index) == (Decimal(100), Decimal(100))
    assert result.category == "Tuntas Paripurna"
    # A rule set without a cap: 0,8 × 130 + 0,2 × 100 = 104 + 20 = 124.
    assert service_index(replace(rules, recipients_cap=None), over).index == Decimal(124)


def test_quality_is_the_mean_of_capped_ratios(rules: IndexRules) -> None:
    items = [
        QualityInput("B1", 10, 8),  # 80
        QualityInput("B2", 4, 6),  # 150 capped to 100
        QualityInput("S1", 5, 0),  # 0
        QualityInput("S2", 20, None),  # not reported: 0
        QualityInput("T1", 0, 3),  # no requirement: left out
        QualityInput("T2", None, 2),  # no requirement: left out
    ]
    result = service_index(rules, ServiceInput("K4", "kesehatan", 200, 150, items))
    # Mutu (80 + 100 + 0 + 0) / 4 = 45; penerima 150 / 200 = 75; 0,8 × 75 + 0,2 × 45 = 69.
    assert result.quality_pct == Decimal(45)
    assert result.recipients_pct == Decimal(75)
    assert result.index == Decimal(69)
    assert result.category == "Tuntas Muda"


@pytest.mark.parametrize(
    ("policy", "quality", "index", "category"),
    [
        # Penerima 150 / 200 = 75 in every case.
        ("recipients_only", None, "75", "Tuntas Pratama"),  # index = penerima
        ("full", "100", "80", "Tuntas Madya"),  # 0,8 × 75 + 0,2 × 100 = 80
        ("zero", "0", "60", "Tuntas Muda"),  # 0,8 × 75 + 0,2 × 0 = 60
    ],
)
def test_no_counted_quality_item_follows_the_rule_set(
    rules: IndexRules, policy: str, quality: str | None, index: str, category: str
) -> None:
    policy_rules = replace(rules, no_quality_policy=policy)
    for items in ([], [QualityInput("T1", None, 3)]):
        result = service_index(policy_rules, ServiceInput("K4", "kesehatan", 200, 150, items))
        assert result.quality_pct == (None if quality is None else Decimal(quality))
        assert (result.index, result.category) == (Decimal(index), category)


def test_shipped_rules_leave_out_mutu_when_no_item_counts(rules: IndexRules) -> None:
    assert rules.no_quality_policy == "recipients_only"
    assert service_index(rules, ServiceInput("K4", "kesehatan", 4, 3, [])).index == Decimal(75)


@pytest.mark.parametrize(("target", "served"), [(None, None), (100, None), (None, 80)])
def test_a_service_without_figures_has_no_index(
    rules: IndexRules, target: int | None, served: int | None
) -> None:
    result = service_index(rules, ServiceInput("K4", "kesehatan", target, served, FULL))
    assert (result.index, result.category, result.recipients_pct) == (None, None, None)
    assert not result.counted
    assert result.as_dict() == {
        "index": None,
        "category": None,
        "recipients_pct": None,
        "quality_pct": None,
    }


def test_negative_figures_are_refused_with_the_field_named() -> None:
    with pytest.raises(ValueError, match=r"Layanan K4: terlayani tidak boleh negatif \(-1\)"):
        ServiceInput("K4", "kesehatan", 10, -1)
    with pytest.raises(ValueError, match="Layanan K4: ketersediaan mutu B1 tidak boleh negatif"):
        ServiceInput("K4", "kesehatan", 10, 5, [QualityInput("B1", 3, Decimal("-0.5"))])


def test_decimal_quantities_are_exact(rules: IndexRules) -> None:
    # 2,5 of 7,5 units: 33,333…; penerima 1 / 3 × 100 = 33,333…;
    # 0,8 × 33,333… + 0,2 × 33,333… = 33,333… shown 33,33, Belum Tuntas.
    items = [QualityInput("B1", Decimal("7.5"), Decimal("2.5"))]
    result = service_index(rules, ServiceInput("K4", "kesehatan", 3, 1, items))
    assert result.index_shown == Decimal("33.33")
    assert result.as_dict()["quality_pct"] == 33.33
    assert result.category == "Belum Tuntas"
