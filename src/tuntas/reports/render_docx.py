"""DOCX through python-docx. Headings use Word's heading styles so Word and LibreOffice build
the table of contents from them; every user string goes in as a run's text, never parsed."""

import io
from typing import Any

from docx import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table

from .content import AnnualReport
from .present import annual_view

Doc = Any  # python-docx's Document object has no public class to annotate with


def _field(paragraph: Any, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC) that the word processor fills in."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = placeholder
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, code, separate, shown, end):
        run._r.append(element)


def _table(doc: Doc, header: list[str], rows: list[list[str]]) -> Table:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    return table


def _paragraphs(doc: Doc, texts: list[str]) -> None:
    for text in texts or ["–"]:
        doc.add_paragraph().add_run(text)


def _letterhead(doc: Doc, lh: dict[str, Any], logo: str | None) -> None:
    if logo and logo.lower().endswith((".png", ".jpg", ".jpeg")):
        doc.add_picture(logo, height=Cm(2.3))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in lh["lines"]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(line.upper())
        run.bold = True
        run.font.size = Pt(14)
    for line in (lh["address"], lh["contact"]):
        if line:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(line).font.size = Pt(9)


def _signature(doc: Doc, place_date: str, sig: dict[str, str] | None) -> None:
    lines = [place_date] if place_date else []
    if sig is None:
        lines.append("(penanda tangan belum diisi)")
    else:
        lines += [sig["title"], "", "", "", sig["name"]]
        if sig["nip"]:
            lines.append(f"NIP {sig['nip']}")
    for line in lines:
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Cm(8)
        p.paragraph_format.space_after = Pt(0)
        p.add_run(line)


def _footer(section: Any, text: str, instructions: list[str]) -> None:
    section.footer.is_linked_to_previous = False
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(text)
    for i, instruction in enumerate(instructions):
        if i:
            p.add_run(" dari ")
        _field(p, instruction, "1")


def annual_docx(report: AnnualReport) -> bytes:
    d = annual_view(report)
    titles = d["section_titles"]
    doc = DocxDocument()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin = Cm(3), Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)

    _letterhead(doc, d["letterhead"], report.letterhead.logo_path)
    for text, size in (
        (d["title"].upper(), 18),
        (d["region"].upper(), 16),
        (f"TAHUN {d['year']}", 14),
    ):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = True
        run.font.size = Pt(size)

    front = doc.add_section(WD_SECTION.NEW_PAGE)
    _footer(front, "", ["PAGE \\* roman"])
    doc.add_heading(titles["kata_pengantar"], level=1)
    _paragraphs(doc, d["narrative"]["kata_pengantar"])
    _signature(doc, d["place_date"], d["signatory"])
    doc.add_page_break()
    doc.add_paragraph().add_run("Daftar Isi").bold = True
    _field(doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', "Klik kanan, Perbarui bidang.")

    body = doc.add_section(WD_SECTION.NEW_PAGE)
    start = OxmlElement("w:pgNumType")
    start.set(qn("w:start"), "1")
    body._sectPr.append(start)
    _footer(body, "Halaman ", ["PAGE", "SECTIONPAGES"])

    doc.add_heading("BAB I Pendahuluan", level=1)
    doc.add_heading(f"1.1 {titles['latar_belakang']}", level=2)
    _paragraphs(doc, d["narrative"]["latar_belakang"])
    doc.add_heading("1.2 Dasar Hukum", level=2)
    for law in LAWS:
        doc.add_paragraph(law, style="List Number")
    doc.add_heading(f"1.3 {titles['kebijakan_umum']}", level=2)
    _paragraphs(doc, d["narrative"]["kebijakan_umum"])
    doc.add_heading(f"1.4 {titles['arah_kebijakan']}", level=2)
    _paragraphs(doc, d["narrative"]["arah_kebijakan"])
    doc.add_heading("1.5 Tim Penerapan SPM", level=2)
    if d["team_decree"]:
        doc.add_paragraph().add_run(f"Ditetapkan dengan Keputusan Nomor {d['team_decree']}.")
    _table(
        doc,
        ["Kedudukan", "Jabatan", "Nama"],
        [[m["position"], m["job_title"], m["name"]] for m in d["team"]],
    )
    doc.add_heading("1.6 Ringkasan Capaian", level=2)
    doc.add_paragraph().add_run(
        f"Indeks pencapaian SPM {d['region']} {d['period']}: {d['index']} "
        f"(kategori {d['category']})."
    )
    _table(
        doc,
        ["Bidang", "Indeks", "Kategori"],
        [[s["name"], s["index"], s["category"]] for s in d["sectors"]],
    )

    doc.add_heading("BAB II Penerapan dan Pencapaian SPM", level=1)
    for i, s in enumerate(d["sectors"], start=1):
        doc.add_heading(f"2.{i} Bidang {s['name']}", level=2)
        doc.add_paragraph().add_run(f"Indeks bidang: {s['index']} (kategori {s['category']}).")
        _table(
            doc,
            [
                "Kode",
                "Jenis pelayanan",
                "Sasaran",
                "Terlayani",
                "Penerima",
                "Mutu",
                "Indeks",
                "Kategori",
            ],
            [
                [
                    r[k]
                    for k in (
                        "code",
                        "name",
                        "target",
                        "served",
                        "recipients_pct",
                        "quality_pct",
                        "index",
                        "category",
                    )
                ]
                for r in s["services"]
            ],
        )
        doc.add_paragraph()
        _table(
            doc,
            [
                "Kode",
                "Perangkat daerah",
                "Anggaran (Rp)",
                "Realisasi (Rp)",
                "SDM dibutuhkan",
                "SDM tersedia",
            ],
            [
                [
                    r[k]
                    for k in (
                        "code",
                        "agencies",
                        "budget",
                        "budget_realised",
                        "personnel_needed",
                        "personnel_available",
                    )
                ]
                for r in s["services"]
            ],
        )
        for j, r in enumerate(s["services"], start=1):
            doc.add_heading(f"2.{i}.{j} {r['code']} {r['name']}", level=3)
            for label, items in (("Permasalahan", r["problems"]), ("Solusi", r["solutions"])):
                doc.add_paragraph().add_run(f"{label}:").bold = True
                if not items:
                    doc.add_paragraph("–")
                for item in items:
                    doc.add_paragraph(style="List Bullet").add_run(item)

    doc.add_heading("BAB III Program dan Kegiatan", level=1)
    totals = d["totals"]
    _table(
        doc,
        ["Kode", "Program/kegiatan", "Pagu (Rp)", "Realisasi (Rp)"],
        [[p["code"], p["name"], p["amount"], p["realised"]] for p in d["programs"]]
        + [["", "Jumlah anggaran layanan SPM", totals["budget"], totals["budget_realised"]]],
    )
    doc.add_paragraph().add_run(
        f"Kebutuhan sumber daya manusia seluruh layanan: {totals['personnel_needed']} orang; "
        f"tersedia {totals['personnel_available']} orang."
    )

    doc.add_heading("BAB IV Penutup", level=1)
    _paragraphs(doc, d["narrative"]["penutup"])
    _signature(doc, d["place_date"], d["signatory"])

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


LAWS = [
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;",
    "Peraturan Pemerintah Nomor 2 Tahun 2018 tentang Standar Pelayanan Minimal;",
    "Peraturan Menteri Dalam Negeri Nomor 59 Tahun 2021 tentang Penerapan Standar Pelayanan "
    "Minimal.",
]
