"""Writing validated rows in bulk, in the caller's transaction. The rows already stored for the
service and year are read once and compared with the file in polars, so the database only
receives what changes: new rows by COPY straight into the recipient table (PostgreSQL; SQLite:
executemany), changed rows by one UPDATE from a staging table. The same counts come out on
both databases and for a dry run, which writes nothing: new, updated, unchanged."""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import connection
from django.utils import timezone

from .models import Recipient
from .validation import CLEAN_COLUMNS, ExtraField

STAGING = "recipients_staging"
# Columns compared to decide whether a stored row changes.
COMPARED = tuple(c for c in CLEAN_COLUMNS if c != "nik")
KEYS = ("region_id", "year", "service_id")
# Rows per COPY block or executemany batch: bounds the text made at once.
CHUNK = 50_000
SCHEMA = {
    "nik": pl.String,
    "name": pl.String,
    "sex": pl.String,
    "birth_date": pl.Date,
    "address": pl.String,
    "village_code": pl.String,
    "district_code": pl.String,
    "served_on": pl.Date,
    "to_standard": pl.Boolean,
    "extra": pl.String,
}


@dataclass(frozen=True)
class WriteCounts:
    imported: int
    updated: int
    ignored: int


@dataclass(frozen=True)
class Scope:
    region_code: str
    year: int
    service_id: int
    job_id: int

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.region_code, self.year, self.service_id)


def _table() -> str:
    return connection.ops.quote_name(Recipient._meta.db_table)


def _canonical_extra(extra: pl.Expr, fields: Sequence[ExtraField]) -> pl.Expr:
    """The JSON of the service fields as the validator writes it (keys sorted, no spaces):
    PostgreSQL's jsonb text orders and spaces keys its own way."""
    if not fields:
        return pl.lit("{}")
    dtype = pl.Struct({f.name: f.dtype for f in sorted(fields, key=lambda f: f.name)})
    return extra.str.json_decode(dtype).struct.json_encode()


def _stored(cursor: Any, scope: Scope) -> pl.DataFrame:
    """The rows stored for the scope, in the validator's shape."""
    text = "{}::text" if connection.vendor == "postgresql" else "{}"
    columns = ", ".join(text.format(c) if c == "extra" else c for c in CLEAN_COLUMNS)
    where = "region_id = %s AND year = %s AND service_id = %s"
    select = f"SELECT {columns} FROM {_table()} WHERE {where}"  # noqa: S608 (constants)
    if connection.vendor == "postgresql":
        buffer = io.BytesIO()
        sql = f"COPY ({select}) TO STDOUT (FORMAT csv)"
        with connection.wrap_database_errors, cursor.cursor.copy(sql, scope.key) as copy:
            for block in copy:
                buffer.write(block)
        if not buffer.tell():
            return pl.DataFrame(schema=SCHEMA)
        buffer.seek(0)
        # PostgreSQL writes booleans as t / f, which polars does not read as booleans.
        return pl.read_csv(
            buffer,
            has_header=False,
            new_columns=list(CLEAN_COLUMNS),
            schema=SCHEMA | {"to_standard": pl.String},
        ).with_columns(pl.col("address").fill_null(""), pl.col("to_standard") == "t")
    cursor.execute(select, scope.key)
    frames = []
    while batch := cursor.fetchmany(CHUNK):
        frames.append(pl.DataFrame(batch, schema=SCHEMA, orient="row"))
    return pl.concat(frames) if frames else pl.DataFrame(schema=SCHEMA)


def _classify(
    clean: pl.DataFrame, stored: pl.DataFrame, fields: Sequence[ExtraField]
) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """New rows, changed rows (both in key order) and how many are unchanged."""
    if stored.is_empty():
        return clean.sort("nik"), clean.clear(), 0
    stored = stored.with_columns(extra=_canonical_extra(pl.col("extra"), fields))
    joined = clean.join(stored, on="nik", how="left", suffix="_stored")
    found = pl.col("name_stored").is_not_null()
    differs = pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}_stored")) for c in COMPARED)
    new = joined.filter(~found).select(CLEAN_COLUMNS).sort("nik")
    changed = joined.filter(found & differs).select(CLEAN_COLUMNS).sort("nik")
    return new, changed, clean.height - new.height - changed.height


