"""Category bands on the unrounded index, and display rounding that never crosses a band."""

from decimal import Decimal

import pytest

from tuntas.catalog.index_rules import IndexRules
from tuntas.indexing.compute import QualityInput, ServiceInput, display_value, service_index

FULL = [QualityInput("B1", 1, 1)]


@pytest.mark.parametrize(
    ("served", "target", "index", "shown", "category"),
    [
        # Full mutu, so index = 0,8 × served / target × 100 + 20.
        (8000, 8000, "100", "100.00", "Tuntas Paripurna"),
        (7999, 8000, "99.99", "99.99", "Tuntas Utama"),  # 0,8 × 99,9875 = 79,99
        (15999, 16000, "99.995", "99.99", "Tuntas Utama"),  # 0,8 × 99,99375 = 79,995
        (15587, 16000, "97.935", "97.94", "Tuntas Utama"),  # Kemendagri; 0,8 × 97,41875
        (7000, 8000, "90", "90.00", "Tuntas Utama"),  # 0,8 × 87,5 = 70
        (13999, 16000, "89.995", "89.99", "Tuntas Madya"),  # 0,8 × 87,49375 = 69,995
        (6999, 8000, "89.99", "89.99", "Tuntas Madya"),  # 0,8 × 87,4875 = 69,99
        (6000, 8000, "80", "80.00", "Tuntas Madya"),  # 0,8 × 75 = 60
        (5999, 8000, "79.99", "79.99", "Tuntas Pratama"),  # 0,8 × 74,9875 = 59,99
        (5000, 8000, "70", "70.00", "Tuntas Pratama"),  # 0,8 × 62,5 = 50
        (4999, 8000, "69.99", "69.99", "Tuntas Muda"),  # 0,8 × 62,4875 = 49,99
        (4900, 8000, "69", "69.00", "Tuntas Muda"),  # Kemendagri; 0,8 × 61,25 = 49
        (4876, 8000, "68.76", "68.76", "Tuntas Muda"),  # Kemendagri; 0,8 × 60,95 = 48,76
        (4000, 8000, "60", "60.00", "Tuntas Muda"),  # 0,8 × 50 = 40
        (3999, 8000, "59.99", "59.99", "Belum Tuntas"),  # 0,8 × 49,9875 = 39,99
        (2203, 8000, "42.03", "42.03", "Belum Tuntas"),  # Kemendagri; 0,8 × 27,5375 = 22,03
        (0, 8000, "20", "20.00", "Belum Tuntas"),  # mutu only
    ],
)
def test_category_and_display_of_computed_indices(
    rules: IndexRules, served: int, target: int, index: str, shown: str, category: str
) -> None:
    result = service_index(rules, ServiceInput("K1", "kesehatan", target, served, FULL))
    assert result.index == Decimal(index)
    assert result.category == category
    assert str(result.index_shown) == shown
    assert result.as_dict()["index"] == float(shown)


def test_display_rounds_half_up_below_a_band(rules: IndexRules) -> None:
    assert display_value(rules, Decimal("68.765")) == Decimal("68.77")
    assert display_value(rules, Decimal("68.76499")) == Decimal("68.76")
    assert display_value(rules, Decimal("59.995")) == Decimal("59.99")  # not "60,00 Belum Tuntas"
    assert display_value(rules, None) is None
