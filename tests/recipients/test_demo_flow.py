"""The issue's "done when": the demo's puskesmas import has rejected rows; the operator downloads
them, fixes them, imports them again, and the service's target and served counts follow."""

import csv
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from tuntas.recipients.demo import REGION, ROWS, SEED, YEAR
from tuntas.recipients.models import ImportJob
from tuntas.recipients.sample import DEMO_BAD, sample_rows
from tuntas.recipients.selectors import recipient_totals
from tuntas.regions.models import Region


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_fix_rejected_rows_and_see_targets_follow(
    client_for: Any, bantul_operator: Any, bantul_villages: Any, tmp_path: Path
) -> None:
    region = Region.objects.get(code=REGION)
    before = recipient_totals(actor=bantul_operator, region=region, year=YEAR)["K4"]
    assert before.target == ROWS - len(DEMO_BAD)

    client = client_for("bantul_operator")
    listing = client.get(f"/penerima/{REGION}/{YEAR}/K4/")
    demo_job = listing.context["jobs"][0]
    assert demo_job.rejected == len(DEMO_BAD)
    sheet = client.get(f"/penerima/impor/{demo_job.pk}/baris-ditolak.xlsx")
    saved = tmp_path / "ditolak.xlsx"
    saved.write_bytes(sheet.content)
    header, *rejected = CalamineWorkbook.from_path(str(saved)).get_sheet_by_index(0).to_python()

    # The operator corrects each row; here the correct values are the generator's clean rows.
    clean = list(sample_rows(villages=bantul_villages, year=YEAR, n=ROWS, seed=SEED))
    row_at = header.index("baris_asal")
    fixed = tmp_path / "diperbaiki.csv"
    with open(fixed, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(header)
        for row in rejected:
            good = clean[int(row[row_at]) - 2]
            out.writerow([*good, *row[len(good) :]])

    with open(fixed, "rb") as f:
        upload = client.post(f"/penerima/{REGION}/{YEAR}/K4/impor/", {"file": f, "mode": "semua"})
    mapping_page = client.get(upload["Location"])
    client.post(upload["Location"], {f"col_{i}": c for i, _h, c in mapping_page.context["header"]})
    job = ImportJob.objects.exclude(pk=demo_job.pk).get(year=YEAR)
    assert (job.imported, job.rejected) == (len(DEMO_BAD), 0)

    after = recipient_totals(actor=bantul_operator, region=region, year=YEAR)["K4"]
    assert after.target == ROWS
    served = sum(1 for r in clean if r[7] == "ya")
    assert after.served_to_standard == served
    assert after.quarters[3] == served
