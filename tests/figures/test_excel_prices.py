"""The Pemda's SSH list through Excel: template, filled prices, row-level errors."""

import json
from decimal import Decimal as D
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tuntas.catalog.models import QualityItem
from tuntas.catalog.selectors import edition_for_year
from tuntas.figures.models import UnitPrice

from .excelfill import fill, find_row, read

YEAR = 2026  # the demo's SSH year for Bantul


def ssh_template(tmp_path: Path, user: str = "bantul.koordinator") -> bytes:
    out = tmp_path / "ssh.xlsx"
    call_command(
        "figures",
        "template",
        "--region=34.02",
        f"--year={YEAR}",
        "--ssh",
        f"-o={out}",
        f"--as={user}",
        stdout=StringIO(),
    )
    return out.read_bytes()


def import_prices(
    tmp_path: Path,
    data: bytes,
    *args: str,
    user: str = "bantul.koordinator",
    region: str = "34.02",
    fails: bool = False,
) -> Any:
    path = tmp_path / "ssh-filled.xlsx"
    path.write_bytes(data)
    out = StringIO()
    command = ["figures", "prices", str(path), f"--region={region}", f"--year={YEAR}"]
    command += ["--format=json", f"--as={user}", *args]
    if fails:
        with pytest.raises(CommandError):
            call_command(*command, stdout=out)
    else:
        call_command(*command, stdout=out)
    return json.loads(out.getvalue())


def price(code: str) -> D:
    return UnitPrice.objects.get(region_id="34.02", year=YEAR, item_code=code).price


def test_template_lists_catalog_items_with_stored_prices(tmp_path: Path, db: Any) -> None:
    sheets = read(ssh_template(tmp_path))
    assert list(sheets) == ["Petunjuk", "SSH"]
    rows = sheets["SSH"]
    assert rows[0] == ["Kode mutu", "Uraian", "Satuan", "Harga satuan (Rp)"]
    vaccine = rows[find_row(sheets, "SSH", **{"Kode mutu": "K4-B01"}) - 1]
    assert vaccine[1:] == ["Vaksin Td", "dosis", 9500]
    usg = rows[find_row(sheets, "SSH", **{"Kode mutu": "K4-B06"}) - 1]
    assert usg[3] == ""  # no price stored yet
    priced = QualityItem.objects.filter(service__edition=edition_for_year(YEAR)).exclude(
        kind=QualityItem.Kind.PROCEDURE
    )
    assert {r[0] for r in rows[1:]} == set(priced.values_list("code", flat=True))


def test_prices_import_changes_only_what_is_filled(tmp_path: Path, bantul_koordinator: Any) -> None:
    original = ssh_template(tmp_path)
    sheets = read(original)
    tablets = find_row(sheets, "SSH", **{"Kode mutu": "K4-B02"})
    usg = find_row(sheets, "SSH", **{"Kode mutu": "K4-B06"})
    filled = fill(original, {("SSH", f"D{tablets}"): 400, ("SSH", f"D{usg}"): "125.000"})

    preview = import_prices(tmp_path, filled, "--dry-run")
    assert preview["errors"] == [] and preview["saved"] == 0
    assert {(c["row"], c["old"], c["new"]) for c in preview["changes"]} == {
        (tablets, "350", "400"),
        (usg, "–", "125.000"),
    }
    assert price("K4-B02") == D(350)

    result = import_prices(tmp_path, filled)
    assert result["errors"] == [] and result["saved"] > 0
    assert price("K4-B02") == D(400) and price("K4-B06") == D(125000)
    assert price("K6-B06") == D(18000)  # untouched rows keep their price
    stored = UnitPrice.objects.get(region_id="34.02", year=YEAR, item_code="K4-B06")
    assert stored.history.first().history_user == bantul_koordinator


def test_bad_prices_are_reported_by_row_and_nothing_saved(tmp_path: Path, db: Any) -> None:
    original = ssh_template(tmp_path)
    sheets = read(original)
    tablets = find_row(sheets, "SSH", **{"Kode mutu": "K4-B02"})
    kia = find_row(sheets, "SSH", **{"Kode mutu": "K4-B05"})
    usg = find_row(sheets, "SSH", **{"Kode mutu": "K4-B06"})
    extra = len(sheets["SSH"]) + 1
    filled = fill(
        original,
        {
            ("SSH", f"D{tablets}"): "mahal",
            ("SSH", f"D{kia}"): -1,
            ("SSH", f"D{usg}"): 125000,  # valid, not kept
            ("SSH", f"A{extra}"): "X-99",
            ("SSH", f"D{extra}"): 5,
        },
    )
    result = import_prices(tmp_path, filled, fails=True)
    found = {(e["sheet"], e["row"], e["column"]): e["message"] for e in result["errors"]}
    assert set(found) == {("SSH", tablets, "D"), ("SSH", kia, "D"), ("SSH", extra, "A")}
    assert "'mahal' bukan angka" in found[("SSH", tablets, "D")]
    assert "tidak boleh negatif" in found[("SSH", kia, "D")]
    assert "tidak ada dalam katalog" in found[("SSH", extra, "A")]
    assert price("K4-B02") == D(350)
    assert not UnitPrice.objects.filter(region_id="34.02", year=YEAR, item_code="K4-B06").exists()


def test_only_the_pemda_koordinator_handles_ssh(tmp_path: Path, db: Any) -> None:
    with pytest.raises(CommandError, match="tidak berwenang"):
        ssh_template(tmp_path, user="bantul.dinkes.operator")
    original = ssh_template(tmp_path)
    refused = import_prices(tmp_path, original, user="bantul.dinkes.operator", fails=True)
    assert "tidak berwenang" in refused["errors"][0]["message"]
    with pytest.raises(CommandError, match="tidak ditemukan"):
        import_prices(tmp_path, original, user="kulonprogo.koordinator")
    other = import_prices(
        tmp_path, original, user="kulonprogo.koordinator", region="34.01", fails=True
    )
    assert "bukan yang dipilih" in other["errors"][0]["message"]
