"""The report as printable strings, shared by the Typst and DOCX renderers: Indonesian numbers
(1.234.567 and 94,40), dates (3 Januari 2026), "–" where a figure is missing."""

import datetime as dt
from typing import Any

from django.utils import formats, translation

from tuntas.core.templatetags.angka import angka, persen

from .content import AnnualReport, Number, ServiceRow

SECTION_TITLES = {
    "kata_pengantar": "Kata Pengantar",
    "latar_belakang": "Latar Belakang",
    "kebijakan_umum": "Kebijakan Umum",
    "arah_kebijakan": "Arah Kebijakan",
    "penutup": "Penutup",
}


def number(value: Number, decimals: int | None = None) -> str:
    with translation.override("id"):
        return angka(value, decimals)


def percent(value: Number) -> str:
    with translation.override("id"):
        return persen(value)


def date_id(value: dt.date) -> str:
    with translation.override("id"):
        return formats.date_format(value, "j F Y")


def paragraphs(text: str) -> list[str]:
    """Plain text split at blank lines; single line breaks inside a paragraph become spaces."""
    blocks = [" ".join(line.strip() for line in b.splitlines()) for b in text.split("\n\n")]
    return [b for b in blocks if b.strip()]


def _service(s: ServiceRow) -> dict[str, Any]:
    return {
        "code": s.code,
        "name": s.name,
        "agencies": ", ".join(s.agencies) or "–",
        "target": number(s.target),
        "served": number(s.served),
        "recipients_pct": percent(s.recipients_pct),
        "quality_pct": percent(s.quality_pct),
        "index": number(s.index, 2),
        "category": s.category or "–",
        "budget": number(s.budget),
        "budget_realised": number(s.budget_realised),
        "personnel_needed": number(s.personnel_needed),
        "personnel_available": number(s.personnel_available),
        "problems": s.problems,
        "solutions": s.solutions,
    }


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def annual_view(report: AnnualReport) -> dict[str, Any]:
    """Every string the renderers print, keyed as the templates read them."""
    kind = "Provinsi" if report.level == "provinsi" else "Kabupaten/Kota"
    totals = report.totals
    return {
        "title": "Laporan Penerapan dan Pencapaian Standar Pelayanan Minimal",
        "region": report.region_name,
        "region_kind": kind,
        "year": str(report.year),
        "period": f"tahun {report.year}"
        if report.through_quarter == 4
        else f"tahun {report.year} sampai dengan triwulan {ROMAN[report.through_quarter]}",
        "letterhead": {
            "lines": report.letterhead.name_lines,
            "address": report.letterhead.address,
            "contact": report.letterhead.contact,
            "logo": report.letterhead.logo_path,
        },
        "signatory": None
        if report.signatory is None
        else {
            "name": report.signatory.name,
            "nip": report.signatory.nip,
            "title": report.signatory.title,
        },
        "place_date": ", ".join(
            p for p in (report.letterhead.city, date_id(report.date) if report.date else "") if p
        ),
        "narrative": {key: paragraphs(report.narrative.get(key, "")) for key in SECTION_TITLES},
        "section_titles": SECTION_TITLES,
        "index": number(report.index, 2),
        "category": report.category or "–",
        "sectors": [
            {
                "code": sector.code,
                "name": sector.name,
                "index": number(sector.index, 2),
                "index_value": None if sector.index is None else float(sector.index),
                "category": sector.category or "–",
                "services": [_service(s) for s in sector.services],
            }
            for sector in report.sectors
        ],
        "programs": [
            {
                "code": p.code,
                "name": p.name,
                "amount": number(p.amount),
                "realised": number(p.realised),
            }
            for p in report.programs
        ],
        "totals": {
            "budget": number(totals.budget),
            "budget_realised": number(totals.budget_realised),
            "personnel_needed": number(totals.personnel_needed),
            "personnel_available": number(totals.personnel_available),
        },
        "team": [
            {"position": m.position, "job_title": m.job_title, "name": m.name or "–"}
            for m in report.team
        ],
        "team_decree": report.team_decree,
    }
