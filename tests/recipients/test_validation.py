"""Each row rule, with hypothesis for the NIK and date parsers."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tuntas.recipients.validation import (
    NIK_AS_NUMBER,
    CleanRow,
    Rejection,
    RowError,
    RowValidator,
    check_age,
    normalise_village_code,
    parse_date,
    parse_nik,
    parse_sex,
    parse_yes_no,
)

digits16 = st.text(alphabet="0123456789", min_size=16, max_size=16)


@given(digits16)
def test_any_16_digit_text_is_a_nik(nik: str) -> None:
    assert parse_nik(nik) == nik
    assert parse_nik(f" '{nik} ") == nik


@given(st.text(alphabet="0123456789", max_size=30).filter(lambda s: len(s) != 16))
def test_other_lengths_are_rejected(text: str) -> None:
    with pytest.raises(RowError):
        parse_nik(text)


@given(st.integers(min_value=10**15, max_value=10**16 - 1))
def test_numeric_nik_is_accepted_only_when_no_digit_can_be_lost(number: int) -> None:
    # Excel keeps 15 significant digits (a typed NIK ends in 0); doubles are exact below 2**53.
    if number % 10 == 0 or number >= 2**53:
        with pytest.raises(RowError, match="kehilangan digit"):
            parse_nik(float(number))
    else:
        assert parse_nik(float(number)) == str(number)
    if number % 10:
        assert parse_nik(number) == str(number)


def test_numbers_beyond_double_precision_and_scientific_notation_are_rejected() -> None:
    with pytest.raises(RowError) as exc:
        parse_nik(float(9_402_014_506_900_001))
    assert str(exc.value) == NIK_AS_NUMBER
    with pytest.raises(RowError, match="notasi ilmiah"):
        parse_nik("3.40201E+15")
    with pytest.raises(RowError, match="kehilangan digit"):
        parse_nik(3402014506900001.5)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_both_date_forms_and_date_cells(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d-%m-%Y")) == day
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse_date(dt.datetime.combine(day, dt.time())) == day
    assert parse_date(day) == day


@pytest.mark.parametrize(
    "text", ["2026-02-30", "31-04-2026", "2026/13/01", "kemarin", "", "1/2/26"]
)
def test_bad_dates(text: str) -> None:
    with pytest.raises(RowError):
        parse_date(text)


def test_date_stored_as_number_is_rejected() -> None:
    with pytest.raises(RowError, match="angka"):
        parse_date(46000.0)


def test_sex_yes_no_and_village_code() -> None:
    assert parse_sex(" p ") == "P"
    assert parse_sex("Laki-laki") == "L"
    with pytest.raises(RowError):
        parse_sex("X")
    assert parse_yes_no("Ya") is True
    assert parse_yes_no("tidak") is False
    assert parse_yes_no(1.0) is True
    with pytest.raises(RowError):
        parse_yes_no("mungkin")
    assert normalise_village_code("3402012001") == "34.02.01.2001"
    assert normalise_village_code("34.02.01.2001") == "34.02.01.2001"
    assert normalise_village_code(3402012001.0) == "34.02.01.2001"
    with pytest.raises(RowError):
        normalise_village_code("34.02.01")


def test_age_band_both_ends_inclusive() -> None:
    band = {"unit": "bulan", "min": 0, "max": 59}
    on = dt.date(2026, 12, 31)
    check_age(band, dt.date(2022, 1, 1), on)  # 59 months
    with pytest.raises(RowError, match="di luar sasaran"):
        check_age(band, dt.date(2021, 12, 31), on)  # 60 months
    check_age({"unit": "tahun", "min": 60, "max": None}, dt.date(1930, 1, 1), on)
    with pytest.raises(RowError):
        check_age({"unit": "hari", "min": 0, "max": 28}, dt.date(2026, 12, 1), on)
    with pytest.raises(RowError, match="sesudah"):
        check_age(None, dt.date(2027, 1, 1), on)


HEADER = ["nik", "nama", "jenis_kelamin", "tanggal_lahir", "alamat", "kode_desa",
          "tanggal_layanan", "sesuai_standar"]  # fmt: skip


def _validator(**kw: object) -> RowValidator:
    return RowValidator(
        year=2026,
        district_codes=frozenset({"34.02.01"}),
        village_codes={"34.02.01.2001": "34.02.01"},
        index={c: i for i, c in enumerate(HEADER)},
        **kw,  # type: ignore[arg-type]
    )


GOOD = ["3402014506900001", "Siti", "P", "1990-06-05", "", "3402012001", "2026-03-01", "ya"]


def _with(**changes: str) -> list[str]:
    row = list(GOOD)
    for column, value in changes.items():
        row[HEADER.index(column)] = value
    return row


def test_good_row_passes() -> None:
    result = _validator()(2, GOOD)
    assert isinstance(result, CleanRow)
    assert result.village_code == "34.02.01.2001"
    assert result.district_code == "34.02.01"


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"nik": "3471014506900001"}, "nik", "bukan kecamatan di Pemda ini"),
        ({"jenis_kelamin": "L"}, "nik", "jenis kelamin tidak sesuai dengan NIK"),
        ({"tanggal_lahir": "1990-06-06"}, "nik", "tanggal lahir tidak sesuai"),
        ({"kode_desa": "3471012001"}, "kode_desa", "bukan desa/kelurahan di Pemda ini"),
        ({"tanggal_layanan": "2025-12-31"}, "tanggal_layanan", "di luar tahun 2026"),
        ({"tanggal_layanan": ""}, "sesuai_standar", "harus diberi tanggal layanan"),
        ({"nama": " "}, "nama", "nama wajib diisi"),
        ({"sesuai_standar": "-"}, "sesuai_standar", "ya atau tidak"),
    ],
)
def test_each_rule_names_column_and_reason(
    changes: dict[str, str], column: str, reason: str
) -> None:
    result = _validator()(7, _with(**changes))
    assert isinstance(result, Rejection)
    assert (result.row, result.column) == (7, column)
    assert reason in result.reason


def test_service_sex_and_age_band() -> None:
    man = _with(nik="3402010506900001", jenis_kelamin="L")
    result = _validator(service_sex="P")(2, man)
    assert isinstance(result, Rejection) and "di luar sasaran" in result.reason
    toddler = _validator(age_band={"unit": "bulan", "min": 0, "max": 59})(2, GOOD)
    assert isinstance(toddler, Rejection) and toddler.column == "tanggal_lahir"


def test_duplicate_within_file_points_to_first_row() -> None:
    validator = _validator()
    assert isinstance(validator(2, GOOD), CleanRow)
    second = validator(9, GOOD)
    assert isinstance(second, Rejection)
    assert second.reason == "NIK ganda dalam berkas (sama dengan baris 2)"
