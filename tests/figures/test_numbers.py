"""Indonesian number text: what operators type and what messages show."""

from decimal import Decimal as D

import pytest

from tuntas.figures.numbers import NumberError, format_id, parse_id


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234,5", D("1234.5")),
        ("1234,5", D("1234.5")),
        ("1.234", D("1234")),
        ("1.234.567", D("1234567")),
        ("1234.5", D("1234.5")),
        ("Rp 27.300.000", D("27300000")),
        ("-3", D("-3")),
        ("0,25", D("0.25")),
        ("  ", None),
    ],
)
def test_parse(text: str, value: D | None) -> None:
    assert parse_id(text) == value


@pytest.mark.parametrize("text", ["abc", "1,2,3", "12.34,5", "1.2.3", "--1"])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(NumberError):
        parse_id(text)


def test_format() -> None:
    assert format_id(D("1234567.50")) == "1.234.567,5"
    assert format_id(D("-1234")) == "-1.234"
    assert format_id(D("0.125"), 2) == "0,13"
    assert format_id(None) == "–"
