"""Each row rule of `validation.validate`, with hypothesis for the NIK and date parsing.

Cells go in as the readers give them: text, plus a number flag for an Excel number cell (a
Python int or float below stands for one, rendered as the XLSX reader renders it; a date
stands for a date-formatted cell)."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tuntas.recipients.validation import (
    CORE_COLUMNS,
    NIK_AS_NUMBER,
    Checked,
    ExtraField,
    ImportRules,
    validate,
    validate_chunks,
)

HEADER = list(CORE_COLUMNS)
GOOD = ["3402014506900001", "Siti", "P", "1990-06-05", "", "3402012001", "2026-03-01", "ya"]


def _cell(value: Any) -> tuple[str | None, bool]:
    if value is None or value == "":
        return None, False
    if isinstance(value, dt.date):
        return value.isoformat()[:10], False
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else repr(value)), True
    if isinstance(value, int):
        return str(value), True
    return str(value), False


def check(rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER, **kw: Any) -> Checked:
    data: dict[str, list[Any]] = {"row": list(range(2, len(rows) + 2))}
    for i in range(len(header)):
        cells = [_cell(r[i] if i < len(r) else None) for r in rows]
        data[f"c{i}"] = [c[0] for c in cells]
        data[f"n{i}"] = [c[1] for c in cells]
    schema = {"row": pl.Int64} | {
        f"{p}{i}": pl.String if p == "c" else pl.Boolean for i in range(len(header)) for p in "cn"
    }
    rules = ImportRules(
        year=2026,
        district_codes=frozenset({"34.02.01"}),
        village_codes={"34.02.01.2001": "34.02.01"},
        index={c: i for i, c in enumerate(header)},
        **kw,
    )
    return validate(pl.DataFrame(data, schema=schema), rules)


def _with(**changes: Any) -> list[Any]:
    row: list[Any] = list(GOOD)
    for column, value in changes.items():
        row[HEADER.index(column)] = value
    return row


def rejection(row: Sequence[Any], **kw: Any) -> dict[str, Any] | None:
    """The one row's rejection (row, column, value, reason), or None when it is clean."""
    rejected = check([row], **kw).rejected
    return rejected.row(0, named=True) if rejected.height else None


def _nik_for(day: dt.date, female: bool = True, district: str = "340201") -> str:
    return f"{district}{day.day + (40 if female else 0):02d}{day:%m%y}0001"


digits16 = st.text(alphabet="0123456789", min_size=16, max_size=16)


@given(digits16)
@settings(max_examples=40, deadline=None)
def test_any_16_digit_text_is_a_nik(nik: str) -> None:
    for written in (nik, f" '{nik} ", f"{nik[:8]} {nik[8:]}"):
        got = rejection(_with(nik=written))
        assert got is None or got["column"] != "nik" or "16 angka" not in got["reason"]


@given(st.text(alphabet="0123456789", min_size=1, max_size=30).filter(lambda s: len(s) != 16))
@settings(max_examples=40, deadline=None)
def test_other_lengths_are_rejected(text: str) -> None:
    got = rejection(_with(nik=text))
    assert got is not None
    assert (got["column"], got["reason"]) == ("nik", "NIK harus 16 angka")


@given(st.integers(min_value=10**15, max_value=10**16 - 1))
@settings(max_examples=60, deadline=None)
def test_numeric_nik_is_accepted_only_when_no_digit_can_be_lost(number: int) -> None:
    # Excel keeps 15 significant digits (a typed NIK ends in 0); doubles are exact below 2**53.
    got = rejection(_with(nik=float(number)))
    if number % 10 == 0 or number >= 2**53:
        assert got is not None and got["reason"] == NIK_AS_NUMBER
    else:
        assert got is None or "kehilangan digit" not in got["reason"]


def test_a_numeric_nik_that_is_right_is_stored_as_text() -> None:
    clean = check([_with(nik=3402014506900001.0)]).clean
    assert clean["nik"].to_list() == ["3402014506900001"]


def test_numbers_beyond_double_precision_and_scientific_notation_are_rejected() -> None:
    assert rejection(_with(nik=float(9_402_014_506_900_001)))["reason"] == NIK_AS_NUMBER  # type: ignore[index]
    scientific = rejection(_with(nik="3.40201E+15"))
    assert scientific is not None and "notasi ilmiah (3.40201E+15)" in scientific["reason"]
    assert rejection(_with(nik=3402014506900001.5))["reason"] == NIK_AS_NUMBER  # type: ignore[index]
    assert rejection(_with(nik=""))["reason"] == "NIK wajib diisi"  # type: ignore[index]


