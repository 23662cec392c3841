"""Time the annual report PDF of a kabupaten with all 29 kab/kota services and synthetic
figures (target: 3 s or less). Run: .venv/bin/python bench/report_pdf.py"""

import datetime as dt
import os
import time
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuntas.settings")
django.setup()

from tuntas.reports.content import (  # noqa: E402
    AnnualReport,
    LetterheadContent,
    ProgramRow,
    SectorSection,
    ServiceRow,
    SignatoryContent,
    TeamMemberRow,
)
from tuntas.reports.render_pdf import annual_pdf  # noqa: E402

SECTORS = {
    "pendidikan": 4,
    "kesehatan": 12,
    "pekerjaan-umum": 2,
    "perumahan": 2,
    "trantibum": 4,
    "sosial": 5,
}
TEXT = "Paragraf narasi yang cukup panjang untuk mengisi halaman laporan tahunan. " * 12


def synthetic_report() -> AnnualReport:
    sectors, n = [], 0
    for code, count in SECTORS.items():
        services = []
        for _ in range(count):
            n += 1
            target = 10_000 + n * 733
            services.append(
                ServiceRow(
                    f"K{n}",
                    f"Jenis pelayanan dasar nomor {n}",
                    ["Dinas"],
                    target=target,
                    served=target - n * 17,
                    recipients_pct=Decimal("93.75"),
                    quality_pct=Decimal("88.5"),
                    index=Decimal("90.1"),
                    category="Tuntas Pratama",
                    budget=1_000_000_000 + n,
                    budget_realised=900_000_000 + n,
                    personnel_needed=40 + n,
                    personnel_available=35 + n,
                    problems=["Data sasaran belum mutakhir", "Sarana belum memadai"],
                    solutions=["Pemutakhiran data berbasis desa", "Pengadaan sarana"],
                )
            )
        sectors.append(
            SectorSection(code, code.title(), services, Decimal("90.1"), "Tuntas Pratama")
        )
    return AnnualReport(
        region_code="34.02",
        region_name="Kabupaten Bantul",
        level="kabkota",
        year=2026,
        letterhead=LetterheadContent(["Pemerintah Kabupaten Bantul"], "Bantul", city="Bantul"),
        signatory=SignatoryContent("Nama Penanda Tangan", "196808121994031006", "Bupati Bantul"),
        narrative={
            k: f"{TEXT}\n\n{TEXT}"
            for k in (
                "kata_pengantar",
                "latar_belakang",
                "kebijakan_umum",
                "arah_kebijakan",
                "penutup",
            )
        },
        sectors=sectors,
        programs=[
            ProgramRow(f"1.{i:02d}", f"Program {i}", 5_000_000_000, 4_500_000_000)
            for i in range(40)
        ],
        team=[TeamMemberRow("Anggota", f"Kepala Dinas {i}", "") for i in range(20)],
        index=Decimal("90.1"),
        category="Tuntas Pratama",
        date=dt.date(2026, 12, 31),
    )


def main() -> None:
    report = synthetic_report()
    start = time.perf_counter()
    annual_pdf(report)  # the first compile in a process loads fonts and parses the templates
    cold = time.perf_counter() - start
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        pdf = annual_pdf(report)
        runs.append(time.perf_counter() - start)
    print(
        f"annual report PDF, 29 services: first {cold:.2f} s, then {min(runs):.2f} s "
        f"(best of 3), {len(pdf)} bytes"
    )


if __name__ == "__main__":
    main()
