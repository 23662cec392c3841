"""Everything a report shows, as plain data: one structure feeds the PDF, the DOCX and the XLSX.

`None` in a figure means "no figure yet" and is printed as "–", never as 0. The selectors
`annual_report_content` and `quarterly_report_content` fill what exists today (letterhead,
signatory, narrative, the SPM team, the services each agency carries, catalog names) and leave
the figures None; see their docstrings for what the figures and index wiring must fill.
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

Number = int | Decimal | None


@dataclass(frozen=True)
class LetterheadContent:
    name_lines: list[str]
    address: str
    contact: str = ""
    logo_path: str | None = None  # a file readable by the renderer, or None for name only
    city: str = ""


@dataclass(frozen=True)
class SignatoryContent:
    name: str
    nip: str
    title: str


@dataclass(frozen=True)
class TeamMemberRow:
    position: str
    job_title: str
    name: str


@dataclass(frozen=True)
class ServiceRow:
    code: str
    name: str
    agencies: list[str] = field(default_factory=list)
    target: Number = None  # recipients to be served (sasaran)
    served: Number = None  # recipients served (realisasi)
    recipients_pct: Number = None  # capaian penerima layanan, percent
    quality_pct: Number = None  # capaian mutu layanan, percent
    index: Number = None
    category: str | None = None
    budget: Number = None  # rupiah
    budget_realised: Number = None
    personnel_needed: Number = None
    personnel_available: Number = None
    problems: list[str] = field(default_factory=list)
    solutions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SectorSection:
    code: str
    name: str
    services: list[ServiceRow]
    index: Number = None
    category: str | None = None


@dataclass(frozen=True)
class ProgramRow:
    code: str
    name: str
    amount: Number = None
    realised: Number = None


@dataclass(frozen=True)
class Totals:
    budget: Number
    budget_realised: Number
    personnel_needed: Number
    personnel_available: Number


@dataclass(frozen=True)
class AnnualReport:
    region_code: str
    region_name: str
    level: str  # "provinsi" or "kabkota"
    year: int
    letterhead: LetterheadContent
    signatory: SignatoryContent | None
    narrative: dict[str, str]  # section key (Narrative.Section) -> plain text
    sectors: list[SectorSection]
    programs: list[ProgramRow] = field(default_factory=list)
    team: list[TeamMemberRow] = field(default_factory=list)
    team_decree: str = ""
    index: Number = None  # the Pemda's SPM index for the year
    category: str | None = None
    date: dt.date | None = None  # the date printed above the signature
    # Stage 4 figures are cumulative; a draft made during the year reports up to this quarter.
    through_quarter: int = 4

    @property
    def totals(self) -> Totals:
        rows = [s for sector in self.sectors for s in sector.services]
        return Totals(
            budget=sum_known(r.budget for r in rows),
            budget_realised=sum_known(r.budget_realised for r in rows),
            personnel_needed=sum_known(r.personnel_needed for r in rows),
            personnel_available=sum_known(r.personnel_available for r in rows),
        )


def sum_known(values: Iterable[Number]) -> Number:
    """The sum of the figures given, or None when none is given yet."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


@dataclass(frozen=True)
class QuarterlyRow:
    """One service as the national e-SPM form asks for it each quarter."""

    sector: str
    code: str
    name: str
    target: Number = None
    served: Number = None
    recipients_pct: Number = None
    quality_pct: Number = None
    index: Number = None
    category: str | None = None
    budget: Number = None
    budget_realised: Number = None
    problems: list[str] = field(default_factory=list)
    stage_status: str | None = None  # tahapan: data, hitung kebutuhan, rencana, pelaksanaan
    action_plan: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class QuarterlyReport:
    region_code: str
    region_name: str
    year: int
    quarter: int
    rows: list[QuarterlyRow]


QUARTERLY_HEADER = [
    "Kode Pemda",
    "Pemda",
    "Tahun",
    "Triwulan",
    "Bidang",
    "Kode Layanan",
    "Jenis Pelayanan Dasar",
    "Jumlah Sasaran",
    "Jumlah Terlayani",
    "Capaian Penerima (%)",
    "Capaian Mutu (%)",
    "Indeks",
    "Kategori",
    "Anggaran (Rp)",
    "Realisasi Anggaran (Rp)",
    "Permasalahan",
    "Status Tahapan",
    "Rencana Tindak Lanjut",
]


def quarterly_rows(report: QuarterlyReport) -> Iterator[list[object]]:
    """The e-SPM rows in the national form's column order (QUARTERLY_HEADER); blanks stay None
    so the operator sees what is still missing instead of a zero."""
    for r in report.rows:
        yield [
            report.region_code,
            report.region_name,
            report.year,
            report.quarter,
            r.sector,
            r.code,
            r.name,
            r.target,
            r.served,
            r.recipients_pct,
            r.quality_pct,
            r.index,
            r.category,
            r.budget,
            r.budget_realised,
            "\n".join(r.problems) or None,
            r.stage_status,
            "\n".join(r.action_plan) or None,
        ]
