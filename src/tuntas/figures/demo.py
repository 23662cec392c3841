"""Demo figures from data/demo.yaml, written through the real services (see core.demo)."""

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from tuntas.accounts.models import User
from tuntas.organisation.models import Agency
from tuntas.regions.models import Region

from .fields import QUARTERS
from .services import (
    ActionInput,
    BudgetLineInput,
    FigureChange,
    PlanInput,
    UnitPriceRow,
    figures_save,
    plans_replace,
    unit_prices_replace,
)
from .windows import default_closes_on

DEMO_FILE = Path(__file__).parent / "data" / "demo.yaml"


def _yearly(code: str, spec: dict[str, Any]) -> list[FigureChange]:
    changes = [FigureChange(code, None, "target", "", spec["target"])]
    for key in ("available", "staff"):
        changes += [FigureChange(code, None, key, i, v) for i, v in spec.get(key, {}).items()]
    return changes


def _quarter(code: str, spec: dict[str, Any], q: int) -> list[FigureChange]:
    changes = []
    for key in ("served", "realised", "problems", "solutions"):
        values = spec.get(key, [])
        if q <= len(values) and values[q - 1] not in ("", None):
            changes.append(FigureChange(code, q, key, "", values[q - 1]))
    for item, values in spec.get("delivered", {}).items():
        if q <= len(values):
            changes.append(FigureChange(code, q, "delivered", item, values[q - 1]))
    return changes


def _check(result: Any) -> None:
    if result.errors:
        raise ValueError("; ".join(e.message for e in result.errors))


def figures_demo_load(installer: User) -> None:
    spec = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    region = Region.objects.get(code=spec["region"])
    agency = Agency.objects.get(region=region, code=spec["agency"])
    year = spec["year"]
    services = spec["services"]
    _check(
        unit_prices_replace(
            actor=installer,
            region=region,
            year=year,
            rows=[UnitPriceRow(c, str(p), n, u) for c, p, n, u in spec["unit_prices"]],
        )
    )
    save = {"actor": installer, "region": region, "year": year, "agency": agency}
    _check(figures_save(**save, changes=[c for k, s in services.items() for c in _yearly(k, s)]))
    plans = [
        PlanInput(
            code,
            [BudgetLineInput(*line) for line in s.get("budget", [])],
            [
                ActionInput(problem, action, who, deadline, cause=cause, status=status)
                for problem, cause, action, who, deadline, status in s.get("actions", [])
            ],
        )
        for code, s in services.items()
    ]
    _check(plans_replace(**save, plans=plans))
    for q in QUARTERS:
        changes = [c for k, s in services.items() for c in _quarter(k, s, q)]
        if changes:
            # Entered on the quarter's last day of entry, as an agency would have.
            entered: dt.date = default_closes_on(year, q)
            _check(figures_save(**save, changes=changes, today=entered))
