"""Benchmark of the recipient import (issue 5), run by `make bench`; not part of the tests.

Generates a seeded, realistic K4 file for Kabupaten Bantul, then measures on PostgreSQL, in
the same run: a raw COPY of the CSV into an unindexed table; the full import of the same CSV
through the app's own service (validation, staging COPY, upsert); a re-import of it (every
row unchanged); reading the same rows as XLSX with python-calamine alone, and importing that
XLSX. The SQLite path imports the same CSV too. Every import runs in a child process so its
peak memory (ru_maxrss) is its own.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tuntas_bench \\
        .venv/bin/python bench/recipients_import.py --rows 1000000
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

REGION, YEAR, SERVICE = "34.02", 2026, "K4"
EXTRA = ("kunjungan_anc", "usia_kehamilan_minggu")


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuntas.settings")
    import django

    django.setup()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _phases(result: dict[str, Any]) -> str:
    reading, writing = result["seconds_reading"], result["seconds_writing"]
    return f"baca {reading:.2f} s, periksa+tulis {writing:.2f} s"


def _ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _empty() -> None:
    """The bench database is the bench's own: start each fresh import on an empty table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE recipients_recipient")
        cursor.execute("VACUUM ANALYZE recipients_recipient")


def _prepare() -> list[tuple[str, str]]:
    """Schema and reference data, and no recipients of the benchmark's service left over."""
    _django()
    from django.core.management import call_command

    from tuntas.catalog.loaders import catalog_load
    from tuntas.regions.loaders import regions_load
    from tuntas.regions.models import Village

    call_command("migrate", interactive=False, verbosity=0)
    regions_load()
    catalog_load()
    _empty()
    return list(
        Village.objects.filter(district__regency_id=REGION)
        .order_by("code")
        .values_list("code", "district_id")
    )


def child_import(path: Path) -> dict[str, Any]:
    _django()
    from tuntas.core.commands import command_actor
    from tuntas.recipients.selectors import service_get
    from tuntas.regions.models import Region

    actor = command_actor(None)
    region = Region.objects.get(code=REGION)
    service = service_get(year=YEAR, code=SERVICE)
    from tuntas.recipients.services import recipients_import_file

    start = time.perf_counter()
    summary = recipients_import_file(
        actor=actor, region=region, year=YEAR, service=service, path=path
    )
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": _peak_mb(), **summary.as_dict()}


def child_read_xlsx(path: Path) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    rows = sum(1 for _ in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows())
    return {"seconds": time.perf_counter() - start, "rows": rows - 1, "peak_mb": _peak_mb()}


