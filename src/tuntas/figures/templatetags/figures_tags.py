from decimal import Decimal
from typing import Any

from django import template

from tuntas.core.templatetags.angka import angka

from ..numbers import tidy

register = template.Library()


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """`{{ shares|lookup:group }}`: a dict entry by a variable key."""
    return mapping.get(key) if mapping is not None else None


@register.filter
def amount(value: Decimal | None) -> str:
    """A stored amount without its ",00": `{{ line.amount|amount }}`."""
    return angka(None if value is None else tidy(Decimal(value)))
