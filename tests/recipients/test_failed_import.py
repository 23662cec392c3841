"""An import that fails while writing leaves nothing behind.

The crash is simulated honestly in the database itself: a trigger raises when the upsert
reaches the 40th row of the file, after the rows before it were inserted in the same
transaction. (Killing the process mid-COPY ends the same way on PostgreSQL: the transaction
never commits.)"""

import csv
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import DatabaseError, connection

from tuntas.recipients.models import ImportJob, Recipient


@pytest.fixture
def crash_on(db: Any) -> Iterator[Callable[[str], None]]:
    table = Recipient._meta.db_table

    def install(nik: str) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "CREATE FUNCTION recipients_crash() RETURNS trigger AS $$ BEGIN "
                    f"IF NEW.nik = '{nik}' THEN RAISE EXCEPTION 'crash'; END IF; "
                    "RETURN NEW; END $$ LANGUAGE plpgsql"
                )
                cursor.execute(
                    f"CREATE TRIGGER recipients_crash BEFORE INSERT ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION recipients_crash()"
                )
            else:
                cursor.execute(
                    f"CREATE TRIGGER recipients_crash BEFORE INSERT ON {table} "
                    f"WHEN NEW.nik = '{nik}' BEGIN SELECT RAISE(ABORT, 'crash'); END"
                )

    yield install
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS recipients_crash ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS recipients_crash()")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS recipients_crash")


def test_crash_while_writing_leaves_no_rows(
    make_csv: Callable[..., Path], cli_import: Any, crash_on: Callable[[str], None]
) -> None:
    path = make_csv(80)
    with open(path, newline="") as f:
        fortieth = list(csv.reader(f))[40][0]
    crash_on(fortieth)
    with pytest.raises(DatabaseError, match="crash"):
        cli_import(path)
    assert not Recipient.objects.filter(year=2026).exists()
    job = ImportJob.objects.get(year=2026)
    assert job.status == ImportJob.Status.FAILED
    assert "tidak ada yang disimpan" in job.message


def test_crash_during_reimport_keeps_the_previous_rows(
    make_csv: Callable[..., Path], cli_import: Any, crash_on: Callable[[str], None]
) -> None:
    cli_import(make_csv(30))
    before = list(
        Recipient.objects.filter(year=2026).order_by("nik").values_list("nik", "name", "source_id")
    )
    bigger = make_csv(60)  # same seed: the first 30 rows are the same people
    with open(bigger, newline="") as f:
        crash_on(list(csv.reader(f))[45][0])
    with pytest.raises(DatabaseError):
        cli_import(bigger)
    after = list(
        Recipient.objects.filter(year=2026).order_by("nik").values_list("nik", "name", "source_id")
    )
    assert after == before
