"""The PostgreSQL fast path of a CSV import: the file's bytes are COPYed as text into a
temporary table, and the rows that are plainly valid are checked and cleaned set-wise in SQL.

The Python `RowValidator` stays the one reference of behaviour. The SQL here is deliberately
narrower: it accepts a row only when every value is in a form whose meaning is certain (ASCII
digits and letters, the two date forms, the known words), so anything it does not accept is
handed, with its cells as read, to the Python validator, which accepts it or says why not in its
own words. Duplicates are found last, over every accepted row, exactly as the validator's last
rule does. The words, whitespace and age band come from `validation`, never copied here.
"""

import csv
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.db import DatabaseError, connection, transaction

from .validation import (
    _NO,
    _SEX,
    _YES,
    DUPLICATE_NIK,
    FEMALE_DAY_OFFSET,
    CleanRow,
    Rejection,
    RowValidator,
)
from .writer import FIELDS, STAGING, create_staging

RAW = "recipients_raw"
CHECKED = "recipients_checked"
# Every character Python's str.strip() removes, so SQL trims exactly as the validator does.
WHITESPACE = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
_ISO = "'^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})$'"
_DMY = "'^([0-9]{1,2})[-/]([0-9]{1,2})[-/]([0-9]{4})$'"
_DEFAULT_DIALECT = csv.excel()


class _NotPlain(Exception):
    """The file holds something COPY reads differently from the csv module."""


@dataclass
class Checked:
    """The outcome of the SQL check: the rows it could not accept, for the validator."""

    read: int
    leftovers: list[tuple[int, list[str]]]


def usable(dialect: Any) -> bool:
    """COPY reads CSV the way the csv module does only for the plain dialect."""
    return (
        dialect.quotechar == _DEFAULT_DIALECT.quotechar
        and dialect.doublequote
        and not dialect.skipinitialspace
        and dialect.escapechar is None
        and dialect.delimiter in ",;\t"
    )


def _trim(cell: str) -> str:
    return f"btrim({cell}, %(ws)s)"


def _date(cell: str, alias: str) -> tuple[str, str]:
    """(lateral subquery, date expression) for a date cell in either accepted form; NULL when
    absent, malformed or not in the calendar (make_date is reached only for real dates)."""
    token = f"split_part(split_part({_trim(cell)}, ' ', 1), 'T', 1)"
    lateral = (
        "LEFT JOIN LATERAL (SELECT coalesce(i[1], a[3])::int AS y, "  # noqa: S608 (no values)
        "coalesce(i[2], a[2])::int AS m, coalesce(i[3], a[1])::int AS d "
        f"FROM (SELECT regexp_match(t, {_ISO}) AS i, regexp_match(t, {_DMY}) AS a "
        f"FROM (SELECT {token} AS t) t0) t1) {alias} ON true"
    )
    # Nested CASEs: only they fix the order, so make_date never sees an impossible date.
    value = (
        f"CASE WHEN {alias}.y >= 1 AND {alias}.m BETWEEN 1 AND 12 AND {alias}.d >= 1 THEN "
        f"CASE WHEN {alias}.d <= extract(day FROM make_date({alias}.y, {alias}.m, 1) "
        f"+ interval '1 month - 1 day') THEN make_date({alias}.y, {alias}.m, {alias}.d) END END"
    )
    return lateral, value


def _yes_no(cell: str) -> str:
    """'true'/'false' for the known words (ASCII only), else NULL."""
    text = _trim(cell)
    return (
        f"CASE WHEN {text} ~ '^[A-Za-z0-9.]+$' THEN "
        f"%(yes_no)s::jsonb ->> regexp_replace(lower({text}), '\\.0$', '') END"
    )


