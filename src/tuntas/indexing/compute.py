"""Indeks Pencapaian SPM (spm-domain.md §6): the pure computation, with its explanation.

No ORM inside: selectors feed plain inputs for one Pemda and one period, and the rule set of
the period's year (`catalog.selectors.index_rules_for_year`). Quarter figures are cumulative
over the year, so the figures of the fourth quarter give the year's index.

Arithmetic is Decimal at full precision (28 significant digits); categories are decided on
that unrounded value. Only display rounds: two decimals half up, but never up across a
category's lower bound, so 99.995 shows as 99,99 beside "Tuntas Utama" (docs/decisions.md).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from tuntas.catalog.index_rules import IndexRules
from tuntas.core.templatetags.angka import angka

Number = int | Decimal

HUNDRED = Decimal(100)
ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class QualityInput:
    """One mutu item (goods/services or personnel) of a service in a period."""

    item_code: str
    required: Number | None  # None or 0: no need set, so the item is not counted
    available: Number | None  # None: not reported yet, counted as 0 available


@dataclass(frozen=True, slots=True)
class ServiceInput:
    """A service's cumulative figures for one period; target or served None: no figures yet."""

    code: str
    sector_code: str
    target: Number | None
    served_to_standard: Number | None
    quality: Sequence[QualityInput] = ()

    def __post_init__(self) -> None:
        named = [(gettext_noop("sasaran"), "", self.target)]
        named.append((gettext_noop("terlayani"), "", self.served_to_standard))
        for item in self.quality:
            named.append((gettext_noop("kebutuhan mutu"), item.item_code, item.required))
            named.append((gettext_noop("ketersediaan mutu"), item.item_code, item.available))
        for what, item_code, value in named:
            if value is not None and value < 0:
                name = f"{gettext(what)} {item_code}".strip()
                raise ValueError(
                    gettext("Layanan %(code)s: %(what)s tidak boleh negatif (%(value)s).")
                    % {"code": self.code, "what": name, "value": value}
                )


def display_value(rules: IndexRules, value: Decimal | None) -> Decimal | None:
    """Two decimals half up, except that rounding never reaches a category's lower bound."""
    if value is None:
        return None
    shown = value.quantize(CENT, ROUND_HALF_UP)
    for category in rules.categories:
        if value < category.min <= shown:
            return category.min - CENT
    return shown


def _float(rules: IndexRules, value: Decimal | None) -> float | None:
    shown = display_value(rules, value)
    return None if shown is None else float(shown)


# Built once: lazy strings are costly to create, and a national run makes millions of steps.
_LABELS = {
    "recipients": _("Penerima"),
    "quality_item": _("Mutu {}"),
    "quality": _("Mutu"),
    "index": _("Indeks"),
    "sector": _("Bidang {}"),
    "region": _("Indeks Pemda"),
}
_NOTHING_COUNTED = _("tidak ada yang dihitung")
_NO_FIGURES = _("belum ada data capaian")
_ITEM_NOT_COUNTED = _("kebutuhan tidak ditetapkan, tidak dihitung")
_ITEM_NOT_REPORTED = _("min(1; {0} / {1}) × 100 (ketersediaan belum diisi)")
_RECIPIENTS_ONLY = _("{0} (penerima saja)")
# What a policy counts a missing part as, and how the explanation says so.
_POLICY_VALUES = {"full": HUNDRED, "zero": ZERO}
_NO_QUALITY = {
    "recipients_only": _("tidak ada butir mutu yang dihitung, bobotnya ke penerima"),
    "full": _("tidak ada butir mutu yang dihitung, dianggap penuh"),
    "zero": _("tidak ada butir mutu yang dihitung, dianggap nol"),
}
_ZERO_TARGET = {
    "exclude": _("sasaran nol, tidak dihitung"),
    "full": _("sasaran nol, dianggap penuh"),
    "zero": _("sasaran nol, dianggap nol"),
}


@dataclass(frozen=True, slots=True)
class Term:
    """A number in a formula: an input as given, or a computed percentage (shown 2 decimals)."""

    name: str
    value: Decimal | None
    percent: bool = False


