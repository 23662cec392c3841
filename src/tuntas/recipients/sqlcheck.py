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
from collections.abc import Sequence
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
from .writer import FIELDS

RAW = "recipients_raw"
CHECKED = "recipients_checked"
# Every character Python's str.strip() removes, so SQL trims exactly as the validator does.
WHITESPACE = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
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
    """Free text trimmed exactly as str.strip() does."""
    return f"btrim({cell}, %(ws)s)"


def _trim_spaces(cell: str) -> str:
    """A cell matched against an anchored pattern next: trimming spaces suffices, since any
    other whitespace left fails the pattern and sends the row to the validator."""
    return f"btrim({cell})"


def _date_token(text: str) -> str:
    """A trimmed date cell as the validator reads it (first word, before any T), with '/'
    read as '-'."""
    return f"translate(split_part(split_part({text}, ' ', 1), 'T', 1), '/', '-')"


_ISO = "'^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$'"
_DMY = "'^[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}$'"
_MONTH_DAYS = "'{31,29,31,30,31,30,31,31,30,31,30,31}'::int[]"


def _date_kind(token: str) -> str:
    """1 for YYYY-MM-DD, 2 for DD-MM-YYYY, else NULL."""
    return f"CASE WHEN {token} ~ {_ISO} THEN 1 WHEN {token} ~ {_DMY} THEN 2 END"


def _date_parts(token: str, kind: str) -> list[str]:
    """Year, month and day of a token of a known kind, else NULLs."""
    return [
        f"CASE {kind} WHEN 1 THEN split_part({token}, '-', {i})::int "
        f"WHEN 2 THEN split_part({token}, '-', {j})::int END"
        for i, j in ((1, 3), (2, 2), (3, 1))
    ]


def _make_date(y: str, m: str, d: str) -> str:
    """The date, or NULL when it is not in the (proleptic Gregorian) calendar; nested CASEs
    fix the evaluation order so make_date never sees an impossible date."""
    leap = f"({y} %% 4 = 0 AND ({y} %% 100 <> 0 OR {y} %% 400 = 0))"
    days = f"CASE WHEN {m} = 2 THEN 28 + {leap}::int ELSE ({_MONTH_DAYS})[{m}] END"
    return (
        f"CASE WHEN {y} >= 1 AND {m} BETWEEN 1 AND 12 AND {d} >= 1 THEN "
        f"CASE WHEN {d} <= {days} THEN make_date({y}, {m}, {d}) END END"
    )


def _yes_no(text: str) -> str:
    """true/false for the known words of a trimmed cell (ASCII only), else NULL."""
    return (
        f"(CASE WHEN {text} ~ '^[A-Za-z0-9.]+$' THEN "
        f"%(yes_no)s::jsonb ->> regexp_replace(lower({text}), '\\.0$', '') END)::boolean"
    )


def _columns(values: dict[str, str]) -> str:
    return ", ".join(f"{sql} AS {name}" for name, sql in values.items())


