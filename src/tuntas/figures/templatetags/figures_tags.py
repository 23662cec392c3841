from typing import Any

from django import template

register = template.Library()


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """`{{ shares|lookup:group }}`: a dict entry by a variable key."""
    return mapping.get(key) if mapping is not None else None
