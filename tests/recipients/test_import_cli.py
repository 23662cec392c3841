"""`tuntas recipients import` prints the summary and is idempotent."""

import csv
from collections.abc import Callable
from typing import Any

from tuntas.recipients.models import Recipient
from tuntas.recipients.sample import DEMO_BAD


def test_import_then_reimport_changes_nothing(
    make_csv: Callable[..., Any], cli_import: Any
) -> None:
    path = make_csv(40)
    first = cli_import(path)
    assert (first["imported"], first["updated"], first["ignored"], first["rejected"]) == (
        40,
        0,
        0,
        0,
    )
    stored = list(
        Recipient.objects.filter(year=2026).order_by("nik").values_list("nik", "name", "served_on")
    )
    assert len(stored) == 40

    again = cli_import(path)
    assert (again["imported"], again["updated"], again["ignored"]) == (0, 0, 40)
    after = list(
        Recipient.objects.filter(year=2026).order_by("nik").values_list("nik", "name", "served_on")
    )
    assert after == stored


def test_changed_rows_are_updated(make_csv: Callable[..., Any], cli_import: Any) -> None:
    path = make_csv(20)
    cli_import(path)
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    rows[1][1] = "Nama Baru"
    rows[2][4] = "Alamat Baru"
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows(rows)
    summary = cli_import(path)
    assert (summary["imported"], summary["updated"], summary["ignored"]) == (0, 2, 18)
    assert Recipient.objects.filter(year=2026).get(nik=rows[1][0]).name == "Nama Baru"
    assert Recipient.objects.filter(year=2026).get(nik=rows[2][0]).address == "Alamat Baru"


def test_dry_run_writes_nothing(make_csv: Callable[..., Any], cli_import: Any) -> None:
    summary = cli_import(make_csv(25), "--dry-run")
    assert summary["imported"] == 25
    assert summary["written"] is False
    assert not Recipient.objects.filter(year=2026).exists()


def test_modes_with_bad_rows(make_csv: Callable[..., Any], cli_import: Any) -> None:
    path = make_csv(130, bad=DEMO_BAD)
    strict = cli_import(path, "--mode", "semua")
    assert strict["rejected"] == len(DEMO_BAD)
    assert strict["imported"] == 0
    assert not Recipient.objects.filter(year=2026).exists()

    lenient = cli_import(path, "--mode", "valid")
    assert lenient["rejected"] == len(DEMO_BAD)
    assert lenient["imported"] == 130 - len(DEMO_BAD)
    assert Recipient.objects.filter(year=2026).count() == 130 - len(DEMO_BAD)
