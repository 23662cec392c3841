"""Demo recipients: a puskesmas file of Kabupaten Bantul's K4 (pregnant women) for 2025, made
deterministically with a handful of typical mistakes, imported by the Dinkes operator in
"valid rows only" mode. Its import result keeps the rejected rows, so the demo can walk
through downloading the error sheet, fixing it and importing it again."""

from pathlib import Path

from tuntas.accounts.models import User
from tuntas.regions.models import Region, Village

from .models import ImportJob
from .sample import DEMO_BAD, sample_header, sample_rows, write_csv
from .selectors import service_get
from .services import recipients_import_file

DEMO_FILE = Path(__file__).parent / "data" / "demo" / "puskesmas-k4-2025.csv"
REGION, YEAR, SERVICE, ROWS, SEED = "34.02", 2025, "K4", 200, 3402


def demo_file() -> Path:
    """The shipped file; written again from the seed if missing (same bytes)."""
    if not DEMO_FILE.exists():
        villages = list(
            Village.objects.filter(district__regency_id=REGION)
            .order_by("code")
            .values_list("code", "district_id")
        )
        rows = sample_rows(villages=villages, year=YEAR, n=ROWS, seed=SEED, bad=DEMO_BAD)
        write_csv(DEMO_FILE, sample_header(("kunjungan_anc", "usia_kehamilan_minggu")), rows)
    return DEMO_FILE


def demo_recipients_load() -> None:
    operator = User.objects.select_related("region").get(username="bantul.dinkes.operator")
    recipients_import_file(
        actor=operator,
        region=Region.objects.get(code=REGION),
        year=YEAR,
        service=service_get(year=YEAR, code=SERVICE),
        path=demo_file(),
        mode=ImportJob.Mode.VALID_ONLY,
    )
