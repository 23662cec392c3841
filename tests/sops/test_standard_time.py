from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuntas.sops.standard_time import (
    StandardTime,
    StandardTimeError,
    TimeAlternative,
    TimeUnit,
    parse_standard_time,
)

D = Decimal


def alt(
    low: str, high: str, unit: TimeUnit, qualifier: str | None = None
) -> tuple[Decimal, Decimal, TimeUnit, str | None]:
    return D(low), D(high), unit, qualifier


def shape(time: StandardTime) -> list[tuple[Decimal, Decimal, TimeUnit, str | None]]:
    return [(a.min_amount, a.max_amount, a.unit, a.qualifier) for a in time.alternatives]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 hari", [alt("1", "1", TimeUnit.HARI)]),
        ("30 menit", [alt("30", "30", TimeUnit.MENIT)]),
        ("2 jam", [alt("2", "2", TimeUnit.JAM)]),
        ("5 hari kerja", [alt("5", "5", TimeUnit.HARI_KERJA)]),
        ("5-10 hari kerja", [alt("5", "10", TimeUnit.HARI_KERJA)]),
        ("5 -10 hari kerja", [alt("5", "10", TimeUnit.HARI_KERJA)]),
        ("1 minggu", [alt("1", "1", TimeUnit.MINGGU)]),
        ("2 pekan", [alt("2", "2", TimeUnit.MINGGU)]),
        ("3 bulan", [alt("3", "3", TimeUnit.BULAN)]),
        ("12 bulan", [alt("12", "12", TimeUnit.BULAN)]),
        ("30 \u2013 45 menit", [alt("30", "45", TimeUnit.MENIT)]),
        ("1\u20142 jam", [alt("1", "2", TimeUnit.JAM)]),
        ("1 s/d 2 minggu", [alt("1", "2", TimeUnit.MINGGU)]),
        ("1 s.d. 2 minggu", [alt("1", "2", TimeUnit.MINGGU)]),
        ("2 sampai 3 hari", [alt("2", "3", TimeUnit.HARI)]),
        ("2 sampai dengan 3 hari kerja", [alt("2", "3", TimeUnit.HARI_KERJA)]),
        ("1 hingga 2 bulan", [alt("1", "2", TimeUnit.BULAN)]),
        ("1,5 jam", [alt("1.5", "1.5", TimeUnit.JAM)]),
        ("0,5-1,5 hari", [alt("0.5", "1.5", TimeUnit.HARI)]),
        (
            "30 menit atau 1-2 hari perjalanan dinas",
            [alt("30", "30", TimeUnit.MENIT), alt("1", "2", TimeUnit.HARI, "perjalanan dinas")],
        ),
        ("1 hari (perjalanan dinas)", [alt("1", "1", TimeUnit.HARI, "perjalanan dinas")]),
    ],
)
def test_phrase_forms(
    text: str, expected: list[tuple[Decimal, Decimal, TimeUnit, str | None]]
) -> None:
    assert shape(parse_standard_time(text)) == expected


@pytest.mark.parametrize(
    "text", ["5 HARI KERJA", "  5   Hari\tKerja ", "5\nhari kerja", "5 hari  kerja"]
)
def test_case_and_spaces_are_tolerated(text: str) -> None:
    time = parse_standard_time(text)
    assert shape(time) == [alt("5", "5", TimeUnit.HARI_KERJA)]
    assert time.text == " ".join(text.split())


def test_alternatives_keep_qualifier_case_and_order() -> None:
    time = parse_standard_time("30 menit ATAU 1-2 Hari Perjalanan Dinas")
    assert [a.qualifier for a in time.alternatives] == [None, "Perjalanan Dinas"]
    assert time.alternatives[1].unit is TimeUnit.HARI


@pytest.mark.parametrize(
    ("text", "periodic"),
    [
        ("3 bulan", True),
        ("12 bulan", True),
        ("1 bulan", False),
        ("2 bulan", False),
        ("5 bulan", False),
        ("3-12 bulan", False),
        ("3 minggu", False),
        ("12 jam", False),
    ],
)
def test_periodic_rule(text: str, periodic: bool) -> None:
    time = parse_standard_time(text)
    assert time.alternatives[0].periodic is periodic
    assert time.periodic is periodic


def test_max_duration_is_the_first_alternatives_maximum() -> None:
    assert parse_standard_time("5-10 hari kerja").max_duration() == (D(10), TimeUnit.HARI_KERJA)
    time = parse_standard_time("30 menit atau 1-2 hari perjalanan dinas")
    assert time.max_duration() == (D(30), TimeUnit.MENIT)


def test_str_is_canonical() -> None:
    assert str(parse_standard_time("5 -10  HARI kerja")) == "5-10 hari kerja"
    assert str(parse_standard_time("1,50 jam")) == "1,5 jam"
    text = "30 menit atau 1-2 hari perjalanan dinas"
    assert str(parse_standard_time(text)) == text


