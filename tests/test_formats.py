"""Indonesian number and date formats."""

import datetime as dt
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_numbers_use_dot_for_thousands_and_comma_for_decimals() -> None:
    with translation.override("id"):
        assert render("{{ n|angka }}", n=1234567) == "1.234.567"
        assert render("{{ n|angka:1 }}", n=Decimal("1234.5")) == "1.234,5"
        assert render("{{ n|persen }}", n=Decimal("97.935")) == "97,94%"
        assert render("{{ n|angka }}", n=None) == "–"


def test_english_locale_groups_with_commas() -> None:
    with translation.override("en"):
        assert render("{{ n|angka:1 }}", n=Decimal("1234.5")) == "1,234.5"


def test_dates_are_written_out_in_indonesian() -> None:
    with translation.override("id"):
        assert render('{{ d|date:"DATE_FORMAT" }}', d=dt.date(2022, 1, 3)) == "3 Januari 2022"
