"""Load the Kemendagri region codes shipped in data/idn-area/ (idempotent, all or nothing)."""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from tuntas.core.reference import Problem, ReferenceDataError, checksum, is_current, mark_loaded

from .models import District, Region, Village

DEFAULT_DIR = Path(__file__).parent / "data" / "idn-area"
FILES = ("provinces.csv", "regencies.csv", "districts.csv", "villages.csv")
DATASET = "regions"

# (file, code pattern, parent column or None)
LAYOUT = {
    "provinces.csv": (re.compile(r"^\d{2}$"), None),
    "regencies.csv": (re.compile(r"^\d{2}\.\d{2}$"), "province_code"),
    "districts.csv": (re.compile(r"^\d{2}\.\d{2}\.\d{2}$"), "regency_code"),
    "villages.csv": (re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"), "district_code"),
}


@dataclass
class LoadResult:
    skipped: bool
    counts: dict[str, int]


def _read(path: Path, problems: list[Problem], parents: set[str] | None) -> list[tuple[str, ...]]:
    pattern, parent_col = LAYOUT[path.name]
    wanted = ["code", *([parent_col] if parent_col else []), "name"]
    rows: list[tuple[str, ...]] = []
    seen: set[str] = set()
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in wanted if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(Problem(path.name, f"kolom wajib tidak ada: {', '.join(missing)}", 1))
            return rows
        for line, record in enumerate(reader, start=2):
            code = (record["code"] or "").strip()
            name = (record["name"] or "").strip()
            if not pattern.match(code):
                problems.append(
                    Problem(path.name, f"kode '{code}' tidak sesuai pola", line, "code")
                )
                continue
            if code in seen:
                problems.append(Problem(path.name, f"kode '{code}' ganda", line, "code"))
                continue
            if not name:
                problems.append(Problem(path.name, "nama kosong", line, "name"))
                continue
            seen.add(code)
            if parent_col:
                parent = (record[parent_col] or "").strip()
                if parents is not None and parent not in parents:
                    problems.append(
                        Problem(path.name, f"induk '{parent}' tidak dikenal", line, parent_col)
                    )
                    continue
                rows.append((code, parent, name))
            else:
                rows.append((code, name))
    if not rows and not any(p.file == path.name for p in problems):
        problems.append(Problem(path.name, "berkas tidak berisi data"))
    return rows


def regions_load(*, directory: Path = DEFAULT_DIR, force: bool = False) -> LoadResult:
    """Validate every file first, then upsert in one transaction, so a bad file loads nothing."""
    paths = [directory / name for name in FILES]
    absent = [Problem(p.name, "berkas tidak ditemukan") for p in paths if not p.exists()]
    if absent:
        raise ReferenceDataError(absent)
    digest = checksum(paths)
    if not force and is_current(DATASET, digest):
        return LoadResult(skipped=True, counts={})

    problems: list[Problem] = []
    provinces = _read(paths[0], problems, None)
    regencies = _read(paths[1], problems, {r[0] for r in provinces})
    districts = _read(paths[2], problems, {r[0] for r in regencies})
    villages = _read(paths[3], problems, {r[0] for r in districts})
    if problems:
        raise ReferenceDataError(problems)

    with transaction.atomic():
        Region.objects.bulk_create(
            [Region(code=c, name=n, level=Region.Level.PROVINCE) for c, n in provinces],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "level"],
        )
        Region.objects.bulk_create(
            [
                Region(code=c, parent_id=p, name=n, level=Region.Level.REGENCY)
                for c, p, n in regencies
            ],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "level", "parent"],
        )
        District.objects.bulk_create(
            [District(code=c, regency_id=p, name=n) for c, p, n in districts],
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "regency"],
        )
        Village.objects.bulk_create(
            [Village(code=c, district_id=p, name=n) for c, p, n in villages],
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "district"],
        )
        mark_loaded(DATASET, digest)
    counts = {
        "provinsi": len(provinces),
        "kabupaten/kota": len(regencies),
        "kecamatan": len(districts),
        "desa/kelurahan": len(villages),
    }
    return LoadResult(skipped=False, counts=counts)
