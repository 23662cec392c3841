"""Load catalog editions and index rule sets from their YAML files (idempotent, all or nothing)."""

import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from jsonschema import Draft202012Validator

from tuntas.core.reference import Problem, ReferenceDataError, checksum, is_current, mark_loaded

from .models import CatalogEdition, IndexRuleSet, QualityItem, Sector, ServiceType

DATA_DIR = Path(__file__).parent / "data"
SCHEMA_DIR = Path(__file__).parent / "schema"


@dataclass
class LoadResult:
    loaded: list[str]
    skipped: list[str]


@cache
def _validator(schema_name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((SCHEMA_DIR / schema_name).read_text()))


def _where(path: Any) -> str:
    return ".".join(str(p) for p in path) or "(akar)"


def _parse(path: Path, schema_name: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark else None
        raise ReferenceDataError([Problem(path.name, f"YAML tidak valid: {exc}", row)]) from exc
    problems = [
        Problem(path.name, f"{_where(err.absolute_path)}: {err.message}")
        for err in _validator(schema_name).iter_errors(data)
    ]
    if problems:
        raise ReferenceDataError(problems)
    return data


def _check_catalog(path: Path, data: dict[str, Any]) -> None:
    sectors = {s["code"] for s in data["sectors"]}
    regulations = {r["code"] for r in data["regulations"]}
    problems = []
    for code, n in Counter(s["code"] for s in data["services"]).items():
        if n > 1:
            problems.append(Problem(path.name, f"kode layanan '{code}' ganda"))
    for i, svc in enumerate(data["services"]):
        where = f"services.{i} ({svc['code']})"
        if svc["sector"] not in sectors:
            problems.append(Problem(path.name, f"{where}: bidang '{svc['sector']}' tidak dikenal"))
        if svc["regulation"] not in regulations:
            problems.append(
                Problem(path.name, f"{where}: peraturan '{svc['regulation']}' tidak dikenal")
            )
        item_codes = Counter(q["code"] for q in svc["quality_items"])
        for code, n in item_codes.items():
            if n > 1:
                problems.append(Problem(path.name, f"{where}: kode mutu '{code}' ganda"))
        age = svc["age"]
        if age and age["max"] is not None and age["max"] < age["min"]:
            problems.append(Problem(path.name, f"{where}: usia maksimum di bawah minimum"))
    if problems:
        raise ReferenceDataError(problems)


def _decimal(value: float | int | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _write_catalog(data: dict[str, Any]) -> None:
    for s in data["sectors"]:
        Sector.objects.update_or_create(
            code=s["code"], defaults={"name": s["name"], "order": s["order"]}
        )
    edition, _ = CatalogEdition.objects.update_or_create(
        valid_from=data["edition"],
        defaults={"title": data["title"], "regulations": data["regulations"]},
    )
    # An edition file is the whole truth for its years: services it no longer lists go.
    edition.services.exclude(code__in=[s["code"] for s in data["services"]]).delete()
    for svc in data["services"]:
        service, _ = ServiceType.objects.update_or_create(
            edition=edition,
            code=svc["code"],
            defaults={
                "level": svc["level"],
                "sector_id": svc["sector"],
                "order": svc["order"],
                "name": svc["name"],
                "recipient": svc["recipient"],
                "regulation": svc["regulation"],
                "age": svc["age"],
                "sex": svc["sex"] or "",
                "parameters": svc["parameters"],
                "certainty": svc["certainty"],
            },
        )
        service.quality_items.exclude(code__in=[q["code"] for q in svc["quality_items"]]).delete()
        for order, q in enumerate(svc["quality_items"]):
            QualityItem.objects.update_or_create(
                service=service,
                code=q["code"],
                defaults={
                    "kind": q["kind"],
                    "name": q["name"],
                    "unit": q["unit"] or "",
                    "norm": _decimal(q["norm"]),
                    "ratio": _decimal(q["ratio"]),
                    "certainty": q["certainty"],
                    "order": order,
                },
            )


def _check_rules(path: Path, data: dict[str, Any]) -> None:
    problems = []
    weights = data["weights"]
    if abs(weights["recipients"] + weights["quality"] - 1) > 1e-9:
        problems.append(Problem(path.name, "weights: jumlah bobot harus 1"))
    mins = [c["min"] for c in data["categories"]]
    if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
        problems.append(Problem(path.name, "categories: batas bawah harus menurun tanpa ganda"))
    if mins[-1] > 0:
        problems.append(Problem(path.name, "categories: kategori terakhir harus mulai dari 0"))
    if problems:
        raise ReferenceDataError(problems)


def _write_rules(data: dict[str, Any]) -> None:
    rules = {k: v for k, v in data.items() if k not in {"valid_from", "title"}}
    IndexRuleSet.objects.update_or_create(
        valid_from=data["valid_from"], defaults={"title": data["title"], "rules": rules}
    )


def _load_folder(folder: Path, kind: str, force: bool, result: LoadResult) -> None:
    schema, check, write = {
        "catalog": ("catalog.schema.json", _check_catalog, _write_catalog),
        "index-rules": ("index-rules.schema.json", _check_rules, _write_rules),
    }[kind]
    for path in sorted(folder.glob("*.yaml")):
        name = f"{kind}/{path.name}"
        digest = checksum([path])
        if not force and is_current(name, digest):
            result.skipped.append(name)
            continue
        data = _parse(path, schema)
        check(path, data)
        with transaction.atomic():
            write(data)
            mark_loaded(name, digest)
        result.loaded.append(name)


def catalog_load(*, directory: Path = DATA_DIR, force: bool = False) -> LoadResult:
    """Load every catalog edition and index rule file under `directory`.

    Each file loads in its own transaction after passing schema and cross-reference checks,
    so a bad file leaves the database as it was for that file and names what is wrong.
    """
    result = LoadResult(loaded=[], skipped=[])
    _load_folder(directory / "catalog", "catalog", force, result)
    _load_folder(directory / "index-rules", "index-rules", force, result)
    return result
