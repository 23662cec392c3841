"""Indonesian number formatting for templates: `{{ value|angka }}`, `{{ value|angka:1 }}`.

Django's own localisation groups thousands only with USE_THOUSAND_SEPARATOR, which would also
group primary keys in URLs; so grouping is asked for where a number is shown, not globally.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import formats, numberformat

register = template.Library()


@register.filter
def angka(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    if value is None or value == "":
        return "–"
    if decimals is not None:
        # numberformat truncates extra digits; official figures round half up (97,935 → 97,94).
        value = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return numberformat.format(
        value,
        formats.get_format("DECIMAL_SEPARATOR"),
        decimal_pos=decimals,
        grouping=3,
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


@register.filter
def persen(value: int | float | Decimal | None, decimals: int = 2) -> str:
    return "–" if value is None else f"{angka(value, decimals)}%"
