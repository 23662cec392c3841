"""Benchmark of the stored index (issue 6): prints each measure beside its target.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tuntas_bench_index \
        .venv/bin/python bench/index_recompute.py

Uses its own database (created when missing, never another): reference data, then one agency
per Pemda carrying every service of its level with synthetic figures for every quarter, for all
552 Pemda. Measures: recompute of one kabupaten's year, of all Pemda over four quarters, and the
province dashboard's server time (Django's test client, in process).
"""

import os
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tuntas_bench_index"
YEAR = 2026


def ensure_database(url: str) -> None:
    """CREATE DATABASE if it does not exist (createdb semantics), for PostgreSQL only."""
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        return
    import psycopg

    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuntas.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()


def load_synthetic() -> None:
    """Reference data and one agency per Pemda with figures for every service and quarter."""
    from django.core.management import call_command

    from tuntas.catalog.loaders import catalog_load
    from tuntas.catalog.models import QualityItem
    from tuntas.catalog.selectors import services_for_year
    from tuntas.figures.models import FigureValue
    from tuntas.organisation.models import Agency, AgencyService
    from tuntas.regions.loaders import regions_load
    from tuntas.regions.models import Region

    call_command("migrate", verbosity=0)
    regions_load()
    catalog_load()
    if FigureValue.objects.filter(year=YEAR).exists():
        return
    started = time.perf_counter()
    catalog = {
        level: list(services_for_year(YEAR, level=level, with_items=True))
        for level in Region.Level.values
    }
    rows: list[FigureValue] = []
    for n, region in enumerate(Region.objects.order_by("code")):
        agency = Agency.objects.create(region=region, code="spm", name="Perangkat Daerah SPM")
        services = catalog[region.level]
        AgencyService.objects.bulk_create(
            AgencyService(agency=agency, service=s, year=YEAR) for s in services
        )
        for k, service in enumerate(services):
            target = Decimal(1000 + (n * 37 + k * 101) % 9000)
            common = {"agency": agency, "service": service, "year": YEAR}
            rows.append(FigureValue(**common, quarter=0, key="target", value=target))
            share = Decimal(55 + (n + k) % 50) / 100  # 55 %-104 % of the target by the year's end
            for q in (1, 2, 3, 4):
                served = (target * share * q / 4).quantize(Decimal(1))
                rows.append(FigureValue(**common, quarter=q, key="served", value=served))
            for item in service.quality_items.all():
                if item.kind == QualityItem.Kind.GOODS:
                    rows.append(
                        FigureValue(**common, quarter=0, key="available", item=item, value=target)
                    )
                    for q in (1, 2, 3, 4):
                        delivered = (target * share * q / 4).quantize(Decimal(1))
                        rows.append(
                            FigureValue(
                                **common, quarter=q, key="delivered", item=item, value=delivered
                            )
                        )
                elif item.kind == QualityItem.Kind.PERSONNEL:
                    rows.append(
                        FigureValue(**common, quarter=0, key="staff", item=item, value=5 + k % 7)
                    )
        if len(rows) > 20000:
            FigureValue.objects.bulk_create(rows, batch_size=5000)
            rows = []
    FigureValue.objects.bulk_create(rows, batch_size=5000)
    print(
        f"synthetic figures: {FigureValue.objects.count():,} rows for "
        f"{Region.objects.count()} Pemda in {time.perf_counter() - started:.1f} s"
    )


def timed(run: Callable[[], object], repeat: int) -> float:
    """Median wall time in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def report(name: str, seconds: float, target: float) -> bool:
    ok = seconds <= target
    verdict = "OK" if ok else "SLOW"
    print(f"{name:<48} {seconds * 1000:>9.1f} ms  (target {target * 1000:.0f} ms)  {verdict}")
    return ok


def main() -> int:
    setup_django()
    load_synthetic()
    from django.test import Client

    from tuntas.accounts.models import Role, User
    from tuntas.indexing.services import index_recompute, index_recompute_many
    from tuntas.regions.models import Region

    bantul = Region.objects.get(code="34.02")
    everyone = list(Region.objects.order_by("code"))
    index_recompute(region=bantul, year=YEAR)  # warm the catalog and rule caches of the ORM
    results = [
        report(
            "recompute one kabupaten, year (4 quarters)",
            timed(lambda: index_recompute(region=bantul, year=YEAR), 7),
            0.050,
        ),
        report(
            f"recompute all {len(everyone)} Pemda x 4 quarters",
            timed(lambda: index_recompute_many(regions=everyone, year=YEAR), 3),
            5.0,
        ),
    ]
    client = Client()
    for code in ("34", "35"):  # DI Yogyakarta (5 kab/kota) and Jawa Timur (38, the most)
        province = Region.objects.get(code=code)
        reviewer, _ = User.objects.get_or_create(
            username=f"bench.peninjau.{code}",
            defaults={"role": Role.PROVINCIAL_REVIEWER, "region": province},
        )
        client.force_login(reviewer)
        url = f"/indeks/dasbor/?region={code}&year={YEAR}&quarter=4"

        def dashboard(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        dashboard()
        children = province.children.count()
        name = f"province dashboard ({code}, {children} kab/kota)"
        results.append(report(name, timed(dashboard, 7), 0.200))
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