def _select(validator: RowValidator, width: int) -> tuple[str, dict[str, Any]]:
    """The SELECT of every non-empty raw row: the clean values and `ok` when all rules pass."""

    def cell(name: str) -> str:
        i = validator.index.get(name)
        return f"r.c{i}" if i is not None and i < width else "''::text"

    laterals = []
    born_lateral, born = _date(cell("tanggal_lahir"), "b")
    served_lateral, served_date = _date(cell("tanggal_layanan"), "s")
    laterals += [born_lateral, served_lateral]
    served = f"CASE WHEN {cell('tanggal_layanan')} = '' THEN NULL ELSE {served_date} END"
    sex_text = _trim(cell("jenis_kelamin"))
    sex = f"CASE WHEN {sex_text} ~ '^[A-Za-z-]+$' THEN %(sex)s::jsonb ->> upper({sex_text}) END"
    village_digits = f"replace({_trim(cell('kode_desa'))}, '.', '')"
    village = (
        f"CASE WHEN {village_digits} ~ '^[0-9]{{10}}$' THEN substr({village_digits}, 1, 2) || '.' "
        f"|| substr({village_digits}, 3, 2) || '.' || substr({village_digits}, 5, 2) || '.' "
        f"|| substr({village_digits}, 7, 4) END"
    )
    extra_values = []
    extra_ok = []
    for n, spec in enumerate(validator.extra_fields):
        raw = cell(spec.name)
        text = _trim(raw)
        if spec.type == "bool":
            value = f"({_yes_no(raw)})::boolean"
        elif spec.type == "date":
            lateral, parsed = _date(raw, f"x{n}")
            laterals.append(lateral)
            value = f"to_char({parsed}, 'YYYY-MM-DD')"
        elif spec.type == "int":
            value = f"CASE WHEN {text} ~ '^-?[0-9]{{1,9}}$' THEN {text}::int END"
        else:
            value = text
        empty = f"{text} = ''"
        checks = [f"{value} IS NOT NULL"]
        if spec.type == "int" and spec.min is not None:
            checks.append(f"{value} >= {int(spec.min)}")
        if spec.type == "int" and spec.max is not None:
            checks.append(f"{value} <= {int(spec.max)}")
        if spec.required:
            extra_ok.append(f"(NOT {empty} AND {' AND '.join(checks)})")
        else:
            extra_ok.append(f"({empty} OR ({' AND '.join(checks)}))")
        extra_values.append(f"'{spec.name}', CASE WHEN {empty} THEN NULL ELSE {value} END")
    extra = f"jsonb_build_object({', '.join(extra_values)})"

    to_standard = f"({_yes_no(cell('sesuai_standar'))})::boolean"
    nik = f"replace(ltrim({_trim(cell('nik'))}, ''''), ' ', '')"
    band = validator.age_band
    reference = "coalesce(v.served_on, %(year_end)s::date)"
    age_ok = f"{reference} >= v.birth_date"
    if band:
        months = (
            f"((extract(year FROM {reference}) - extract(year FROM v.birth_date)) * 12 "
            f"+ extract(month FROM {reference}) - extract(month FROM v.birth_date) "
            f"- (extract(day FROM {reference}) < extract(day FROM v.birth_date))::int)"
        )
        age = {
            "hari": f"({reference} - v.birth_date)",
            "bulan": months,
        }.get(band["unit"], f"floor({months} / 12)")
        age_ok += f" AND {age} >= %(age_min)s"
        if band["max"] is not None:
            age_ok += f" AND {age} <= %(age_max)s"
    cells = [f"r.c{i}" for i in range(width)]
    sql = f"""
        SELECT v.*, CASE WHEN (
            v.nik ~ '^[0-9]{{16}}$' AND v.name <> '' AND v.sex IS NOT NULL
            AND v.birth_date IS NOT NULL AND v.district_code IS NOT NULL
            AND (v.served_text = '' OR v.served_on IS NOT NULL)
            AND (v.served_on IS NULL OR v.served_on BETWEEN %(year_start)s AND %(year_end)s)
            AND v.to_standard IS NOT NULL AND NOT (v.to_standard AND v.served_on IS NULL)
            AND v.extra_ok
        ) IS TRUE THEN (
            left(v.nik, 6) = ANY(%(districts)s)
            AND (substr(v.nik, 7, 2)::int > {FEMALE_DAY_OFFSET}) = (v.sex = 'P')
            AND substr(v.nik, 7, 2)::int - CASE WHEN v.sex = 'P' THEN {FEMALE_DAY_OFFSET}
                ELSE 0 END = extract(day FROM v.birth_date)
            AND substr(v.nik, 9, 2)::int = extract(month FROM v.birth_date)
            AND substr(v.nik, 11, 2)::int = extract(year FROM v.birth_date)::int %% 100
            AND (%(service_sex)s::text IS NULL OR v.sex = %(service_sex)s::text)
            AND {age_ok}
        ) IS TRUE ELSE false END AS ok
        FROM (
            SELECT r.row_no, {nik} AS nik, {_trim(cell("nama"))} AS name, {sex} AS sex,
                {born} AS birth_date, {_trim(cell("alamat"))} AS address,
                vc.code AS village_code, vc.district AS district_code,
                {cell("tanggal_layanan")} AS served_text, {served} AS served_on,
                {to_standard} AS to_standard, {extra} AS extra,
                {" AND ".join(extra_ok) or "true"} AS extra_ok
            FROM {RAW} r
            {" ".join(laterals)}
            LEFT JOIN (SELECT unnest(%(village_codes)s::text[]) AS code,
                              unnest(%(village_districts)s::text[]) AS district) vc
                ON vc.code = {village}
            WHERE {" OR ".join(f"{c} <> ''" for c in cells)}
        ) v
    """  # noqa: S608 (identifiers are this module's; every value is a parameter)
    params = {
        "ws": WHITESPACE,
        "sex": json.dumps(_SEX),
        "yes_no": json.dumps({**dict.fromkeys(_YES, True), **dict.fromkeys(_NO, False)}),
        "year_start": validator.year_start,
        "year_end": validator.year_end,
        "districts": sorted(validator.district_digits),
        "service_sex": validator.service_sex,
        "village_codes": list(validator.village_codes),
        "village_districts": list(validator.village_codes.values()),
        "age_min": band["min"] if band else None,
        "age_max": band["max"] if band else None,
    }
    return sql, params