@dataclass(frozen=True, slots=True)
class Step:
    """One line of the explanation, e.g. "Penerima = min(100; 1.180 / 1.250 × 100) = 94,40".

    `expression` has positional placeholders for `terms`; `formula` and `text` render them in
    the active language's number format when read, so a page and a PDF show the same thing.
    """

    key: str  # recipients, quality_item, quality, index, sector, region: see _LABELS
    subject: str  # the item, service or sector code the step is about
    expression: str | Promise
    terms: tuple[Term, ...]
    result: Decimal | None
    rules: IndexRules = field(repr=False, compare=False)

    def _show(self, value: Decimal | None, percent: bool) -> str:
        return angka(display_value(self.rules, value), 2) if percent else angka(value)

    @property
    def label(self) -> str:
        return str(_LABELS[self.key]).format(self.subject)

    @property
    def formula(self) -> str:
        return str(self.expression).format(*(self._show(t.value, t.percent) for t in self.terms))

    @property
    def text(self) -> str:
        if self.result is None:
            return f"{self.label}: {self.formula}"
        return f"{self.label} = {self.formula} = {self._show(self.result, True)}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "subject": self.subject,
            "label": self.label,
            "formula": self.formula,
            "text": self.text,
            "numbers": {
                t.name: _float(self.rules, t.value)
                if t.percent
                else (None if t.value is None else float(t.value))
                for t in self.terms
            },
            "result": _float(self.rules, self.result),
        }


@dataclass(frozen=True, slots=True)
class ServiceIndex:
    code: str
    sector_code: str
    index: Decimal | None  # None: no figures, or a zero target under the `exclude` policy
    category: str | None
    recipients_pct: Decimal | None
    quality_pct: Decimal | None  # None when the service's index does not use mutu
    explain: tuple[Step, ...]
    rules: IndexRules = field(repr=False, compare=False)

    @property
    def counted(self) -> bool:
        return self.index is not None

    @property
    def index_shown(self) -> Decimal | None:
        return display_value(self.rules, self.index)

    @property
    def recipients_shown(self) -> Decimal | None:
        return display_value(self.rules, self.recipients_pct)

    @property
    def quality_shown(self) -> Decimal | None:
        return display_value(self.rules, self.quality_pct)

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": _float(self.rules, self.index),
            "category": self.category,
            "recipients_pct": _float(self.rules, self.recipients_pct),
            "quality_pct": _float(self.rules, self.quality_pct),
        }


@dataclass(frozen=True, slots=True)
class SectorIndex:
    code: str
    index: Decimal | None  # None: none of its services is counted
    category: str | None
    services: dict[str, ServiceIndex]
    explain: Step
    rules: IndexRules = field(repr=False, compare=False)

    @property
    def index_shown(self) -> Decimal | None:
        return display_value(self.rules, self.index)

    def as_dict(self) -> dict[str, Any]:
        return {"index": _float(self.rules, self.index), "category": self.category}