@given(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2026, 3, 1)))
@settings(max_examples=60, deadline=None)
def test_both_date_forms_and_date_cells(day: dt.date) -> None:
    nik = _nik_for(day)
    for written in (
        day.isoformat(),
        day.strftime("%d-%m-%Y"),
        day.strftime("%d/%m/%Y"),
        f"{day.year}-{day.month}-{day.day}",
        f"{day.isoformat()} 00:00:00",
        dt.datetime.combine(day, dt.time()),
        day,
    ):
        result = check([_with(nik=nik, tanggal_lahir=written)])
        assert result.rejected.height == 0, (written, result.rejected.to_dicts())
        assert result.clean["birth_date"].to_list() == [day]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2026-02-30", "tanggal tidak ada di kalender"),
        ("31-04-2026", "tanggal tidak ada di kalender"),
        ("2026/13/01", "tanggal tidak ada di kalender"),
        ("kemarin", "berformat TTTT-BB-HH"),
        ("1/2/26", "berformat TTTT-BB-HH"),
        ("", "tanggal wajib diisi"),
        (46000.0, "tersimpan sebagai angka"),
    ],
)
def test_bad_birth_dates(text: Any, reason: str) -> None:
    got = rejection(_with(tanggal_lahir=text))
    assert got is not None and got["column"] == "tanggal_lahir"
    assert reason in got["reason"]


def test_sex_yes_no_and_village_code_forms() -> None:
    men = _nik_for(dt.date(1990, 6, 5), female=False)
    for sex in (" p ", "Perempuan", "PR"):
        assert rejection(_with(jenis_kelamin=sex)) is None
    for sex in ("Laki-laki", "l", "LK"):
        assert rejection(_with(nik=men, jenis_kelamin=sex)) is None
    assert rejection(_with(jenis_kelamin="X"))["reason"] == "jenis kelamin harus L atau P"  # type: ignore[index]
    for yes in ("Ya", " TIDAK ", "1.0", "benar", "false", 1.0, 0):
        assert rejection(_with(sesuai_standar=yes)) is None, yes
    assert rejection(_with(sesuai_standar="mungkin"))["column"] == "sesuai_standar"  # type: ignore[index]
    for code in ("3402012001", "34.02.01.2001", 3402012001.0):
        result = check([_with(kode_desa=code)])
        assert result.clean["village_code"].to_list() == ["34.02.01.2001"]
        assert result.clean["district_code"].to_list() == ["34.02.01"]
    got = rejection(_with(kode_desa="34.02.01"))
    assert got is not None and "10 angka" in got["reason"]


def test_age_band_both_ends_inclusive() -> None:
    band = {"unit": "bulan", "min": 0, "max": 59}

    # Served on 2026-12-31 would be outside the year; with no service date the reference
    # date is 31 December.
    def born(day: dt.date, **kw: Any) -> dict[str, Any] | None:
        row = _with(nik=_nik_for(day), tanggal_lahir=day.isoformat(), tanggal_layanan="",
                    sesuai_standar="tidak")  # fmt: skip
        return rejection(row, **kw)

    assert born(dt.date(2022, 1, 1), age_band=band) is None  # 59 months
    outside = born(dt.date(2021, 12, 31), age_band=band)  # 60 months
    assert outside is not None and outside["column"] == "tanggal_lahir"
    assert outside["reason"] == "usia 60 bulan pada 31-12-2026 di luar sasaran layanan (0–59 bulan)"
    assert born(dt.date(1930, 1, 1), age_band={"unit": "tahun", "min": 60, "max": None}) is None
    young = born(dt.date(1990, 1, 1), age_band={"unit": "tahun", "min": 60, "max": None})
    assert young is not None and "(60–ke atas tahun)" in young["reason"]
    assert born(dt.date(2026, 12, 1), age_band={"unit": "hari", "min": 0, "max": 28}) is not None
    assert born(dt.date(2026, 12, 10), age_band={"unit": "hari", "min": 0, "max": 28}) is None
    late = rejection(_with(nik=_nik_for(dt.date(2026, 5, 1)), tanggal_lahir="2026-05-01"))
    assert late is not None and late["reason"] == "tanggal lahir sesudah tanggal acuan"


def test_good_row_passes() -> None:
    result = check([GOOD])
    assert result.rejected.height == 0
    row = result.clean.row(0, named=True)
    assert row["village_code"] == "34.02.01.2001"
    assert row["district_code"] == "34.02.01"
    assert row["served_on"] == dt.date(2026, 3, 1)
    assert row["to_standard"] is True
    assert row["extra"] == "{}"


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
    rejected = check([GOOD, _with(**changes)]).rejected
    assert rejected.height == 1
    got = rejected.row(0, named=True)
    assert (got["row"], got["column"]) == (3, column)
    assert reason in got["reason"]
    # The row as written comes along, to be fixed in the error sheet.
    assert got["kode_desa"] == _with(**changes)[5]


