"""Keterisian: the share of required figures that are filled, per stage and quarter. Pure."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .fields import FIELDS, QUARTERS, YEARLY, FigureKey
from .validation import ServiceShape

# Columns of the completeness view: the yearly stages, then each quarter of stage 4.
GROUPS: tuple[str, ...] = ("stage1", "stage3", *(f"q{q}" for q in QUARTERS))


@dataclass(frozen=True)
class Share:
    filled: int
    required: int

    @property
    def percent(self) -> float | None:
        return None if self.required == 0 else 100 * self.filled / self.required

    def __add__(self, other: "Share") -> "Share":
        return Share(self.filled + other.filled, self.required + other.required)


def group_of(fk: FigureKey) -> str:
    return f"q{fk.quarter}" if fk.quarter != YEARLY else f"stage{FIELDS[fk.key].stage}"


def required_keys(shapes: Iterable[ServiceShape]) -> set[FigureKey]:
    out: set[FigureKey] = set()
    for shape in shapes:
        for f in FIELDS.values():
            if not f.required:
                continue
            for q in QUARTERS if f.quarterly else (YEARLY,):
                out.update(
                    FigureKey(shape.code, q, f.key, i) for i in shape.item_codes(f.item_kind)
                )
    return out


def completeness(required: set[FigureKey], filled: Iterable[FigureKey]) -> dict[str, Share]:
    have = required & set(filled)
    return {
        g: Share(
            sum(1 for k in have if group_of(k) == g), sum(1 for k in required if group_of(k) == g)
        )
        for g in GROUPS
    }


def add(rows: Iterable[Mapping[str, Share]]) -> dict[str, Share]:
    total = {g: Share(0, 0) for g in GROUPS}
    for row in rows:
        for g in GROUPS:
            total[g] = total[g] + row[g]
    return total