def copy_file(path: Path, dialect: Any, width: int) -> bool:
    """COPY the CSV's data rows into the raw table; False when COPY cannot read the file the
    way the csv module does (ragged rows, bad encoding), which leaves the Python path."""
    columns = ", ".join(f"c{i}" for i in range(width))
    delimiter = dialect.delimiter.replace("'", "''")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {RAW}")
        cursor.execute(
            f"CREATE TEMP TABLE {RAW} (row_no bigint GENERATED ALWAYS AS IDENTITY (START 2), "
            + ", ".join(f"c{i} text" for i in range(width))
            + ")"
        )
        sql = (
            f"COPY {RAW} ({columns}) FROM STDIN (FORMAT csv, HEADER, DELIMITER E'{delimiter}', "
            f"FORCE_NOT_NULL ({columns}))"
        )
        try:
            with transaction.atomic(), cursor.cursor.copy(sql) as copy, open(path, "rb") as f:
                head = f.read(3)
                if head != b"\xef\xbb\xbf":  # utf-8-sig: the BOM is not data
                    f.seek(0)
                tail = b""
                while block := f.read(1 << 20):
                    if b"\\." in tail + block:
                        # COPY would end at a line "\." and silently drop the rest.
                        raise _NotPlain
                    copy.write(block)
                    tail = block[-1:]
        except (DatabaseError, psycopg.Error, _NotPlain):
            cursor.execute(f"DROP TABLE IF EXISTS {RAW}")
            return False
    return True


def check(validator: RowValidator, width: int) -> Checked:
    """Check the raw rows into the checked table; the rows SQL cannot accept come back."""
    select, params = _select(validator, width)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {CHECKED}")
        cursor.execute(f"CREATE TEMP TABLE {CHECKED} AS {select}", params)
        cursor.execute(f"SELECT count(*) FROM {CHECKED}")  # noqa: S608
        read = cursor.fetchone()[0]
        cells = ", ".join(f"r.c{i}" for i in range(width))
        cursor.execute(
            f"SELECT r.row_no, {cells} FROM {CHECKED} k JOIN {RAW} r USING (row_no) "  # noqa: S608
            "WHERE NOT k.ok ORDER BY r.row_no"
        )
        leftovers = [(row[0], list(row[1:])) for row in cursor.fetchall()]
    return Checked(read=read, leftovers=leftovers)


def accept(rows: Sequence[tuple[int, CleanRow]]) -> None:
    """Add the rows the Python validator accepted after SQL could not."""
    if not rows:
        return
    columns = ("row_no", *FIELDS, "ok")
    sql = f"COPY {CHECKED} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row_no, r in rows:
            copy.write_row(
                (row_no, *r[:9], json.dumps(r.extra), True)  # CleanRow's fields in FIELDS order
            )


def duplicates(width: int) -> Iterator[tuple[Rejection, list[str]]]:
    """Every accepted row whose NIK an earlier accepted row already has, with its cells."""
    cells = ", ".join(f"r.c{i}" for i in range(width))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.row_no, d.nik, d.first, {cells} FROM (SELECT row_no, nik, "  # noqa: S608
            f"min(row_no) OVER (PARTITION BY nik) AS first FROM {CHECKED} WHERE ok) d "
            f"JOIN {RAW} r USING (row_no) WHERE d.row_no <> d.first ORDER BY d.row_no"
        )
        for row_no, nik, first, *raw in cursor.fetchall():
            reason = DUPLICATE_NIK.format(first=first)
            yield Rejection(row_no, "nik", nik, reason), raw


def stage() -> None:
    """The first accepted row of each NIK into the writer's staging table, in key order."""
    columns = ", ".join(FIELDS)
    with connection.cursor() as cursor:
        create_staging(cursor)
        cursor.execute(
            f"INSERT INTO {STAGING} ({columns}) SELECT DISTINCT ON (nik) {columns} "  # noqa: S608
            f"FROM {CHECKED} WHERE ok ORDER BY nik, row_no"
        )


def drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {RAW}, {CHECKED}, {STAGING}")
