"""A report with figures, built directly: figures come from other apps, the renderers are what
these tests check."""

import datetime as dt
from decimal import Decimal

from tuntas.reports.content import (
    AnnualReport,
    LetterheadContent,
    ProgramRow,
    SectorSection,
    ServiceRow,
    SignatoryContent,
    TeamMemberRow,
)


def sample_report(narrative: dict[str, str] | None = None) -> AnnualReport:
    return AnnualReport(
        region_code="34.02",
        region_name="Kabupaten Bantul",
        level="kabkota",
        year=2026,
        letterhead=LetterheadContent(
            ["Pemerintah Kabupaten Bantul", "Sekretariat Daerah"],
            "Jalan Robert Wolter Monginsidi Nomor 1, Bantul",
            "Telp. (0274) 367509",
            city="Bantul",
        ),
        signatory=SignatoryContent(
            "Drs. Agus Budi Raharja, M.Si.", "196808121994031006", "Sekretaris Daerah"
        ),
        narrative=narrative or {"latar_belakang": "Paragraf pertama.\n\nParagraf kedua."},
        sectors=[
            SectorSection(
                "kesehatan",
                "Kesehatan",
                [
                    ServiceRow(
                        "K4",
                        "Pelayanan kesehatan ibu hamil",
                        ["Dinkes"],
                        target=1234567,
                        served=1165432,
                        recipients_pct=Decimal("94.4"),
                        quality_pct=Decimal("88.125"),
                        index=Decimal("91.26"),
                        category="Tuntas Pratama",
                        budget=2500000000,
                        budget_realised=2345678901,
                        personnel_needed=120,
                        personnel_available=97,
                        problems=["Bidan desa belum merata"],
                        solutions=["Penempatan bidan kontrak"],
                    ),
                    ServiceRow("K5", "Pelayanan kesehatan ibu bersalin", ["Dinkes"]),
                ],
                index=Decimal("91.26"),
                category="Tuntas Pratama",
            )
        ],
        programs=[
            ProgramRow("1.02.02", "Program Pemenuhan Upaya Kesehatan", 3000000000, 2750000000)
        ],
        team=[TeamMemberRow("Ketua", "Sekretaris Daerah", "Drs. Agus Budi Raharja, M.Si.")],
        team_decree="100.3.3/017/2026",
        index=Decimal("87.5"),
        category="Tuntas Muda",
        date=dt.date(2026, 1, 3),
    )
