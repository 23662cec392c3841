"""Writing validated rows in bulk, in the caller's transaction. The rows already stored for the
service and year are read once and compared with the file in polars, so the database only
receives what changes: new rows by one COPY straight into the recipient table, fed chunk by
chunk as they are checked (PostgreSQL; SQLite: executemany), changed rows by one UPDATE from a
staging table. The same counts come out on both databases and for a dry run, which writes
nothing: new, updated, unchanged."""

import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import polars as pl
from django.db import connection
from django.utils import timezone

from .models import Recipient
from .validation import CLEAN_COLUMNS, ExtraField

STAGING = "recipients_staging"
# Columns compared to decide whether a stored row changes.
COMPARED = tuple(c for c in CLEAN_COLUMNS if c != "nik")
SCOPED_COLUMNS = ("region_id", "year", "service_id", "source_id", "updated_at", *CLEAN_COLUMNS)
# Rows per executemany batch (SQLite).
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
    dtype = pl.Struct({f.name: f.dtype for f in sorted(fields, key=attrgetter("name"))})
    return extra.str.json_decode(dtype).struct.json_encode()


def _stored(cursor: Any, scope: Scope, fields: Sequence[ExtraField]) -> pl.DataFrame:
    """The rows stored for the scope, in the validator's shape, in key order."""
    # jsonb as its text; SQLite stores the JSON text already.
    extra = "extra::text" if connection.vendor == "postgresql" else "extra"
    columns = ", ".join(extra if c == "extra" else c for c in CLEAN_COLUMNS)
    where = "region_id = %s AND year = %s AND service_id = %s"
    # Key order from the unique index; NIKs are 16 digits, which every collation orders alike.
    select = f"SELECT {columns} FROM {_table()} WHERE {where} ORDER BY nik"  # noqa: S608
    if connection.vendor == "postgresql":
        # Through a file that polars maps, not memory: a million rows are 200 MB of text.
        with tempfile.NamedTemporaryFile(suffix=".csv") as buffer:
            sql = f"COPY ({select}) TO STDOUT (FORMAT csv)"
            with connection.wrap_database_errors, cursor.cursor.copy(sql, scope.key) as copy:
                for block in copy:
                    buffer.write(block)
            buffer.flush()
            # PostgreSQL writes booleans as t / f, which polars does not read as booleans.
            stored = pl.read_csv(
                buffer.name,
                has_header=False,
                new_columns=list(CLEAN_COLUMNS),
                schema=SCHEMA | {"to_standard": pl.String},
            ).with_columns(pl.col("address").fill_null(""), pl.col("to_standard") == "t")
    else:
        cursor.execute(select, scope.key)
        frames = [pl.DataFrame(schema=SCHEMA)]
        while batch := cursor.fetchmany(CHUNK):
            frames.append(pl.DataFrame(batch, schema=SCHEMA, orient="row"))
        stored = pl.concat(frames)
    return stored.with_columns(extra=_canonical_extra(pl.col("extra"), fields))


def _classify(clean: pl.DataFrame, stored: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """New rows, changed rows (both in key order) and how many are unchanged."""
    clean = clean.sort("nik")
    if stored.is_empty() or clean.is_empty():
        return clean, clean.clear(), 0
    # Chunks come in key order: only the stored rows in the chunk's key range can match.
    start = stored["nik"].search_sorted(clean["nik"][0], side="left")
    end = stored["nik"].search_sorted(clean["nik"][-1], side="right")
    stored = stored.slice(start, end - start)
    joined = clean.join(stored, on="nik", how="left", suffix="_stored", maintain_order="left")
    found = pl.col("name_stored").is_not_null()
    differs = pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}_stored")) for c in COMPARED)
    new = joined.filter(~found).select(CLEAN_COLUMNS)
    changed = joined.filter(found & differs).select(CLEAN_COLUMNS)
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


def _copy_sql(table: str, columns: Sequence[str]) -> str:
    # An unquoted empty field is NULL (served_on); the text columns stay empty strings.
    return f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv, FORCE_NOT_NULL (address))"


def _csv(rows: pl.DataFrame) -> str:
    return rows.write_csv(include_header=False)


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
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy(_copy_sql(STAGING, rows.columns)) as copy,
        ):
            copy.write(_csv(rows))
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


class RecipientSink:
    """Takes a file's clean rows chunk by chunk (`add`), sends the new ones on at once and
    keeps the changed ones for one UPDATE at the end; `stop` writes nothing more (a rejected
    row in "all or nothing" mode: the caller then rolls back)."""

    def __init__(
        self, cursor: Any, scope: Scope, extra_fields: Sequence[ExtraField], *, write: bool
    ) -> None:
        self.cursor, self.scope, self.extra_fields, self.write = cursor, scope, extra_fields, write
        # As text: formatting a timestamp a million times costs more than the rest of a row.
        now: Any = connection.ops.adapt_datetimefield_value(timezone.now())
        self.now = now if isinstance(now, str) else now.isoformat()
        self.imported = self.ignored = 0
        self.changed: list[pl.DataFrame] = []
        self.stored = pl.DataFrame(schema=SCHEMA)
        self.copy: Any = None

    def add(self, clean: pl.DataFrame) -> None:
        new, changed, unchanged = _classify(clean, self.stored)
        self.imported += new.height
        self.ignored += unchanged
        if not self.write:
            return
        self.changed.append(changed)
        rows = _with_scope(new, self.scope, self.now)
        if self.copy is not None:
            # The next chunk is being checked meanwhile (services._checked_ahead).
            self.copy.write(_csv(rows))
        else:
            _insert_many(self.cursor, _table(), rows)

    def stop(self) -> None:
        self.write = False

    @property
    def counts(self) -> WriteCounts:
        updated = sum(c.height for c in self.changed)
        return WriteCounts(imported=self.imported, updated=updated, ignored=self.ignored)


@contextmanager
def recipients_sink(
    *, scope: Scope, extra_fields: Sequence[ExtraField], dry_run: bool = False
) -> Iterator[RecipientSink]:
    """Store the clean rows of a file as they come; must run inside a transaction (the
    caller's atomic block). A dry run compares the same way and writes nothing."""
    table = _table()
    with connection.cursor() as cursor, ExitStack() as stack:
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
        sink = RecipientSink(cursor, scope, extra_fields, write=not dry_run)
        if cursor.fetchone()[0]:
            sink.stored = _stored(cursor, scope, extra_fields)
        if connection.vendor == "postgresql" and not dry_run:
            # The raw psycopg cursor: its errors are wrapped as Django's, like any other's.
            stack.enter_context(connection.wrap_database_errors)
            sink.copy = stack.enter_context(cursor.cursor.copy(_copy_sql(table, SCOPED_COLUMNS)))
        yield sink
        stack.close()  # the COPY ends here: the new rows are in before the update
        changed = [c for c in sink.changed if c.height]
        if sink.write and changed:
            _update(cursor, scope, pl.concat(changed), sink.now)