def _with_scope(rows: pl.DataFrame, scope: Scope, now: Any) -> pl.DataFrame:
    return rows.select(
        pl.lit(scope.region_code).alias("region_id"),
        pl.lit(scope.year).alias("year"),
        pl.lit(scope.service_id).alias("service_id"),
        pl.lit(scope.job_id).alias("source_id"),
        pl.lit(now).alias("updated_at"),
        *CLEAN_COLUMNS,
    )


def _copy(cursor: Any, table: str, rows: pl.DataFrame) -> None:
    """COPY a frame in blocks; an unquoted empty field is NULL (served_on), and the text
    columns stay empty strings."""
    columns = ", ".join(rows.columns)
    sql = f"COPY {table} ({columns}) FROM STDIN (FORMAT csv, FORCE_NOT_NULL (address))"
    # The raw psycopg cursor: its errors are wrapped as Django's, like any other query's.
    with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        for start in range(0, rows.height, CHUNK):
            copy.write(rows.slice(start, CHUNK).write_csv(include_header=False))


def _insert_many(cursor: Any, table: str, rows: pl.DataFrame) -> None:
    placeholders = ", ".join(["%s"] * rows.width)
    sql = f"INSERT INTO {table} ({', '.join(rows.columns)}) VALUES ({placeholders})"  # noqa: S608
    for start in range(0, rows.height, CHUNK):
        cursor.executemany(sql, rows.slice(start, CHUNK).rows())


def _update(cursor: Any, scope: Scope, rows: pl.DataFrame, now: Any) -> None:
    """Changed rows: staged, then one UPDATE joining on the key."""
    table = _table()
    json_type = "jsonb" if connection.vendor == "postgresql" else "text"
    cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    cursor.execute(
        f"CREATE TEMP TABLE {STAGING} (nik varchar(16) NOT NULL, name varchar(200) NOT NULL, "
        "sex varchar(1) NOT NULL, birth_date date NOT NULL, address varchar(300) NOT NULL, "
        "village_code varchar(13) NOT NULL, district_code varchar(8) NOT NULL, "
        f"served_on date NULL, to_standard boolean NOT NULL, extra {json_type} NOT NULL)"
    )
    if connection.vendor == "postgresql":
        _copy(cursor, STAGING, rows)
    else:
        _insert_many(cursor, STAGING, rows)
    sets = ", ".join(f"{c} = s.{c}" for c in COMPARED)
    cursor.execute(
        f"UPDATE {table} SET {sets}, source_id = %s, updated_at = %s FROM {STAGING} s "  # noqa: S608
        f"WHERE {table}.region_id = %s AND {table}.year = %s AND {table}.service_id = %s "
        f"AND {table}.nik = s.nik",
        (scope.job_id, now, *scope.key),
    )
    cursor.execute(f"DROP TABLE {STAGING}")


def recipients_write(
    *,
    clean: pl.DataFrame,
    scope: Scope,
    extra_fields: Sequence[ExtraField],
    dry_run: bool = False,
) -> WriteCounts:
    """Store the clean rows of a file; must run inside a transaction (the caller's atomic
    block)."""
    table = _table()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Imports of one service wait for each other, so the stored rows read below stay
            # the stored rows until this transaction ends (SQLite has a single writer anyway).
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"recipients:{scope.key}"]
            )
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {table} WHERE region_id = %s "  # noqa: S608
            "AND year = %s AND service_id = %s)",
            scope.key,
        )
        stored = _stored(cursor, scope) if cursor.fetchone()[0] else pl.DataFrame(schema=SCHEMA)
        new, changed, unchanged = _classify(clean, stored, extra_fields)
        if not dry_run:
            rows = _with_scope(new, scope, now)
            if connection.vendor == "postgresql":
                _copy(cursor, table, rows)
            else:
                _insert_many(cursor, table, rows)
            if changed.height:
                _update(cursor, scope, changed, now)
    return WriteCounts(imported=new.height, updated=changed.height, ignored=unchanged)
