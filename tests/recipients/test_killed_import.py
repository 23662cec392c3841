"""A killed import leaves nothing behind: a real `tuntas recipients import` process, SIGKILLed
while PostgreSQL is copying its rows in.

What is killed, and when: the test starts the CLI on a generated file of 100,000 rows, a
re-import over 30 rows stored earlier (the file changes their names). It waits until the job
says it is writing, the process's database session is running the COPY into the recipient
table, and that table has grown by a megabyte of not yet committed rows; then it sends SIGKILL
to the process, which has no chance to clean up. The orphaned server session ends on its own
(it is not terminated by the test) without committing. Then no row of the killed job exists,
the 30 earlier rows are exactly as they were, and the job, left "menyimpan" by its dead
worker, is what the sweep turns into a failure.

PostgreSQL only: SQLite's test database lives in the memory of the test process, which another
process cannot open.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

from tests.conftest import load_world
from tuntas.recipients.models import ImportJob, Recipient
from tuntas.recipients.sample import sample_header, sample_rows, write_csv
from tuntas.recipients.services import import_jobs_sweep
from tuntas.regions.models import Village

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs a database a second process can open: SQLite's test database is in memory. "
    "Run with DATABASE_URL=postgres://... (the CI does).",
)

APP_NAME = "tuntas-kill-test"
EXTRA = ("kunjungan_anc", "usia_kehamilan_minggu")
BIG = 100_000
EARLIER = 30
GROWN_BYTES = 1 << 20
TABLE = Recipient._meta.db_table


def _database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "")
    if s["PASSWORD"]:
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _renamed(rows: Iterator[list[str]]) -> Iterator[list[str]]:
    """The sample rows, the first EARLIER of them (the people stored before) renamed."""
    for i, row in enumerate(rows):
        if i < EARLIER:
            row[1] = f"Nama Baru {i}"
        yield row


def _one(sql: str, params: list[object]) -> object:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


def _table_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size(%s)", [TABLE])
        return int(cursor.fetchone()[0])


def _wait(
    condition: Callable[[], object], what: str, proc: subprocess.Popen[bytes], seconds: float
) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"the import ended (code {proc.returncode}) before {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within {seconds} s")
        time.sleep(0.01)


@pytest.mark.django_db(transaction=True)
def test_killed_reimport_leaves_nothing_behind(tmp_path: Path) -> None:
    load_world()  # a transactional test starts from whatever the previous one left
    villages = list(
        Village.objects.filter(district__regency_id="34.02")
        .order_by("code")
        .values_list("code", "district_id")
    )
    header = sample_header(EXTRA)
    earlier = tmp_path / "k4-earlier.csv"
    write_csv(earlier, header, sample_rows(villages=villages, year=2026, n=EARLIER, seed=7))
    call_command(
        "recipients", "import", str(earlier), "--region", "34.02", "--year", "2026",
        "--service", "K4", stdout=StringIO(),
    )  # fmt: skip
    stored = list(
        Recipient.objects.filter(year=2026).order_by("nik").values_list("nik", "name", "source_id")
    )
    assert len(stored) == EARLIER

    big = tmp_path / "k4-besar.csv"
    write_csv(big, header, _renamed(sample_rows(villages=villages, year=2026, n=BIG, seed=7)))
    size_before = _table_size()
    env = os.environ | {"DATABASE_URL": _database_url(), "PGAPPNAME": APP_NAME}
    tuntas = Path(sys.executable).parent / "tuntas"
    proc = subprocess.Popen(
        [str(tuntas), "recipients", "import", str(big), "--region", "34.02", "--year", "2026",
         "--service", "K4", "--format", "json"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait(
            lambda: ImportJob.objects.filter(
                original_name=big.name, status=ImportJob.Status.WRITING
            ).exists(),
            "job writing",
            proc,
            30,
        )
        _wait(
            lambda: _one(
                "SELECT 1 FROM pg_stat_activity WHERE application_name = %s "
                "AND state = 'active' AND query LIKE %s",
                [APP_NAME, f'COPY "{TABLE}"%'],
            ),
            "COPY running",
            proc,
            30,
        )
        _wait(
            lambda: _table_size() > size_before + GROWN_BYTES,
            "uncommitted rows written",
            proc,
            30,
        )
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    # Its server session finishes the statement, finds the client gone, and rolls back.
    deadline = time.monotonic() + 60
    while _one("SELECT 1 FROM pg_stat_activity WHERE application_name = %s", [APP_NAME]):
        assert time.monotonic() < deadline, "the killed import's session did not end"
        time.sleep(0.05)

    job = ImportJob.objects.get(original_name=big.name)
    assert not Recipient.objects.filter(source_id=job.pk).exists()
    after = list(
        Recipient.objects.filter(year=2026).order_by("nik").values_list("nik", "name", "source_id")
    )
    assert after == stored
    assert job.status == ImportJob.Status.WRITING  # as its dead worker left it
    assert import_jobs_sweep(older_than=timedelta(0)) == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "tidak ada yang disimpan" in job.message
