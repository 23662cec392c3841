"""Deterministic, realistic recipient files (seeded): the demo's puskesmas file and the
benchmark's million rows. Names are made up from common Indonesian names."""

import csv
import datetime as dt
import random
from collections.abc import Iterator, Sequence
from pathlib import Path

from .validation import CORE_COLUMNS

FIRST = [
    "Siti",
    "Sri",
    "Dewi",
    "Ani",
    "Rina",
    "Nur",
    "Dwi",
    "Tri",
    "Eka",
    "Wahyu",
    "Rini",
    "Yuni",
    "Ayu",
    "Lestari",
    "Fitri",
    "Indah",
    "Putri",
    "Ratna",
    "Sari",
    "Endah",
    "Wulan",
    "Tutik",
    "Suci",
    "Novi",
    "Dian",
    "Umi",
    "Anisa",
    "Tika",
    "Mega",
    "Nurul",
]
LAST = [
    "Rahayu",
    "Wati",
    "Lestari",
    "Handayani",
    "Susanti",
    "Astuti",
    "Purwanti",
    "Kurniasih",
    "Utami",
    "Wahyuni",
    "Pratiwi",
    "Hidayah",
    "Maryani",
    "Suryani",
    "Setyaningsih",
    "Anggraini",
    "Fatimah",
    "Khasanah",
    "Rahmawati",
    "Nugraheni",
]
STREETS = ("Jl. Parangtritis", "Jl. Samas", "Jl. Imogiri Barat", "Jl. Wates", "Jl. Bantul")

# The bad rows of the demo file, one of each kind a puskesmas file tends to have.
DEMO_BAD = ("nik_short", "nik_sci", "sex", "village", "birth", "formula", "duplicate")


def _nik(district: str, born: dt.date, female: bool, serial: int) -> str:
    day = born.day + (40 if female else 0)
    return f"{district.replace('.', '')}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def sample_header(extra: Sequence[str]) -> list[str]:
    return [*CORE_COLUMNS, *extra]


def sample_rows(
    *,
    villages: Sequence[tuple[str, str]],
    year: int,
    n: int,
    seed: int,
    extra: Sequence[str] = ("kunjungan_anc", "usia_kehamilan_minggu"),
    bad: Sequence[str] = (),
) -> Iterator[list[str]]:
    """`n` K4-like rows (pregnant women 16 to 44) over (village code, district code) pairs; the
    i-th kind in `bad` spoils row 10 + 17*i. Dates alternate between the two accepted forms."""
    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    serials: dict[str, int] = {}
    spoil = {10 + 17 * i: kind for i, kind in enumerate(bad)}
    first_row: list[str] = []
    for i in range(n):
        village, district = villages[rng.randrange(len(villages))]
        born = dt.date(year - rng.randint(16, 44), 1, 1) + dt.timedelta(days=rng.randrange(365))
        stem = _nik(district, born, True, 0)[:12]
        serials[stem] = serials.get(stem, 0) + 1
        nik = f"{stem}{serials[stem]:04d}"
        served = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(360))
        visits = rng.choice((1, 2, 3, 4, 4, 5, 6, 6, 6, 7, 8))
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        born_text = born.isoformat() if i % 2 else born.strftime("%d-%m-%Y")
        code = village if i % 3 else village.replace(".", "")
        row = [
            nik,
            name,
            "P",
            born_text,
            f"{rng.choice(STREETS)} No. {rng.randint(1, 200)}",
            code,
            served.isoformat(),
            "ya" if visits >= 6 else "tidak",
            str(visits),
            str(rng.randint(8, 40)),
        ][: len(CORE_COLUMNS) + len(extra)]
        first_row = first_row or list(row)
        kind = spoil.get(i)
        if kind == "nik_short":
            row[0] = nik[:15]
        elif kind == "nik_sci":
            row[0] = f"{int(nik[:6]) / 100000:.5f}E+15"
        elif kind == "sex":
            row[2] = "L"
        elif kind == "village":
            row[5] = "34.71.01.1001"
        elif kind == "birth":
            row[3] = (born + dt.timedelta(days=1)).isoformat()
        elif kind == "formula":
            row[1] = "=cmd|' /C calc'!A0"
            row[0] = nik[:10]
        elif kind == "duplicate":
            row = list(first_row)
        yield row


def write_csv(path: Path, header: Sequence[str], rows: Iterator[list[str]]) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(header)
        for row in rows:
            out.writerow(row)
            count += 1
    return count
