"""Writing validated rows in bulk, in the caller's transaction: a staging table (PostgreSQL:
COPY; SQLite: executemany), then one INSERT ... ON CONFLICT DO UPDATE that touches only rows
that differ. The same counts come out on both: new, updated, unchanged."""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import IO, Any

from django.db import connection
from django.utils import timezone

from .models import Recipient

STAGING = "recipients_staging"
# Columns of a staged row, in the order of the staging CSV.
FIELDS = (
    "nik",
    "name",
    "sex",
    "birth_date",
    "address",
    "village_code",
    "district_code",
    "served_on",
    "to_standard",
    "extra",
)
# Columns compared to decide whether a stored row changes.
COMPARED = tuple(f for f in FIELDS if f != "nik")
BATCH = 5000


@dataclass(frozen=True)
class WriteCounts:
    imported: int
    updated: int
    ignored: int


def _staging_sql(json_type: str) -> str:
    return (
        f"CREATE TEMP TABLE {STAGING} (nik varchar(16) NOT NULL, name varchar(200) NOT NULL, "
        "sex varchar(1) NOT NULL, birth_date date NOT NULL, address varchar(300) NOT NULL, "
        "village_code varchar(13) NOT NULL, district_code varchar(8) NOT NULL, "
        f"served_on date NULL, to_standard boolean NOT NULL, extra {json_type} NOT NULL)"
    )


def _stage_postgresql(cursor: Any, staged: IO[str]) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    cursor.execute(_staging_sql("jsonb") + " ON COMMIT DROP")
    columns = ", ".join(FIELDS)
    # An unquoted empty field is NULL (served_on); the address stays an empty string.
    sql = f"COPY {STAGING} ({columns}) FROM STDIN (FORMAT csv, FORCE_NOT_NULL (address))"
    with cursor.cursor.copy(sql) as copy:
        while block := staged.read(1 << 20):
            copy.write(block)


def _sqlite_rows(staged: IO[str]) -> Iterator[list[Any]]:
    served = FIELDS.index("served_on")
    for row in csv.reader(staged):
        values: list[Any] = row
        if values[served] == "":
            values[served] = None
        yield values


def _stage_sqlite(cursor: Any, staged: IO[str]) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    cursor.execute(_staging_sql("text"))
    placeholders = ", ".join(["%s"] * len(FIELDS))
    sql = f"INSERT INTO {STAGING} ({', '.join(FIELDS)}) VALUES ({placeholders})"  # noqa: S608
    rows = _sqlite_rows(staged)
    while batch := list(islice(rows, BATCH)):
        cursor.executemany(sql, batch)


def recipients_write(
    *, staged: IO[str], region_code: str, year: int, service_id: int, job_id: int
) -> WriteCounts:
    """Upsert the staged rows; must run inside a transaction (the caller's atomic block)."""
    table = connection.ops.quote_name(Recipient._meta.db_table)
    key = (region_code, year, service_id)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _stage_postgresql(cursor, staged)
            differs = "IS DISTINCT FROM"
        else:
            _stage_sqlite(cursor, staged)
            differs = "IS NOT"
        cursor.execute(f"SELECT count(*) FROM {STAGING}")  # noqa: S608
        staged_count = cursor.fetchone()[0]
        columns = ", ".join(FIELDS)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        insert = (
            # Identifiers below are this module's constants; values go as parameters.
            f"INSERT INTO {table} (region_id, year, service_id, source_id, updated_at, {columns}) "  # noqa: S608
            # In key order: the unique index is then filled page by page (half the time at 1M).
            f"SELECT %s, %s, %s, %s, %s, {columns} FROM {STAGING} WHERE true ORDER BY nik"
        )
        if connection.vendor == "postgresql":
            # Imports of one service wait for each other, so the check below stays true until
            # this transaction ends (SQLite has a single writer anyway).
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"recipients:{key}"])
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {table} WHERE region_id = %s "  # noqa: S608
            "AND year = %s AND service_id = %s)",
            key,
        )
        if not cursor.fetchone()[0]:
            # The service's first import of the year: nothing to compare, no conflict to look
            # for; a plain insert (the write ~15% faster than the upsert, bench/).
            cursor.execute(insert, (*key, job_id, now))
            cursor.execute(f"DROP TABLE {STAGING}")
            return WriteCounts(imported=staged_count, updated=0, ignored=0)
        cursor.execute(
            f"SELECT count(*) FROM {STAGING} s JOIN {table} r ON r.region_id = %s "  # noqa: S608
            "AND r.year = %s AND r.service_id = %s AND r.nik = s.nik",
            key,
        )
        existing = cursor.fetchone()[0]
        changed = " OR ".join(f"{table}.{c} {differs} excluded.{c}" for c in COMPARED)
        updates = ", ".join(f"{c} = excluded.{c}" for c in (*COMPARED, "source_id", "updated_at"))
        cursor.execute(
            f"{insert} ON CONFLICT (region_id, year, service_id, nik) "
            f"DO UPDATE SET {updates} WHERE {changed}",
            (*key, job_id, now),
        )
        changed_count = cursor.rowcount
        cursor.execute(f"DROP TABLE {STAGING}")
    imported = staged_count - existing
    updated = changed_count - imported
    return WriteCounts(imported=imported, updated=updated, ignored=existing - updated)