def _select(validator: RowValidator, width: int) -> tuple[str, dict[str, Any]]:
    """The SELECT of every non-empty raw row: the clean values and `ok` when all rules pass.
    Built in layers fenced with OFFSET 0, so that each value is computed once per row (the
    planner would otherwise repeat an expression wherever the next layer uses it)."""

    def cell(name: str) -> str:
        i = validator.index.get(name)
        return f"r.c{i}" if i is not None and i < width else "''::text"

    specs = list(validator.extra_fields)
    # Layer 1: trimmed texts and date tokens, from the raw cells.
    l1 = {
        "nik": f"replace(ltrim({_trim_spaces(cell('nik'))}, ''''), ' ', '')",
        "name": _trim(cell("nama")),
        "sex_text": _trim_spaces(cell("jenis_kelamin")),
        "born_t": _date_token(_trim_spaces(cell("tanggal_lahir"))),
        "address": _trim(cell("alamat")),
        "village_t": f"replace({_trim_spaces(cell('kode_desa'))}, '.', '')",
        "served_text": cell("tanggal_layanan"),
        "served_t": _date_token(_trim_spaces(cell("tanggal_layanan"))),
        "standard_t": _trim_spaces(cell("sesuai_standar")),
        **{f"x{n}": _trim(cell(spec.name)) for n, spec in enumerate(specs)},
    }
    # Layer 2: the kind of each date, and every value that is not a date.
    l2 = {
        "row_no": "row_no",
        "nik": "nik",
        "name": "name",
        "address": "address",
        "served_text": "served_text",
        "born_t": "born_t",
        "served_t": "served_t",
        "born_k": _date_kind("born_t"),
        "served_k": _date_kind("served_t"),
        "sex": "CASE WHEN sex_text ~ '^[A-Za-z-]+$' THEN %(sex)s::jsonb ->> upper(sex_text) END",
        "village_code": (
            "CASE WHEN village_t ~ '^[0-9]{10}$' THEN substr(village_t, 1, 2) || '.' "
            "|| substr(village_t, 3, 2) || '.' || substr(village_t, 5, 2) || '.' "
            "|| substr(village_t, 7, 4) END"
        ),
        "to_standard": _yes_no("standard_t"),
    }
    extra_values = []
    extra_ok = []
    for n, spec in enumerate(specs):
        text = f"x{n}"
        if spec.type == "bool":
            value = _yes_no(text)
        elif spec.type == "date":  # rare: inline, evaluated more than once
            token = _date_token(text)
            value = f"to_char({_make_date(*_date_parts(token, _date_kind(token)))}, 'YYYY-MM-DD')"
        elif spec.type == "int":
            value = f"CASE WHEN {text} ~ '^-?[0-9]{{1,9}}$' THEN {text}::int END"
        else:
            value = text
        l2[f"x{n}_empty"] = f"{text} = ''"
        l2[f"x{n}"] = value
        checks = [f"x{n} IS NOT NULL"]
        if spec.type == "int" and spec.min is not None:
            checks.append(f"x{n} >= {int(spec.min)}")
        if spec.type == "int" and spec.max is not None:
            checks.append(f"x{n} <= {int(spec.max)}")
        required = f"NOT x{n}_empty AND " if spec.required else f"x{n}_empty OR "
        extra_ok.append(f"({required}({' AND '.join(checks)}))")
        extra_values.append(f"'{spec.name}', CASE WHEN x{n}_empty THEN NULL ELSE x{n} END")
    # Layer 3: year, month and day of each date; the service's fields as JSON.
    l3 = {
        name: name
        for name in ("row_no", "nik", "name", "address", "served_text", "sex", "village_code")
    }
    l3["to_standard"] = "to_standard"
    for prefix in ("born", "served"):
        for part, sql in zip("ymd", _date_parts(f"{prefix}_t", f"{prefix}_k"), strict=True):
            l3[f"{prefix}_{part}"] = sql
    l3["extra"] = f"jsonb_build_object({', '.join(extra_values)})"
    l3["extra_ok"] = f"({' AND '.join(extra_ok) or 'true'}) IS TRUE"
    # Layer 4: the dates.
    l4 = {name: name for name in l3 if not name.endswith(("_t", "_k"))}
    l4["birth_date"] = _make_date("born_y", "born_m", "born_d")
    l4["served_on"] = (
        f"CASE WHEN served_text <> '' THEN {_make_date('served_y', 'served_m', 'served_d')} END"
    )

    band = validator.age_band
    # The reference date of the age band: the service date, else the end of the year.
    ref = {
        part: f"CASE WHEN v.served_on IS NULL THEN {end} ELSE v.served_{part} END"
        for part, end in zip("ymd", (validator.year, 12, 31), strict=True)
    }
    reference = "coalesce(v.served_on, %(year_end)s::date)"
    age_ok = f"{reference} >= v.birth_date"
    if band:
        months = (
            f"(({ref['y']} - v.born_y) * 12 + {ref['m']} - v.born_m - ({ref['d']} < v.born_d)::int)"
        )
        age = {
            "hari": f"({reference} - v.birth_date)",
            "bulan": months,
        }.get(band["unit"], f"({months} / 12)")  # never negative here: the division floors
        age_ok += f" AND {age} >= %(age_min)s"
        if band["max"] is not None:
            age_ok += f" AND {age} <= %(age_max)s"
    cells = [f"r.c{i}" for i in range(width)]
    sql = f"""
        SELECT v.row_no, v.nik, v.name, v.sex, v.birth_date, v.address, v.village_code,
            vc.district AS district_code, v.served_on, v.to_standard, v.extra,
            CASE WHEN (
                v.nik ~ '^[0-9]{{16}}$' AND v.name <> '' AND v.sex IS NOT NULL
                AND v.birth_date IS NOT NULL AND vc.district IS NOT NULL
                AND (v.served_text = '' OR v.served_on IS NOT NULL)
                AND (v.served_on IS NULL OR v.served_on BETWEEN %(year_start)s AND %(year_end)s)
                AND v.to_standard IS NOT NULL AND NOT (v.to_standard AND v.served_on IS NULL)
                AND v.extra_ok
            ) IS TRUE THEN (
                left(v.nik, 6) = ANY(%(districts)s)
                AND (substr(v.nik, 7, 2)::int > {FEMALE_DAY_OFFSET}) = (v.sex = 'P')
                AND substr(v.nik, 7, 2)::int - CASE WHEN v.sex = 'P' THEN {FEMALE_DAY_OFFSET}
                    ELSE 0 END = v.born_d
                AND substr(v.nik, 9, 2)::int = v.born_m
                AND substr(v.nik, 11, 2)::int = v.born_y %% 100
                AND (%(service_sex)s::text IS NULL OR v.sex = %(service_sex)s::text)
                AND {age_ok}
            ) IS TRUE ELSE false END AS ok
        FROM (SELECT {_columns(l4)} FROM (SELECT {_columns(l3)} FROM (SELECT {_columns(l2)}
            FROM (SELECT r.row_no, {_columns(l1)} FROM {RAW} r
                  WHERE {" OR ".join(f"{c} <> ''" for c in cells)} OFFSET 0) l1
            OFFSET 0) l2 OFFSET 0) l3 OFFSET 0) v
        LEFT JOIN (SELECT unnest(%(village_codes)s::text[]) AS code,
                          unnest(%(village_districts)s::text[]) AS district) vc
            ON vc.code = v.village_code
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
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(sql) as copy,
    ):
        for row_no, r in rows:
            copy.write_row(
                (row_no, *r[:9], json.dumps(r.extra), True)  # CleanRow's fields in FIELDS order
            )


def duplicates(width: int) -> list[tuple[Rejection, list[str]]]:
    """Every accepted row whose NIK an earlier accepted row already has, with its cells; such
    rows are no longer accepted."""
    cells = ", ".join(f"r.c{i}" for i in range(width))
    with connection.cursor() as cursor:
        # Hashing finds the (usually no) doubled NIKs without sorting every row.
        cursor.execute(
            f"SELECT nik FROM {CHECKED} WHERE ok GROUP BY nik HAVING count(*) > 1"  # noqa: S608
        )
        doubled = [nik for (nik,) in cursor.fetchall()]
        if not doubled:
            return []
        cursor.execute(
            f"SELECT d.row_no, d.nik, d.first, {cells} FROM (SELECT row_no, nik, "  # noqa: S608
            f"min(row_no) OVER (PARTITION BY nik) AS first FROM {CHECKED} "
            f"WHERE ok AND nik = ANY(%s)) d JOIN {RAW} r USING (row_no) "
            "WHERE d.row_no <> d.first ORDER BY d.row_no",
            [doubled],
        )
        found = [
            (Rejection(row_no, "nik", nik, DUPLICATE_NIK.format(first=first)), raw)
            for row_no, nik, first, *raw in cursor.fetchall()
        ]
        cursor.execute(
            f"UPDATE {CHECKED} SET ok = false WHERE row_no = ANY(%s)",  # noqa: S608
            [[r.row for r, _raw in found]],
        )
    return found


# The accepted rows, for the writer.
ACCEPTED = f"(SELECT {', '.join(FIELDS)} FROM {CHECKED} WHERE ok)"  # noqa: S608


def drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {RAW}, {CHECKED}")
