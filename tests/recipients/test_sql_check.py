"""On PostgreSQL a CSV is checked in SQL; the Python validator is the reference. Tricky rows
(every rule, odd spellings, Excel-mangled NIKs as they look in CSV text) must come out the same
both ways: the same rows stored with the same values, the same row, column and reason for each
rejection."""

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tuntas.recipients.models import ImportJob, Recipient
from tuntas.recipients.sample import sample_header, sample_rows

EXTRA = ("kunjungan_anc", "usia_kehamilan_minggu")
NBSP = "\u00a0"

pytestmark = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the SQL check runs on PostgreSQL only"
)


def _variants(base: list[str], other: list[str]) -> list[list[str]]:
    """Rows that each bend one value of a valid row; `other` is a second valid person."""
    nik = base[0]
    rows = [[base[0], "", *base[2:]], list(base)]  # an invalid first occurrence does not count

    def change(**cells: str) -> None:
        row = list(other)
        columns = [*sample_header(EXTRA)]
        for name, value in cells.items():
            row[columns.index(name)] = value
        rows.append(row)

    for value in (
        nik[:15],
        nik + "1",
        "34020a4507990001",
        "3.40201E+15",
        "3,40201E+15",
        f"'{other[0]}",
        f"{other[0][:4]} {other[0][4:]}",
        f"  {other[0]} ",
        f"{NBSP}{other[0]}",
        "",
        "٣٤٠٢٠١٤٥٠٧٩٩٠٠٠١",
        "3471014507990001",
        other[0][:6] + "32" + other[0][8:],
        other[0][:8] + "13" + other[0][10:],
        other[0][:10] + "00" + other[0][12:],
    ):
        change(nik=value)
    for value in ("", "   ", f"{NBSP}Siti{NBSP}", '"Siti, "Ani""', "Siti\nAni"):
        change(nama=value)
    for value in ("p", "Perempuan", "PR", " pr ", "L", "X", "LAKI-LAKI", "ı", ""):
        change(jenis_kelamin=value)
    born = other[3]
    for value in (
        born,
        born.replace("-", "/"),
        "31-02-1990",
        "1990-13-01",
        "0000-01-01",
        f"{born} 00:00:00",
        f"{born}T08:00",
        "",
        "01/02/90",
        " ",
        "2016-05-05",
        "2027-01-01",
        f"{born}\n",
    ):
        change(tanggal_lahir=value)
    village = other[5]
    for value in (
        village.replace(".", ""),
        f" {village} ",
        village[:-1],
        "34.71.01.1001",
        village.replace(".", " "),
        "",
        "3402a12001",
    ):
        change(kode_desa=value)
    for standard, served in (
        ("tidak", ""),
        ("ya", ""),
        ("ya", "2025-12-31"),
        ("ya", " "),
        ("ya", "2026-02-30"),
        ("ya", "31-12-2026"),
        ("ya", "2026/1/1"),
        ("tidak", "2027-01-01"),
    ):
        change(sesuai_standar=standard, tanggal_layanan=served)
    for value in ("YA", "1", "1.0", "0.0", "true", "Benar", "N", "maybe", "", " ya "):
        change(sesuai_standar=value, tanggal_layanan="2026-03-01")
    for value in ("", "7", "-1", "21", "abc", "+5", " 5 ", "5.0", "٥", "99999999999"):
        change(kunjungan_anc=value)
    for value in ("", "45", "46"):
        change(usia_kehamilan_minggu=value)
    # Duplicates: of a plain row, and of a row only Python accepts (+5) coming first.
    rows.append(list(base))
    rows.append(list(base))
    plus = list(other)
    plus[EXTRA_AT] = "+5"
    rows += [plus, list(other)]
    rows.append(["", "", "", "", "", "", "", "", "", ""])
    return rows


EXTRA_AT = len(sample_header(())) + 0


def _import(path: Path, cli_import: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    summary = cli_import(path)
    job = ImportJob.objects.get(pk=summary["job"])
    stored = list(
        Recipient.objects.filter(year=2026)
        .order_by("nik")
        .values_list(
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
    )
    Recipient.objects.filter(year=2026).delete()
    counts = {k: summary[k] for k in ("rows", "imported", "updated", "ignored", "rejected")}
    return {"counts": counts, "rejections": job.rejections, "stored": stored}


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_sql_and_python_agree_on_tricky_rows(
    tmp_path: Path,
    bantul_villages: list[tuple[str, str]],
    cli_import: Callable[..., dict[str, Any]],
    delimiter: str,
) -> None:
    people = list(sample_rows(villages=bantul_villages, year=2026, n=40, seed=3))
    rows = [*people[:20]]
    for i in range(0, 20, 2):
        rows += _variants(people[20 + i], people[21 + i])
    path = tmp_path / "tricky.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter=delimiter)
        out.writerow(sample_header(EXTRA))
        out.writerows(rows)

    with override_settings(RECIPIENTS_SQL_CHECK=False):
        python = _import(path, cli_import)
    with CaptureQueriesContext(connection) as queries:
        sql = _import(path, cli_import)

    assert any("recipients_checked" in q["sql"] for q in queries.captured_queries)
    assert sql["counts"] == python["counts"]
    assert sql["rejections"] == python["rejections"]
    assert sql["stored"] == python["stored"]
    # The file does exercise both outcomes and every column.
    assert python["counts"]["imported"] > 20
    assert {r[1] for r in python["rejections"]} >= {
        "nik",
        "nama",
        "jenis_kelamin",
        "tanggal_lahir",
        "kode_desa",
        "tanggal_layanan",
        "sesuai_standar",
        "kunjungan_anc",
        "usia_kehamilan_minggu",
    }
    assert any("NIK ganda" in r[3] for r in python["rejections"])
