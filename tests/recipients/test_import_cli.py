"""`tuntas recipients import` prints the summary and is idempotent."""

import csv
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import CommandError

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


def test_a_file_is_checked_and_stored_in_chunks(
    make_csv: Callable[..., Any], cli_import: Any, monkeypatch: Any
) -> None:
    """Chunks of 7 rows: duplicates across chunks, new, changed and unchanged rows, and the
    stored rows compared chunk by chunk come out as in one pass."""
    monkeypatch.setattr("tuntas.recipients.validation.CHUNK_ROWS", 7)
    path = make_csv(30)
    assert cli_import(path)["imported"] == 30
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    rows[3][1] = "Nama Baru"
    rows[25][1] = "Nama Lain"
    with open(make_csv(45, name="more.csv"), newline="") as f:
        more = list(csv.reader(f))[31:]  # the same 30 people first, then 15 more
    doubled = [rows[10], rows[10]]
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows([*rows, *more, *doubled])
    summary = cli_import(path)
    assert (summary["imported"], summary["updated"], summary["ignored"]) == (15, 2, 28)
    assert summary["rejected"] == 2
    assert Recipient.objects.filter(year=2026).count() == 45
    assert Recipient.objects.filter(year=2026).get(nik=rows[25][0]).name == "Nama Lain"


def test_old_spreadsheet_formats_are_refused_by_name(
    db: Any, tmp_path: Any, cli_import: Any
) -> None:
    old = tmp_path / "k4.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")  # the start of an OLE2 (Excel 97-2003) file
    with pytest.raises(CommandError, match=r"Format \.xls tidak didukung; simpan ulang"):
        cli_import(old)
    assert not Recipient.objects.filter(year=2026).exists()
