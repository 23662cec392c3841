import datetime as dt

from django import template
from django.utils.formats import date_format
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


@register.filter
def tanggal(value: str | None) -> str:
    """An ISO date from an SOP file ("2022-01-03") in the Indonesian format (3 Januari 2022)."""
    if not value:
        return "–"
    return date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
