"""Validation rules as data (data/rules.yaml), evaluated by a pure function.

`evaluate(rules, values, services)` takes every known figure of an agency-year as a mapping
`FigureKey -> Decimal | None` and returns the violations, each located at a figure. Rule kinds
form a small fixed set; adding a rule of a known kind is a YAML edit, not code.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .fields import FIELDS, QUARTERS, YEARLY, FigureKey, figure_label
from .numbers import format_id

RULES_FILE = Path(__file__).parent / "data" / "rules.yaml"
KINDS = frozenset({"ge0", "integer", "le", "non_decreasing_quarters", "required"})


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    message: str
    blocking: bool
    keys: tuple[str, ...] = ()
    left: str = ""
    right: str = ""

    @property
    def involved(self) -> tuple[str, ...]:
        return (self.left, self.right) if self.kind == "le" else self.keys


@dataclass(frozen=True)
class Violation:
    rule: str
    figure: FigureKey  # where it is shown
    message: str
    blocking: bool
    related: tuple[FigureKey, ...] = ()  # the other figures it compares with

    @property
    def figures(self) -> tuple[FigureKey, ...]:
        return (self.figure, *self.related)


@dataclass(frozen=True)
class ServiceShape:
    """What a service asks for: its goods and personnel item codes, and their names."""

    code: str
    goods: tuple[str, ...]
    personnel: tuple[str, ...]
    names: Mapping[str, str]

    def item_codes(self, item_kind: str) -> tuple[str, ...]:
        return {"": ("",), "barang_jasa": self.goods, "sdm": self.personnel}[item_kind]


def parse_rules(data: Mapping[str, Any]) -> list[Rule]:
    rules = []
    for raw in data["rules"]:
        rule = Rule(
            code=raw["code"],
            kind=raw["kind"],
            message=raw["message"],
            blocking=bool(raw.get("blocking", True)),
            keys=tuple(raw.get("keys", ())),
            left=raw.get("left", ""),
            right=raw.get("right", ""),
        )
        if rule.kind not in KINDS:
            raise ValueError(f"Aturan {rule.code}: jenis '{rule.kind}' tidak dikenal.")
        unknown = [k for k in rule.involved if k not in FIELDS]
        if unknown:
            raise ValueError(f"Aturan {rule.code}: kunci {', '.join(unknown)} tidak dikenal.")
        rules.append(rule)
    return rules


@cache
def load_rules() -> list[Rule]:
    return parse_rules(yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")))


def _keys_of(shape: ServiceShape, key: str) -> list[FigureKey]:
    f = FIELDS[key]
    quarters = QUARTERS if f.quarterly else (YEARLY,)
    return [
        FigureKey(shape.code, q, key, item)
        for q in quarters
        for item in shape.item_codes(f.item_kind)
    ]


def _fails(kind: str, v: Decimal | None) -> bool:
    """The single-figure kinds."""
    if kind == "required":
        return v is None
    if v is None:
        return False
    return v < 0 if kind == "ge0" else v != v.to_integral()


def evaluate(
    rules: Iterable[Rule],
    values: Mapping[FigureKey, Decimal | None],
    services: Iterable[ServiceShape],
) -> list[Violation]:
    out: list[Violation] = []
    for shape in services:
        names = shape.names

        def label(fk: FigureKey, names: Mapping[str, str] = names) -> str:
            return figure_label(fk, names.get(fk.item_code, ""))

        def say(rule: Rule, fk: FigureKey, related: tuple[FigureKey, ...] = (), **kw: str) -> None:
            text = rule.message.format(figure=label(fk), value=format_id(values.get(fk)), **kw)
            out.append(Violation(rule.code, fk, text, rule.blocking, related))

        for rule in rules:
            if rule.kind in {"ge0", "integer", "required"}:
                for key in rule.keys:
                    for fk in _keys_of(shape, key):
                        if _fails(rule.kind, values.get(fk)):
                            say(rule, fk)
            elif rule.kind == "le":
                right = FIELDS[rule.right]
                for fk in _keys_of(shape, rule.left):
                    other = FigureKey(
                        shape.code,
                        fk.quarter if right.quarterly else YEARLY,
                        rule.right,
                        fk.item_code if right.item_kind else "",
                    )
                    v, w = values.get(fk), values.get(other)
                    if v is not None and w is not None and v > w:
                        say(rule, fk, (other,), other=label(other), other_value=format_id(w))
            elif rule.kind == "non_decreasing_quarters":
                for key in rule.keys:
                    for fk in _keys_of(shape, key):
                        if fk.quarter == 1:
                            continue
                        # The nearest earlier quarter that has a value.
                        earlier = [
                            fk._replace(quarter=q)
                            for q in range(fk.quarter - 1, 0, -1)
                            if values.get(fk._replace(quarter=q)) is not None
                        ]
                        v = values.get(fk)
                        if v is None or not earlier:
                            continue
                        prev = earlier[0]
                        w = values[prev]
                        assert w is not None
                        if v < w:
                            say(
                                rule, fk, (prev,), previous=label(prev), previous_value=format_id(w)
                            )
    return out
