"""A rule file valid from a later year changes that year's index and leaves earlier years alone."""

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from tuntas.catalog.loaders import DATA_DIR, catalog_load
from tuntas.catalog.selectors import index_rules_for_year
from tuntas.core.reference import ReferenceDataError
from tuntas.indexing.compute import QualityInput, ServiceInput, aggregate

pytestmark = pytest.mark.django_db

SERVICES = [
    ServiceInput("P1", "pendidikan", 100, 50, [QualityInput("B1", 1, 1)]),
    ServiceInput("S5", "sosial", 0, 0, [QualityInput("B1", 1, 1)]),  # zero target
]


def _rules_folder(tmp_path: Path, year: int, **changes: object) -> Path:
    (tmp_path / "catalog").mkdir()
    (tmp_path / "index-rules").mkdir()
    rules = yaml.safe_load((DATA_DIR / "index-rules" / "2019.yaml").read_text())
    rules.update(valid_from=year, title=f"Aturan indeks {year}", **changes)
    (tmp_path / "index-rules" / f"{year}.yaml").write_text(yaml.safe_dump(rules))
    return tmp_path


def test_later_rule_file_changes_only_its_years(tmp_path: Path) -> None:
    before = aggregate(index_rules_for_year(2026), SERVICES)
    # 2019 rules: P1 0,8 × 50 + 0,2 × 100 = 60; S5 excluded; Pemda = pendidikan = 60.
    assert (before.index, before.category) == (Decimal(60), "Tuntas Muda")

    catalog_load(
        directory=_rules_folder(
            tmp_path,
            2027,
            weights={"recipients": 0.5, "quality": 0.5},
            zero_target_policy="full",
            region_aggregation="mean_of_services",
            no_quality_policy="zero",
        )
    )

    assert aggregate(index_rules_for_year(2026), SERVICES).as_dict() == before.as_dict()
    after = aggregate(index_rules_for_year(2027), SERVICES)
    # 2027 rules: P1 0,5 × 50 + 0,5 × 100 = 75; S5 counts as 100; Pemda (75 + 100) / 2 = 87,5.
    assert after.services["P1"].index == Decimal(75)
    assert after.services["S5"].index == Decimal(100)
    assert (after.index, after.category) == (Decimal("87.5"), "Tuntas Madya")
    assert index_rules_for_year(2030).no_quality_policy == "zero"


def test_unknown_policy_value_is_named(tmp_path: Path) -> None:
    folder = _rules_folder(tmp_path, 2032, no_quality_policy="abaikan")
    with pytest.raises(ReferenceDataError, match=r"2032\.yaml.*no_quality_policy"):
        catalog_load(directory=folder)
    assert index_rules_for_year(2032).valid_from == 2019
