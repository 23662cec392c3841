"""Read the standard time ("waktu" in an SOP's mutu baku) from the Indonesian phrase.

SOPs in Permendagri 52/2011 form state each activity's time as free text: "1 hari",
"30 - 45 menit", "5-10 hari kerja", "3 bulan", "30 menit atau 1-2 hari perjalanan dinas".
The phrase stays the source of truth in the SOP file; this module turns it into numbers so that
due dates can be computed, and refuses (with a message for the user) anything it cannot read
rather than guessing a zero.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "PERIODIC_MONTHS",
    "StandardTime",
    "StandardTimeError",
    "TimeAlternative",
    "TimeUnit",
    "parse_standard_time",
]


class TimeUnit(StrEnum):
    MENIT = "menit"
    JAM = "jam"
    HARI = "hari"
    HARI_KERJA = "hari kerja"
    MINGGU = "minggu"
    BULAN = "bulan"


# A month count that names a reporting cycle rather than a one-off duration: 3 bulan is the
# triwulan (quarterly) cycle of SPM reporting and monitoring, 12 bulan is work that runs through
# the whole fiscal year. Other month counts ("1 bulan", "2 bulan", "5 bulan") are plain durations.
PERIODIC_MONTHS = frozenset({Decimal(3), Decimal(12)})


class StandardTimeError(ValueError):
    """A standard-time phrase that cannot be read; the message is for the user (Indonesian)."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"Waktu standar '{text}' tidak dapat dibaca: {reason}.")


@dataclass(frozen=True)
class TimeAlternative:
    """One way the activity may take: between min_amount and max_amount units.

    `qualifier` keeps the words after the unit ("perjalanan dinas" in "1-2 hari perjalanan
    dinas"), which say when this alternative applies. `periodic` is derived, never passed: true
    for a fixed BULAN duration of 3 or 12 months (see PERIODIC_MONTHS).
    """

    min_amount: Decimal
    max_amount: Decimal
    unit: TimeUnit
    qualifier: str | None = None
    periodic: bool = field(init=False)

    def __post_init__(self) -> None:
        if self.min_amount <= 0 or self.max_amount <= 0:
            raise ValueError("amounts must be positive")
        if self.min_amount > self.max_amount:
            raise ValueError("min_amount must not exceed max_amount")
        periodic = (
            self.unit is TimeUnit.BULAN
            and self.min_amount == self.max_amount
            and self.max_amount in PERIODIC_MONTHS
        )
        # Frozen dataclass: a derived field has to be set through object.__setattr__.
        object.__setattr__(self, "periodic", periodic)

    def __str__(self) -> str:
        amount = _format_amount(self.min_amount)
        if self.max_amount != self.min_amount:
            amount = f"{amount}-{_format_amount(self.max_amount)}"
        text = f"{amount} {self.unit.value}"
        return f"{text} {self.qualifier}" if self.qualifier else text


@dataclass(frozen=True)
class StandardTime:
    """A parsed standard-time phrase: the original text and its alternatives, in order."""

    text: str
    alternatives: tuple[TimeAlternative, ...]

    def __post_init__(self) -> None:
        if not self.alternatives:
            raise ValueError("a standard time needs at least one alternative")

    @property
    def periodic(self) -> bool:
        """Whether the first (main) alternative is a periodic cycle."""
        return self.alternatives[0].periodic

    def max_duration(self) -> tuple[Decimal, TimeUnit]:
        """The longest duration of the first alternative, the one due dates are computed from.

        The first alternative is the SOP's ordinary case; later ones ("atau ... perjalanan dinas")
        are exceptions the user has to pick explicitly.
        """
        first = self.alternatives[0]
        return first.max_amount, first.unit

    def __str__(self) -> str:
        return " atau ".join(str(alt) for alt in self.alternatives)


