"""Recipient files made on the fly from Kabupaten Bantul's real village codes."""

import json
from collections.abc import Callable, Sequence
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tuntas.recipients.sample import sample_header, sample_rows, write_csv

EXTRA = ("kunjungan_anc", "usia_kehamilan_minggu")


@pytest.fixture
def bantul_villages(db: Any) -> list[tuple[str, str]]:
    from tuntas.regions.models import Village

    return list(
        Village.objects.filter(district__regency_id="34.02")
        .order_by("code")
        .values_list("code", "district_id")
    )


@pytest.fixture
def make_csv(tmp_path: Path, bantul_villages: list[tuple[str, str]]) -> Callable[..., Path]:
    def make(n: int = 30, *, seed: int = 7, bad: Sequence[str] = (), name: str = "k4.csv") -> Path:
        path = tmp_path / name
        rows = sample_rows(villages=bantul_villages, year=2026, n=n, seed=seed, bad=bad)
        write_csv(path, sample_header(EXTRA), rows)
        return path

    return make


@pytest.fixture
def cli_import() -> Callable[..., dict[str, Any]]:
    def run(path: Path, *args: str, service: str = "K4") -> dict[str, Any]:
        out = StringIO()
        call_command(
            "recipients",
            "import",
            str(path),
            "--region",
            "34.02",
            "--year",
            "2026",
            "--service",
            service,
            "--format",
            "json",
            *args,
            stdout=out,
        )
        return json.loads(out.getvalue())

    return run
