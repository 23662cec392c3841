"""The `tuntas` console command, run as a user would run it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_agencies_json(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("agencies", "--region", "34.02", "--year", "2026", "--format", "json")
    agencies = json.loads(capsys.readouterr().out)
    dinkes = next(a for a in agencies if a["code"] == "dinkes")
    assert dinkes["name"] == "Dinas Kesehatan"
    assert dinkes["services"] == [f"K{i}" for i in range(4, 16)]


def test_agencies_scoped_with_as(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(CommandError, match="di luar wewenang"):
        call_command("agencies", "--region", "34.02", "--as", "kulonprogo.koordinator")


def test_unknown_region_is_a_clear_error() -> None:
    with pytest.raises(CommandError, match=r"Pemda 99\.99 tidak ditemukan"):
        call_command("agencies", "--region", "99.99")


def test_fresh_setup_through_the_console_script(tmp_path: Path) -> None:
    """What `make run` does before serving, in a data folder that does not exist yet."""
    tuntas = Path(sys.executable).parent / "tuntas"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["TUNTAS_DATA_DIR"] = str(tmp_path / "fresh" / "data")
    done = subprocess.run(
        [str(tuntas), "setup", "--demo"], capture_output=True, text=True, env=env, check=True
    )
    assert "Data demo dimuat." in done.stdout
    assert "bantul.dinkes.operator" in done.stdout
    assert (tmp_path / "fresh" / "data" / "tuntas.sqlite3").exists()
    again = subprocess.run(
        [str(tuntas), "agencies", "--region", "34.02", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    dinkes = next(a for a in json.loads(again.stdout) if a["code"] == "dinkes")
    assert dinkes["services"][0] == "K4"
