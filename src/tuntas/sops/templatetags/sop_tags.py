import datetime as dt

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def durasi(value: dt.timedelta | None) -> str:
    """A delay in Indonesian: days, hours and minutes, the largest two that are not zero."""
    if value is None:
        return "–"
    minutes = int(abs(value).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [
        _("%(n)s hari") % {"n": days} if days else "",
        _("%(n)s jam") % {"n": hours} if hours else "",
        _("%(n)s menit") % {"n": minutes} if minutes else "",
    ]
    shown = [p for p in parts if p][:2]
    return " ".join(shown) or _("0 menit")