@dataclass(frozen=True, slots=True)
class RegionIndex:
    index: Decimal | None
    category: str | None
    sectors: dict[str, SectorIndex]
    services: dict[str, ServiceIndex]
    explain: tuple[Step, ...]  # one step per sector, then the region's
    rules: IndexRules = field(repr=False, compare=False)

    @property
    def index_shown(self) -> Decimal | None:
        return display_value(self.rules, self.index)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: numbers as floats of the displayed value, null where not counted."""
        return {
            "index": _float(self.rules, self.index),
            "category": self.category,
            "sectors": {code: s.as_dict() for code, s in self.sectors.items()},
            "services": {code: s.as_dict() for code, s in self.services.items()},
        }


def _mean_step(
    rules: IndexRules, key: str, subject: str, parts: dict[str, Decimal]
) -> tuple[Decimal | None, Step]:
    """The mean of `parts` (None if empty) and its step "(a + b) / 2"."""
    if not parts:
        return None, Step(key, subject, _NOTHING_COUNTED, (), None, rules)
    mean = sum(parts.values(), ZERO) / len(parts)
    placeholders = " + ".join(f"{{{i}}}" for i in range(len(parts)))
    terms = tuple(Term(name, value, percent=True) for name, value in parts.items())
    return mean, Step(key, subject, f"({placeholders}) / {len(parts)}", terms, mean, rules)


def _dec(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(value)


def _recipients(
    rules: IndexRules, code: str, served: Decimal, target: Decimal
) -> tuple[Decimal, Step]:
    """min(cap, served / target × 100); no cap if the rule set has none."""
    pct = served * HUNDRED / target
    terms: tuple[Term, ...] = (Term("served", served), Term("target", target))
    expression = "{0} / {1} × 100"
    if rules.recipients_cap is not None:
        pct = min(rules.recipients_cap, pct)
        terms = (Term("cap", rules.recipients_cap), *terms)
        expression = "min({0}; {1} / {2} × 100)"
    return pct, Step("recipients", code, expression, terms, pct, rules)


def _quality(rules: IndexRules, s: ServiceInput) -> tuple[Decimal | None, list[Step]]:
    """Mean over the counted items of min(1, available / required) × 100.

    An item with no requirement (None or 0) is left out. With no item left, the rule set's
    `no_quality_policy` decides: None (the index uses recipients only), 100 or 0.
    """
    steps = []
    parts: dict[str, Decimal] = {}
    for item in s.quality:
        if not item.required:
            steps.append(Step("quality_item", item.item_code, _ITEM_NOT_COUNTED, (), None, rules))
            continue
        required = _dec(item.required)
        available = _dec(item.available or 0)
        pct = min(HUNDRED, available * HUNDRED / required)
        expression = "min(1; {0} / {1}) × 100" if item.available is not None else _ITEM_NOT_REPORTED
        terms = (Term("available", available), Term("required", required))
        steps.append(Step("quality_item", item.item_code, expression, terms, pct, rules))
        parts[item.item_code] = pct
    if parts:
        mean, step = _mean_step(rules, "quality", s.code, parts)
        return mean, [*steps, step]
    counted_as = _POLICY_VALUES.get(rules.no_quality_policy)
    step = Step("quality", s.code, _NO_QUALITY[rules.no_quality_policy], (), counted_as, rules)
    return counted_as, [*steps, step]


def _zero_target(rules: IndexRules, s: ServiceInput) -> ServiceIndex:
    """A zero target (no disaster, no outbreak): the rule set says what the service counts as.

    `exclude`: not counted; `full` / `zero`: the service (and its recipients share) count as
    100 / 0, and mutu is not used.
    """
    index = _POLICY_VALUES.get(rules.zero_target_policy)
    step = Step("index", s.code, _ZERO_TARGET[rules.zero_target_policy], (), index, rules)
    category = None if index is None else rules.category_for(index)
    return ServiceIndex(s.code, s.sector_code, index, category, index, None, (step,), rules)


def service_index(rules: IndexRules, s: ServiceInput) -> ServiceIndex:
    """index = w_penerima × penerima% + w_mutu × mutu%, with the rule set's policies."""
    if s.target is None or s.served_to_standard is None:
        step = Step("index", s.code, _NO_FIGURES, (), None, rules)
        return ServiceIndex(s.code, s.sector_code, None, None, None, None, (step,), rules)
    target = _dec(s.target)
    if target == 0:
        return _zero_target(rules, s)
    recipients, recipients_step = _recipients(rules, s.code, _dec(s.served_to_standard), target)
    quality, quality_steps = _quality(rules, s)
    if quality is None:
        index = recipients
        terms: tuple[Term, ...] = (Term("recipients_pct", recipients, percent=True),)
        expression: str | Promise = _RECIPIENTS_ONLY
    else:
        index = rules.recipients_weight * recipients + rules.quality_weight * quality
        terms = (
            Term("recipients_weight", rules.recipients_weight),
            Term("recipients_pct", recipients, percent=True),
            Term("quality_weight", rules.quality_weight),
            Term("quality_pct", quality, percent=True),
        )
        expression = "{0} × {1} + {2} × {3}"
    index_step = Step("index", s.code, expression, terms, index, rules)
    return ServiceIndex(
        s.code,
        s.sector_code,
        index,
        rules.category_for(index),
        recipients,
        quality,
        (recipients_step, *quality_steps, index_step),
        rules,
    )


def aggregate(rules: IndexRules, services: Iterable[ServiceInput]) -> RegionIndex:
    """A Pemda's index for one period from its services' inputs.

    A sector is the mean of its counted services (None if it has none). The region is the mean
    of the sectors that have an index (`region_aggregation: mean`) or of all counted services
    (`mean_of_services`).
    """
    by_code: dict[str, ServiceIndex] = {}
    by_sector: dict[str, dict[str, ServiceIndex]] = {}
    for s in services:
        if s.code in by_code:
            raise ValueError(gettext("Layanan %(code)s muncul dua kali.") % {"code": s.code})
        result = by_code[s.code] = service_index(rules, s)
        by_sector.setdefault(s.sector_code, {})[s.code] = result

    sectors: dict[str, SectorIndex] = {}
    for code, members in by_sector.items():
        counted = {c: m.index for c, m in members.items() if m.index is not None}
        index, step = _mean_step(rules, "sector", code, counted)
        category = None if index is None else rules.category_for(index)
        sectors[code] = SectorIndex(code, index, category, members, step, rules)

    averaged: dict[str, Mapping[str, SectorIndex | ServiceIndex]] = {
        "mean": sectors,
        "mean_of_services": by_code,
    }
    parts = {
        c: m.index for c, m in averaged[rules.region_aggregation].items() if m.index is not None
    }
    index, region_step = _mean_step(rules, "region", "", parts)
    return RegionIndex(
        index,
        None if index is None else rules.category_for(index),
        sectors,
        by_code,
        (*(s.explain for s in sectors.values()), region_step),
        rules,
    )
