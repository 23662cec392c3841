"""Stage 2, penghitungan kebutuhan: pure arithmetic, no ORM (fed by selectors.needs_for).

    need_i = target x norm_i            gap_i = max(0, need_i - available_i)
    cost_i = gap_i x unit_price_i       gap_j = max(0, ceil(target / ratio_j) - staff_j)

A missing target, norm, ratio, availability or price makes an item "not computable" with the
reason stated, never a guessed number (the catalog leaves unquantified norms null).
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .numbers import format_id, tidy


@dataclass(frozen=True)
class ItemInput:
    code: str
    name: str
    kind: str  # "barang_jasa" or "sdm"
    unit: str
    norm: Decimal | None  # per recipient (goods)
    ratio: Decimal | None  # recipients per staff member (personnel)
    available: Decimal | None  # goods available, or staff in post
    unit_price: Decimal | None = None


@dataclass(frozen=True)
class ItemNeed:
    code: str
    name: str
    kind: str
    unit: str
    need: Decimal | None
    available: Decimal | None
    gap: Decimal | None
    unit_price: Decimal | None
    cost: Decimal | None
    formula: str
    missing: str = ""  # why it cannot be computed (or costed); "" when complete

    @property
    def computable(self) -> bool:
        return self.gap is not None


@dataclass(frozen=True)
class ServiceNeeds:
    service_code: str
    target: Decimal | None
    goods: list[ItemNeed]
    personnel: list[ItemNeed]
    total_cost: Decimal
    uncosted: int  # goods items with a gap whose cost is unknown

    @property
    def items(self) -> list[ItemNeed]:
        return [*self.goods, *self.personnel]


@dataclass(frozen=True)
class NeedsTotal:
    """Sum over several services (an agency) or agencies (a Pemda)."""

    total_cost: Decimal
    uncosted: int
    services: int


def _n(value: Decimal | None) -> str:
    return format_id(value)


def _incomputable(item: ItemInput, missing: str, unit_price: Decimal | None) -> ItemNeed:
    formula = _("Tidak dapat dihitung: %(why)s.") % {"why": missing}
    return ItemNeed(
        item.code,
        item.name,
        item.kind,
        item.unit,
        None,
        item.available,
        None,
        unit_price,
        None,
        formula,
        missing,
    )


def goods_need(target: Decimal | None, item: ItemInput) -> ItemNeed:
    missing = ""
    if target is None:
        missing = _("sasaran penerima belum diisi")
    elif item.norm is None:
        missing = _("norma kebutuhan per penerima belum ditetapkan dalam katalog")
    elif item.available is None:
        missing = _("ketersediaan belum diisi")
    if missing:
        return _incomputable(item, missing, item.unit_price)
    assert target is not None and item.norm is not None and item.available is not None
    need = tidy(target * item.norm)
    gap = max(Decimal(0), need - item.available)
    values = {
        "target": _n(target),
        "norm": _n(item.norm),
        "need": _n(need),
        "available": _n(item.available),
        "gap": _n(gap),
    }
    cost: Decimal | None
    # One whole sentence per case (need, gap and cost together) so that it translates as one.
    if gap == 0:
        cost = Decimal(0)
        template = _(
            "Kebutuhan = %(target)s × %(norm)s = %(need)s; kekurangan = maks(0; %(need)s − "
            "%(available)s) = %(gap)s; biaya = 0"
        )
    elif item.unit_price is None:
        cost = None
        missing = _("harga satuan (SSH) belum ada")
        values["why"] = missing
        template = _(
            "Kebutuhan = %(target)s × %(norm)s = %(need)s; kekurangan = maks(0; %(need)s − "
            "%(available)s) = %(gap)s; biaya tidak dapat dihitung: %(why)s"
        )
    else:
        cost = tidy(gap * item.unit_price)
        values |= {"price": _n(item.unit_price), "cost": _n(cost)}
        template = _(
            "Kebutuhan = %(target)s × %(norm)s = %(need)s; kekurangan = maks(0; %(need)s − "
            "%(available)s) = %(gap)s; biaya = %(gap)s × Rp%(price)s = Rp%(cost)s"
        )
    formula = template % values
    return ItemNeed(
        item.code,
        item.name,
        item.kind,
        item.unit,
        need,
        item.available,
        gap,
        item.unit_price,
        cost,
        formula,
        missing,
    )


def personnel_need(target: Decimal | None, item: ItemInput) -> ItemNeed:
    missing = ""
    if target is None:
        missing = _("sasaran penerima belum diisi")
    elif item.ratio is None or item.ratio <= 0:
        missing = _("rasio penerima per petugas belum ditetapkan")
    elif item.available is None:
        missing = _("jumlah SDM tersedia belum diisi")
    if missing:
        return _incomputable(item, missing, None)
    assert target is not None and item.ratio is not None and item.available is not None
    need = Decimal(math.ceil(target / item.ratio))
    gap = max(Decimal(0), need - item.available)
    formula = _(
        "Kebutuhan = ⌈%(target)s ÷ %(ratio)s⌉ = %(need)s orang; kekurangan = maks(0; %(need)s − "
        "%(available)s) = %(gap)s orang"
    ) % {
        "target": _n(target),
        "ratio": _n(item.ratio),
        "need": _n(need),
        "available": _n(item.available),
        "gap": _n(gap),
    }
    return ItemNeed(
        item.code, item.name, item.kind, item.unit, need, item.available, gap, None, None, formula
    )


def service_needs(
    service_code: str, target: Decimal | None, items: Iterable[ItemInput]
) -> ServiceNeeds:
    goods, personnel = [], []
    for item in items:
        if item.kind == "barang_jasa":
            goods.append(goods_need(target, item))
        elif item.kind == "sdm":
            personnel.append(personnel_need(target, item))
    total = sum((g.cost for g in goods if g.cost is not None), Decimal(0))
    uncosted = sum(1 for g in goods if g.gap and g.cost is None)
    return ServiceNeeds(service_code, target, goods, personnel, total, uncosted)


def total_of(parts: Sequence[ServiceNeeds | NeedsTotal]) -> NeedsTotal:
    return NeedsTotal(
        total_cost=sum((p.total_cost for p in parts), Decimal(0)),
        uncosted=sum(p.uncosted for p in parts),
        services=sum(p.services if isinstance(p, NeedsTotal) else 1 for p in parts),
    )