def test_first_failing_rule_wins() -> None:
    got = rejection(_with(nama="", jenis_kelamin="X", kode_desa="1"))
    assert got is not None and (got["column"], got["value"]) == ("nama", "")


def test_service_sex_and_age_band() -> None:
    man = _with(nik="3402010506900001", jenis_kelamin="L")
    got = rejection(man, service_sex="P")
    assert got is not None and got["reason"] == "jenis kelamin di luar sasaran layanan"
    toddler = rejection(GOOD, age_band={"unit": "bulan", "min": 0, "max": 59})
    assert toddler is not None and toddler["column"] == "tanggal_lahir"


def test_duplicate_within_file_points_to_first_row() -> None:
    bad_first = _with(nama="")
    result = check([bad_first, GOOD, GOOD, GOOD])
    assert result.clean.height == 1
    reasons = {r["row"]: r["reason"] for r in result.rejected.iter_rows(named=True)}
    assert reasons[2] == "nama wajib diisi"
    assert reasons[4] == reasons[5] == "NIK ganda dalam berkas (sama dengan baris 3)"


def test_service_fields() -> None:
    fields = (
        ExtraField("kunjungan", "Kunjungan", "int", required=True, min=0, max=4),
        ExtraField("faskes", "Faskes", "bool"),
        ExtraField("tanggal_rujukan", "Rujukan", "date"),
        ExtraField("catatan", "Catatan", "text"),
    )
    header = [*HEADER, "kunjungan", "faskes", "tanggal_rujukan", "catatan"]

    def run(*extra: Any) -> Checked:
        return check([[*GOOD, *extra]], header=header, extra_fields=fields)

    clean = run("3", "ya", "01/02/2026", " rujuk ").clean
    assert clean["extra"].to_list() == [
        '{"catatan":"rujuk","faskes":true,"kunjungan":3,"tanggal_rujukan":"2026-02-01"}'
    ]
    assert run(2.0, "", "", "").clean["extra"].to_list() == [
        '{"catatan":null,"faskes":null,"kunjungan":2,"tanggal_rujukan":null}'
    ]
    for extra, column, reason in [
        (("", "", "", ""), "kunjungan", "wajib diisi"),
        (("2,5", "", "", ""), "kunjungan", "harus bilangan bulat"),
        (("5", "", "", ""), "kunjungan", "tidak boleh lebih dari 4"),
        (("-1", "", "", ""), "kunjungan", "tidak boleh kurang dari 0"),
        (("1", "entah", "", ""), "faskes", "harus ya atau tidak"),
        (("1", "", "2026-02-31", ""), "tanggal_rujukan", "tanggal tidak ada di kalender"),
    ]:
        got = run(*extra).rejected.row(0, named=True)
        assert (got["column"], got["reason"]) == (column, reason), extra


def test_unmapped_optional_columns_and_blank_service_date() -> None:
    header = ["nik", "nama", "jenis_kelamin", "tanggal_lahir", "kode_desa", "sesuai_standar"]
    row = [GOOD[0], "Siti", "P", "1990-06-05", "3402012001", "tidak"]
    result = check([row], header=header)
    assert result.rejected.height == 0
    assert result.clean.row(0, named=True) | {"extra": "{}"} == {
        "nik": GOOD[0], "name": "Siti", "sex": "P", "birth_date": dt.date(1990, 6, 5),
        "address": "", "village_code": "34.02.01.2001", "district_code": "34.02.01",
        "served_on": None, "to_standard": False, "extra": "{}",
    }  # fmt: skip


def test_duplicates_are_found_across_chunks() -> None:
    rows = [_with(nama=""), GOOD, _with(nama="Siti A"), GOOD]
    header = HEADER
    data: dict[str, list[Any]] = {"row": [2, 3, 4, 5]}
    for i in range(len(header)):
        data[f"c{i}"] = [r[i] or None for r in rows]
    rules = ImportRules(
        year=2026,
        district_codes=frozenset({"34.02.01"}),
        village_codes={"34.02.01.2001": "34.02.01"},
        index={c: i for i, c in enumerate(header)},
    )
    frame = pl.DataFrame(data, schema={"row": pl.Int64} | {f"c{i}": pl.String for i in range(8)})
    chunks = list(validate_chunks(frame, rules, rows=2))
    assert [c.clean.height for c in chunks] == [1, 0]
    assert (
        chunks[1].rejected["reason"].to_list()
        == ["NIK ganda dalam berkas (sama dengan baris 3)"] * 2
    )
    assert validate(frame, rules, rows=2).rejected["row"].to_list() == [2, 4, 5]