@pytest.mark.parametrize(
    ("text", "reason_part"),
    [
        ("", "kosong"),
        ("   ", "kosong"),
        ("Libuian", "diawali angka"),
        ("2 bilan", "satuan waktu tidak dikenal"),
        ("1 tahun", "satuan waktu tidak dikenal"),
        ("5", "satuan waktu tidak dikenal"),
        ("1.5 jam", "koma"),
        ("0 hari", "nol"),
        ("0-2 hari", "nol"),
        ("0,0 jam", "nol"),
        ("10-5 hari", "batas bawah"),
        ("5- hari kerja", "rentang tidak lengkap"),
        ("1 hari 2 jam", "angka"),
        ("atau 1 hari", "atau"),
        ("1 hari atau", "atau"),
        ("1 hari atau 2 bilan", "satuan waktu tidak dikenal"),
        ("selama 1 hari", "diawali angka"),
    ],
)
def test_unreadable_phrases_raise_with_the_text(text: str, reason_part: str) -> None:
    with pytest.raises(StandardTimeError) as caught:
        parse_standard_time(text)
    assert caught.value.text == text
    assert reason_part in caught.value.reason
    assert f"'{text}'" in str(caught.value)
    assert "tidak dapat dibaca" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_alternative_rejects_zero_and_reversed_amounts() -> None:
    with pytest.raises(ValueError, match="positive"):
        TimeAlternative(D(0), D(1), TimeUnit.HARI)
    with pytest.raises(ValueError, match="exceed"):
        TimeAlternative(D(2), D(1), TimeUnit.HARI)
    with pytest.raises(ValueError, match="alternative"):
        StandardTime("x", ())


# --- properties ------------------------------------------------------------------------------

UNIT_SPELLINGS = {
    "menit": TimeUnit.MENIT,
    "jam": TimeUnit.JAM,
    "hari": TimeUnit.HARI,
    "hari kerja": TimeUnit.HARI_KERJA,
    "minggu": TimeUnit.MINGGU,
    "pekan": TimeUnit.MINGGU,
    "bulan": TimeUnit.BULAN,
}
SEPARATORS = ["-", "\u2013", "\u2014", "s/d", "s.d.", "sampai", "sampai dengan", "hingga"]
amounts = st.decimals(min_value=D("0.01"), max_value=D(10_000), places=2)
spaces = st.sampled_from(["", " ", "  ", "\t"])


def spell(amount: Decimal) -> str:
    return format(amount.normalize(), "f").replace(".", ",")


def recase(text: str, upper: list[bool]) -> str:
    # Letters past the flags keep their case: zip() alone would cut the text short.
    return "".join(c.upper() if i < len(upper) and upper[i] else c for i, c in enumerate(text))


@given(
    a=amounts,
    b=amounts,
    unit=st.sampled_from(sorted(UNIT_SPELLINGS)),
    separator=st.sampled_from(SEPARATORS),
    before=spaces,
    after=spaces,
    upper=st.lists(st.booleans(), min_size=40, max_size=40),
)
def test_any_well_formed_range_parses(
    a: Decimal,
    b: Decimal,
    unit: str,
    separator: str,
    before: str,
    after: str,
    upper: list[bool],
) -> None:
    low, high = sorted((a, b))
    # Words need a space around them; symbols may touch the numbers.
    if separator[0].isalpha() and not separator.startswith("s."):
        before, after = before or " ", after or " "
    text = recase(f"{spell(low)}{before}{separator}{after}{spell(high)} {unit}", upper)
    (parsed,) = parse_standard_time(text).alternatives
    assert (parsed.min_amount, parsed.max_amount) == (low, high)
    assert parsed.unit is UNIT_SPELLINGS[unit]
    assert parsed.qualifier is None


@given(a=amounts, b=amounts, unit=st.sampled_from(sorted(UNIT_SPELLINGS)))
def test_reversed_ranges_raise(a: Decimal, b: Decimal, unit: str) -> None:
    low, high = sorted((a, b))
    if low == high:
        return
    text = f"{spell(high)}-{spell(low)} {unit}"
    with pytest.raises(StandardTimeError, match="batas bawah"):
        parse_standard_time(text)


@given(
    st.lists(
        st.tuples(amounts, amounts, st.sampled_from(list(TimeUnit)), st.booleans()),
        min_size=1,
        max_size=3,
    )
)
def test_canonical_text_round_trips(
    parts: list[tuple[Decimal, Decimal, TimeUnit, bool]],
) -> None:
    alternatives = tuple(
        TimeAlternative(min(a, b), max(a, b), unit, "perjalanan dinas" if qualified else None)
        for a, b, unit, qualified in parts
    )
    time = StandardTime(text="", alternatives=alternatives)
    assert parse_standard_time(str(time)).alternatives == alternatives


@given(st.text(max_size=30))
def test_parser_never_returns_zero_or_crashes_otherwise(text: str) -> None:
    try:
        time = parse_standard_time(text)
    except StandardTimeError as exc:
        assert exc.text == text
        return
    assert all(a.min_amount > 0 for a in time.alternatives)
