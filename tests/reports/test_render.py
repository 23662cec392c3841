"""The PDF and the DOCX print the report's figures in Indonesian format, its headings,
letterhead and signature; missing figures show as "–"; user text is printed literally."""

import io

import docx
from pypdf import PdfReader

from tuntas.reports.render_docx import annual_docx
from tuntas.reports.render_pdf import annual_pdf

from .factories import sample_report

FIGURES = ["1.234.567", "1.165.432", "94,40%", "88,13%", "91,26", "2.500.000.000", "2.345.678.901"]
HEADINGS = [
    "BAB I Pendahuluan",
    "BAB II Penerapan dan Pencapaian SPM",
    "BAB III Program dan Kegiatan",
    "BAB IV Penutup",
]
LETTERHEAD = ["PEMERINTAH KABUPATEN BANTUL", "Jalan Robert Wolter Monginsidi Nomor 1, Bantul"]
SIGNATURE = ["Drs. Agus Budi Raharja, M.Si.", "NIP 196808121994031006", "Bantul, 3 Januari 2026"]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_pdf_holds_figures_headings_letterhead_and_signature() -> None:
    content = annual_pdf(sample_report())
    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    for expected in FIGURES + HEADINGS + LETTERHEAD + SIGNATURE + ["Daftar Isi", "Halaman 1 dari"]:
        assert expected in text, expected
    # K5 has no figures yet: a dash, never a zero
    k5 = next(
        line for line in text.splitlines() if line.startswith("K5 Pelayanan kesehatan ibu bersalin")
    )
    assert "–" in k5 and " 0" not in k5


def test_docx_holds_the_same_and_uses_word_heading_styles() -> None:
    content = annual_docx(sample_report())
    document = docx.Document(io.BytesIO(content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in HEADINGS:
        assert heading in headings
    text = docx_text(content)
    for expected in FIGURES + LETTERHEAD + SIGNATURE:
        assert expected in text, expected
    k5 = next(row for t in document.tables for row in t.rows if row.cells[0].text == "K5")
    assert {c.text for c in k5.cells[2:]} == {"–"}
    # a TOC field for Word/LibreOffice to fill, and page-number fields in the footers
    body = document.element.xml
    assert 'TOC \\o "1-2"' in body
    footers = "".join(s.footer._element.xml for s in document.sections)
    assert "NUMPAGES" not in footers and "SECTIONPAGES" in footers


HOSTILE = (
    '#set text(fill: red) #read("/etc/passwd") $x^2$ <b>tebal</b> @ref *bintang* '
    "{{ template }} \\ `kode` ]] ) }"
)


def test_typst_and_html_control_characters_are_printed_literally() -> None:
    report = sample_report({"latar_belakang": HOSTILE, "penutup": "</w:t><w:p>sisipan"})
    text = pdf_text(annual_pdf(report))
    flat = " ".join(text.split())
    assert " ".join(HOSTILE.split()) in flat
    assert "root:" not in text
    docx_content = docx_text(annual_docx(report))
    assert HOSTILE in docx_content
    assert "</w:t><w:p>sisipan" in docx_content
