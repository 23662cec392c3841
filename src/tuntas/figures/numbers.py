"""Indonesian number text, both ways, without Django: "1.234,5" <-> Decimal("1234.5").

Forms, messages and formulas use these; templates use the `angka` filter, which follows the
active locale.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")


def format_id(value: Decimal | int | None, decimals: int | None = None) -> str:
    """`1234.5` -> "1.234,5"; trailing zeros after the comma are dropped unless `decimals`."""
    if value is None:
        return "–"
    number = Decimal(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
        text = f"{abs(number):,.{decimals}f}"
    else:
        text = f"{abs(number):,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return f"-{text}" if number < 0 else text


def tidy(value: Decimal) -> Decimal:
    """Round to cents and drop zeros after the comma, without exponent notation: a product of
    a 4-decimal norm and a 2-decimal figure shows as 12,5 rather than 12,500000."""
    cents = value.quantize(Decimal("0.01"), ROUND_HALF_UP)
    return cents.quantize(Decimal(1)) if cents == cents.to_integral() else cents.normalize()


class NumberError(ValueError):
    pass


def parse_id(text: str) -> Decimal | None:
    """Read a number typed the Indonesian way ("1.234,5", "1234,5", "1.234") or plainly
    ("1234.5"); "Rp" and spaces are ignored; empty text is None. A dot followed by exactly
    three digits groups thousands, as an Indonesian reader means it."""
    cleaned = (
        text.strip().replace("Rp", "").replace("rp", "").replace(" ", "").replace("\u00a0", "")
    )
    if not cleaned:
        return None
    sign = ""
    if cleaned[0] in "+-":
        sign, cleaned = cleaned[0], cleaned[1:]
    if "," in cleaned:
        whole, _, frac = cleaned.rpartition(",")
        if "," in whole or (("." in whole) and not _GROUPED.match(whole)):
            raise NumberError(text)
        cleaned = f"{whole.replace('.', '')}.{frac}"
    elif _GROUPED.match(cleaned):
        cleaned = cleaned.replace(".", "")
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", cleaned):
        raise NumberError(text)
    try:
        return Decimal(sign + cleaned)
    except InvalidOperation as exc:
        raise NumberError(text) from exc