# ASCII only: Unicode digits and case folding (a dotless i in "hari") are not SOP text.
_FLAGS = re.ASCII
_NUMBER = r"\d+(?:,\d+)?"
# Hyphen, en dash, em dash (escaped for the linter), then the words, "sampai dengan" before
# "sampai" so that the longer spelling wins.
_RANGE_SEPARATOR = r"-|\u2013|\u2014|s\s*/\s*d\.?|s\.\s*d\.?|sampai\s+dengan|sampai|hingga"
# "hari kerja" before "hari"; "pekan" is a common synonym of "minggu".
_UNIT = r"hari\s+kerja|menit|jam|hari|minggu|pekan|bulan"
_ALTERNATIVE = re.compile(
    rf"""
    (?P<min>{_NUMBER})
    (?:\s*(?:{_RANGE_SEPARATOR})\s*(?P<max>{_NUMBER}))?
    \s*(?P<unit>{_UNIT})\b
    (?:\s+(?P<qualifier>.+))?
    """,
    re.IGNORECASE | re.VERBOSE | _FLAGS,
)
_OR = re.compile(r"\s+atau\s+", re.IGNORECASE | _FLAGS)
_UNITS = {
    "menit": TimeUnit.MENIT,
    "jam": TimeUnit.JAM,
    "hari": TimeUnit.HARI,
    "hari kerja": TimeUnit.HARI_KERJA,
    "minggu": TimeUnit.MINGGU,
    "pekan": TimeUnit.MINGGU,
    "bulan": TimeUnit.BULAN,
}
_KNOWN_UNITS = "menit, jam, hari, hari kerja, minggu, atau bulan"


def parse_standard_time(text: str) -> StandardTime:
    """Parse an Indonesian standard-time phrase; raise StandardTimeError if it cannot be read."""
    normalised = " ".join(text.split())
    if not normalised:
        raise StandardTimeError(text, "teks kosong")
    parts = _OR.split(f" {normalised} ")
    alternatives = tuple(_parse_alternative(text, part.strip()) for part in parts)
    return StandardTime(text=normalised, alternatives=alternatives)


def _parse_alternative(text: str, part: str) -> TimeAlternative:
    if not part:
        raise StandardTimeError(text, "ada pilihan kosong di sekitar kata 'atau'")
    match = _ALTERNATIVE.fullmatch(part)
    if match is None:
        raise StandardTimeError(text, _diagnose(part))
    low = _amount(match["min"])
    high = _amount(match["max"]) if match["max"] else low
    if low == 0 or high == 0:
        raise StandardTimeError(text, f"lama waktu tidak boleh nol ('{part}')")
    if low > high:
        raise StandardTimeError(text, f"batas bawah lebih besar dari batas atas ('{part}')")
    unit = _UNITS[" ".join(match["unit"].lower().split())]
    qualifier = _qualifier(text, match["qualifier"])
    return TimeAlternative(min_amount=low, max_amount=high, unit=unit, qualifier=qualifier)


def _qualifier(text: str, raw: str | None) -> str | None:
    if raw is None:
        return None
    qualifier = raw.strip().removeprefix("(").removesuffix(")").strip()
    # A number after the unit means a compound time ("1 hari 2 jam") or a typo: refuse both
    # rather than silently dropping part of the duration.
    if re.search(r"\d", qualifier, _FLAGS):
        raise StandardTimeError(
            text, f"keterangan setelah satuan tidak boleh memuat angka ('{raw.strip()}')"
        )
    return qualifier or None


def _diagnose(part: str) -> str:
    if not re.match(r"\d", part, _FLAGS):
        return f"harus diawali angka, misalnya '1 hari' ('{part}')"
    if re.match(rf"{_NUMBER}\s*(?:{_RANGE_SEPARATOR})\s*(?!\d)", part, re.IGNORECASE | _FLAGS):
        return f"rentang tidak lengkap ('{part}')"
    if re.match(r"\d+\.\d", part, _FLAGS):
        return f"gunakan koma untuk desimal, misalnya '1,5 jam' ('{part}')"
    return f"satuan waktu tidak dikenal; gunakan {_KNOWN_UNITS} ('{part}')"


def _amount(raw: str) -> Decimal:
    return Decimal(raw.replace(",", "."))


def _format_amount(amount: Decimal) -> str:
    # Indonesian decimal comma, no trailing zeros ("1,5", "30").
    text = format(amount.normalize(), "f")
    return text.replace(".", ",")
