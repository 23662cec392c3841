"""The index rule set as a plain value, for the pure index computation (no ORM inside)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Category:
    min: Decimal
    name: str


@dataclass(frozen=True)
class IndexRules:
    valid_from: int
    recipients_weight: Decimal
    quality_weight: Decimal
    recipients_cap: Decimal | None
    zero_target_policy: str
    categories: tuple[Category, ...]
    # Options added after the 2019 file; their defaults are what that file means.
    region_aggregation: str = "mean"
    no_quality_policy: str = "recipients_only"

    @classmethod
    def from_json(cls, valid_from: int, rules: dict[str, Any]) -> "IndexRules":
        return cls(
            valid_from=valid_from,
            recipients_weight=Decimal(str(rules["weights"]["recipients"])),
            quality_weight=Decimal(str(rules["weights"]["quality"])),
            recipients_cap=(
                None if rules["recipients_cap"] is None else Decimal(str(rules["recipients_cap"]))
            ),
            zero_target_policy=rules["zero_target_policy"],
            categories=tuple(
                Category(Decimal(str(c["min"])), c["name"]) for c in rules["categories"]
            ),
            region_aggregation=rules.get("region_aggregation", "mean"),
            no_quality_policy=rules.get("no_quality_policy", "recipients_only"),
        )

    def category_for(self, index: Decimal | float) -> str:
        """The band whose inclusive lower bound is the highest one not above `index`."""
        value = Decimal(str(index))
        for category in self.categories:
            if value >= category.min:
                return category.name
        return self.categories[-1].name