def _child(kind: str, path: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    out = subprocess.run(  # noqa: S603 (this very script, with our own arguments)
        [sys.executable, __file__, "--child", kind, "--file", str(path)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def raw_copy(url: str, path: Path) -> float:
    """COPY the same CSV into an unindexed table of text columns: the floor to compare to."""
    import psycopg

    columns = ", ".join(f"c{i} text" for i in range(10))
    with psycopg.connect(url) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_raw_copy")
        conn.execute(f"CREATE TABLE bench_raw_copy ({columns})")
        conn.commit()
        return _timed_copy(conn, "bench_raw_copy", "(FORMAT csv, HEADER)", path)


def _timed_copy(conn: Any, table: str, options: str, path: Path, columns: str = "") -> float:
    """Seconds to COPY a file into a table and commit; the table is dropped after."""
    start = time.perf_counter()
    sql = f"COPY {table} {columns} FROM STDIN {options}"
    with conn.cursor() as cur, open(path, "rb") as f, cur.copy(sql) as copy:
        while block := f.read(1 << 20):
            copy.write(block)
    conn.commit()
    seconds = time.perf_counter() - start
    conn.execute(f"DROP TABLE {table}")
    conn.commit()
    return seconds


def stored_copy(url: str, work: Path) -> float:
    """COPY the rows the import stored, as they are, into an empty table shaped like the
    recipient table (same columns, same indexes): what storing the rows costs with no reading
    or checking at all, the floor of any import into this table."""
    import psycopg

    columns = (
        "region_id, year, service_id, source_id, updated_at, nik, name, sex, birth_date, "
        "address, village_code, district_code, served_on, to_standard, extra"
    )
    dump = work / "stored.csv"
    with psycopg.connect(url) as conn:
        with conn.cursor() as cur, open(dump, "wb") as f:
            select = f"SELECT {columns} FROM recipients_recipient ORDER BY nik"  # noqa: S608
            with cur.copy(f"COPY ({select}) TO STDOUT (FORMAT csv)") as copy:
                for block in copy:
                    f.write(block)
        conn.execute("DROP TABLE IF EXISTS bench_stored_copy")
        conn.execute("CREATE TABLE bench_stored_copy (LIKE recipients_recipient INCLUDING ALL)")
        conn.commit()
        seconds = _timed_copy(
            conn,
            "bench_stored_copy",
            "(FORMAT csv, FORCE_NOT_NULL (address))",
            dump,
            f"({columns})",
        )
    dump.unlink()
    return seconds


def write_xlsx(path: Path, csv_path: Path) -> None:
    import csv

    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet()
    with open(csv_path, encoding="utf-8", newline="") as f:
        for r, row in enumerate(csv.reader(f)):
            for c, value in enumerate(row):
                sheet.write_string(r, c, value)
    book.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=None, help="bawaan: sama dengan --rows")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--child", choices=["import", "read_xlsx"])
    parser.add_argument("--file", type=Path)
    args = parser.parse_args()
    if args.child:
        result = child_import(args.file) if args.child == "import" else child_read_xlsx(args.file)
        print(json.dumps(result, default=str))
        return

    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tuntas_bench")
    if not url.startswith("postgres"):
        sys.exit("DATABASE_URL harus PostgreSQL untuk benchmark ini.")
    os.environ["DATABASE_URL"] = url
    _ensure_database(url)
    villages = _prepare()
    from tuntas.recipients.sample import sample_header, sample_rows, write_csv

    work = Path(tempfile.mkdtemp(prefix="tuntas-bench-"))
    csv_path = work / "k4.csv"
    start = time.perf_counter()
    n = write_csv(
        csv_path,
        sample_header(EXTRA),
        sample_rows(villages=villages, year=YEAR, n=args.rows, seed=args.seed),
    )
    print(f"{n:,} baris dibuat dalam {time.perf_counter() - start:.1f} s: {csv_path}")

    results: list[tuple[str, int, float, float | None, str]] = []
    copy_s = raw_copy(url, csv_path)
    results.append(("PostgreSQL COPY mentah (tabel tanpa indeks)", n, copy_s, None, ""))
    first = _child("import", csv_path)
    results.append(
        ("PostgreSQL impor penuh CSV", n, first["seconds"], first["peak_mb"],
         f"baru {first['imported']:,}, ditolak {first['rejected']:,}; {_phases(first)}")
    )  # fmt: skip
    floor_s = stored_copy(url, work)
    results.append(
        ("PostgreSQL COPY baris tersimpan ke tabel penerima", n, floor_s, None,
         "tanpa membaca dan memeriksa: batas bawah impor ke tabel ini")
    )  # fmt: skip
    again = _child("import", csv_path)
    results.append(
        ("PostgreSQL impor ulang CSV (tak berubah)", n, again["seconds"], again["peak_mb"],
         f"tidak berubah {again['ignored']:,}; {_phases(again)}")
    )  # fmt: skip

    xlsx_rows = args.xlsx_rows or n
    xlsx_csv = csv_path
    if xlsx_rows != n:
        xlsx_csv = work / "k4-xlsx.csv"
        write_csv(
            xlsx_csv,
            sample_header(EXTRA),
            sample_rows(villages=villages, year=YEAR, n=xlsx_rows, seed=args.seed + 1),
        )
    xlsx_path = work / "k4.xlsx"
    start = time.perf_counter()
    write_xlsx(xlsx_path, xlsx_csv)
    print(f"XLSX {xlsx_rows:,} baris dibuat dalam {time.perf_counter() - start:.1f} s")
    read = _child("read_xlsx", xlsx_path)
    results.append(("XLSX dibaca saja (python-calamine)", read["rows"], read["seconds"],
                    read["peak_mb"], ""))  # fmt: skip
    _empty()
    xlsx = _child("import", xlsx_path)
    results.append(
        ("PostgreSQL impor penuh XLSX", xlsx_rows, xlsx["seconds"], xlsx["peak_mb"],
         f"baru {xlsx['imported']:,}; {_phases(xlsx)}")
    )  # fmt: skip

    if not args.skip_sqlite:
        sqlite_url = f"sqlite:///{work / 'bench.sqlite3'}"
        subprocess.run(
            [sys.executable, "-m", "tuntas.cli", "setup"],
            check=True,
            capture_output=True,
            env={**os.environ, "DATABASE_URL": sqlite_url},
        )
        lite = _child("import", csv_path, {"DATABASE_URL": sqlite_url})
        results.append(
            ("SQLite impor penuh CSV", n, lite["seconds"], lite["peak_mb"],
             f"baru {lite['imported']:,}; {_phases(lite)}")
        )  # fmt: skip

    print()
    print(f"{'Langkah':<44} {'baris':>10} {'detik':>8} {'baris/detik':>12} {'puncak MB':>10}")
    for label, rows, seconds, peak, note in results:
        peak_text = f"{peak:,.0f}" if peak is not None else "–"
        rate = rows / seconds
        print(f"{label:<44} {rows:>10,} {seconds:>8.2f} {rate:>12,.0f} {peak_text:>10}  {note}")
    full_ratio = (n / first["seconds"]) / (n / copy_s)
    floor_ratio = (n / floor_s) / (n / copy_s)
    xlsx_ratio = xlsx["seconds"] / read["seconds"]
    print()
    print(f"Impor penuh CSV / COPY mentah (baris/detik): {full_ratio:.0%} (sasaran ≥ 40%)")
    print(f"  batas bawah, COPY baris tersimpan / COPY mentah: {floor_ratio:.0%}")
    print(f"Impor XLSX / baca XLSX saja (waktu): {xlsx_ratio:.2f}× (sasaran ≤ 2×)")
    peak = max(first["peak_mb"], again["peak_mb"], xlsx["peak_mb"])
    print(f"Puncak memori impor: {peak:,.0f} MB (sasaran < 1024)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
