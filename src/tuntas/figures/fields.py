"""The figure keys: what an agency enters per service, year and (for delivery) quarter.

A figure is addressed by `FigureKey(service_code, quarter, key, item_code)`; `quarter` is 0 for
the yearly stages (1 data, 3 plan) and 1-4 for delivery (stage 4), `item_code` names a quality
item for the per-item keys and is "" otherwise. Budget lines and Rencana Aksi rows are records
of their own (see models.py); their sum enters rules as the derived key `budget`.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

YEARLY = 0
QUARTERS = (1, 2, 3, 4)


class FigureKey(NamedTuple):
    service_code: str
    quarter: int  # 0 = the year (stages 1 and 3), 1-4 = triwulan (stage 4)
    key: str
    item_code: str = ""


@dataclass(frozen=True)
class Field:
    key: str
    label: Promise
    stage: int
    quarterly: bool
    item_kind: str  # "" (one per service), "barang_jasa" or "sdm": one per such quality item
    kind: str  # "int", "decimal", "money" or "text"
    required: bool  # counted by completeness (keterisian)
    stored: bool = True  # False: derived from other records (the budget lines' sum)

    @property
    def is_text(self) -> bool:
        return self.kind == "text"


FIELDS: dict[str, Field] = {
    f.key: f
    for f in (
        Field("target", _("Sasaran penerima"), 1, False, "", "int", True),
        Field("available", _("Ketersediaan barang/jasa"), 1, False, "barang_jasa", "decimal", True),
        Field("staff", _("Ketersediaan SDM"), 1, False, "sdm", "int", True),
        Field("budget", _("Anggaran"), 3, False, "", "money", True, stored=False),
        Field("served", _("Dilayani sesuai standar (kumulatif)"), 4, True, "", "int", True),
        Field(
            "delivered",
            _("Barang/jasa tersalurkan (kumulatif)"),
            4,
            True,
            "barang_jasa",
            "decimal",
            True,
        ),
        Field("realised", _("Realisasi anggaran (kumulatif)"), 4, True, "", "money", True),
        Field("problems", _("Permasalahan"), 4, True, "", "text", False),
        Field("solutions", _("Solusi"), 4, True, "", "text", False),
    )
}


def quarter_label(quarter: int) -> str:
    return str(_("Tahunan")) if quarter == YEARLY else str(_("Triwulan %(q)s")) % {"q": quarter}


def figure_label(fk: FigureKey, item_name: str = "") -> str:
    """ "K4 Triwulan 2, Barang/jasa tersalurkan (kumulatif): Buku KIA"."""
    label = f"{fk.service_code} {quarter_label(fk.quarter)}, {FIELDS[fk.key].label}"
    if fk.item_code:
        label += f": {item_name or fk.item_code}"
    return label
