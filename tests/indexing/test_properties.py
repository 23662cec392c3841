"""Properties over generated figures: bounds, monotony in recipients, consistent categories."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tuntas.catalog.index_rules import IndexRules
from tuntas.indexing.compute import (
    QualityInput,
    ServiceInput,
    aggregate,
    display_value,
    service_index,
)

amounts = st.integers(min_value=0, max_value=10**7) | st.decimals(
    min_value=0, max_value=10**5, places=2, allow_nan=False, allow_infinity=False
)
items = st.lists(
    st.builds(
        QualityInput,
        item_code=st.sampled_from(["B1", "B2", "S1", "T1"]),
        required=st.none() | amounts,
        available=st.none() | amounts,
    ),
    max_size=6,
)
targets = st.integers(min_value=1, max_value=10**7)


def _band(rules: IndexRules, index: Decimal) -> str:
    """The band from the table: lower bound inclusive, the next one exclusive."""
    ordered = sorted(rules.categories, key=lambda c: c.min)
    uppers = [c.min for c in ordered[1:]] + [Decimal("Infinity")]
    return next(c.name for c, upper in zip(ordered, uppers, strict=True) if c.min <= index < upper)


@given(target=targets, served=st.integers(min_value=0, max_value=2 * 10**7), quality=items)
def test_index_stays_within_0_and_100(
    rules: IndexRules, target: int, served: int, quality: list[QualityInput]
) -> None:
    result = service_index(rules, ServiceInput("K1", "kesehatan", target, served, quality))
    assert result.index is not None
    assert 0 <= result.index <= 100


@given(
    target=targets,
    served=st.integers(min_value=0, max_value=10**7),
    more=st.integers(min_value=0, max_value=10**7),
    quality=items,
)
def test_index_never_falls_when_more_are_served(
    rules: IndexRules, target: int, served: int, more: int, quality: list[QualityInput]
) -> None:
    fewer = service_index(rules, ServiceInput("K1", "kesehatan", target, served, quality))
    most = service_index(rules, ServiceInput("K1", "kesehatan", target, served + more, quality))
    assert fewer.index is not None and most.index is not None
    assert fewer.index <= most.index


@given(target=targets, served=st.integers(min_value=0, max_value=10**7), quality=items)
def test_category_matches_its_band_also_when_shown(
    rules: IndexRules, target: int, served: int, quality: list[QualityInput]
) -> None:
    result = service_index(rules, ServiceInput("K1", "kesehatan", target, served, quality))
    assert result.index is not None
    assert result.category == _band(rules, result.index)
    shown = display_value(rules, result.index)
    assert shown is not None
    assert rules.category_for(shown) == result.category
    assert abs(shown - result.index) < Decimal("0.01")


@given(
    figures=st.lists(
        st.tuples(
            st.sampled_from(["pendidikan", "kesehatan", "sosial"]),
            st.none() | st.integers(min_value=0, max_value=1000),
            st.integers(min_value=0, max_value=2000),
        ),
        max_size=12,
    )
)
def test_pemda_index_lies_between_its_sectors(
    rules: IndexRules, figures: list[tuple[str, int | None, int]]
) -> None:
    services = [
        ServiceInput(f"X{i}", sector, target, served)
        for i, (sector, target, served) in enumerate(figures)
    ]
    result = aggregate(rules, services)
    sectors = [s.index for s in result.sectors.values() if s.index is not None]
    if not sectors:
        assert result.index is None
        return
    assert result.index is not None
    assert min(sectors) <= result.index <= max(sectors)
