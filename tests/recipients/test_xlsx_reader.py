"""The streaming XLSX reader, against XlsxWriter files, python-calamine, and hand-written XML
for the shapes XlsxWriter never writes."""

import datetime as dt
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from tuntas.recipients import xlsx
from tuntas.recipients.readers import FileUnreadable
from tuntas.recipients.xlsx import is_date_format, read_xlsx

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


# --- helpers ----------------------------------------------------------------------------------


def rows_of(frame: pl.DataFrame) -> list[tuple[Any, ...]]:
    return list(frame.iter_rows())


def texts(frame: pl.DataFrame) -> list[list[str | None]]:
    """Per data row, the cell texts (c0..), without row numbers and number flags."""
    cols = [c for c in frame.columns if c.startswith("c")]
    return [list(r) for r in frame.select(cols).iter_rows()]


def numbers(frame: pl.DataFrame) -> list[list[bool]]:
    cols = [c for c in frame.columns if c.startswith("n")]
    return [list(r) for r in frame.select(cols).iter_rows()]


def calamine_text(value: Any) -> str | None:
    """python-calamine's value as read_xlsx writes it."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 2**63 else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def via_calamine(path: Path) -> tuple[list[str], list[list[str | None]]]:
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    rows = [[calamine_text(v) for v in r] for r in sheet.iter_rows()]
    header = [(h or "").strip() for h in rows[0]]
    while header and not header[-1]:
        header.pop()
    w = len(header)
    body = [(r + [None] * w)[:w] for r in rows[1:]]
    return header, [r for r in body if any(v is not None for v in r)]


def write_book(path: Path, rows: Sequence[Sequence[Any]], *, constant_memory: bool) -> Path:
    """One sheet through XlsxWriter; dates get a date format, None leaves the cell empty."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    ws = wb.add_worksheet("data")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    stamp_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, bool):
                ws.write_boolean(r, c, v)
            elif isinstance(v, dt.datetime):
                ws.write_datetime(r, c, v, stamp_fmt)
            elif isinstance(v, dt.date):
                ws.write_datetime(r, c, v, date_fmt)
            elif isinstance(v, int | float):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, v)
    wb.add_worksheet("second").write_string(0, 0, "not me")
    wb.close()
    return path


def write_xml_book(
    path: Path,
    sheet_data: str,
    *,
    shared: Sequence[str] | None = None,
    styles: str | None = None,
    date1904: bool = False,
    sheet_attrs: str = "",
    prefix: str = "",
    sheet_part: str = "worksheets/sheet1.xml",
    extra: dict[str, str] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
    absolute_targets: bool = False,
) -> Path:
    """A minimal workbook written by hand: ``sheet_data`` is the inside of <sheetData>, and
    ``shared`` the raw inside of each <si>. A second sheet ("Other", listed second but stored
    as sheet1.xml when ``sheet_part`` is not) must never be read."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    other = (
        "worksheets/other.xml" if sheet_part == "worksheets/sheet1.xml" else "worksheets/sheet1.xml"
    )
    rels = [("rId1", "worksheet", sheet_part), ("rId2", "worksheet", other)]
    if shared is not None:
        rels.append(("rId3", "sharedStrings", "sharedStrings.xml"))
    if styles is not None:
        rels.append(("rId4", "styles", "styles.xml"))
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f'<Override PartName="/xl/{sheet_part}" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            f'<Override PartName="/xl/{other}" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            + (
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                if shared is not None
                else ""
            )
            + (
                '<Override PartName="/xl/styles.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                if styles is not None
                else ""
            )
            + "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><{p}workbook {xmlns} xmlns:r="{RELS}">'
            + (f'<{p}workbookPr date1904="1"/>' if date1904 else "")
            + f'<{p}sheets><{p}sheet name="Data" sheetId="7" r:id="rId1"/>'
            f'<{p}sheet name="Other" sheetId="1" r:id="rId2"/></{p}sheets></{p}workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
            + "".join(
                f'<Relationship Id="{i}" Type="{RELS}/{t}" '
                f'Target="{"/xl/" if absolute_targets else ""}{target}"/>'
                for i, t, target in rels
            )
            + "</Relationships>"
        ),
        f"xl/{sheet_part}": (
            f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}{sheet_attrs}>'
            f'<{p}dimension ref="A1"/><{p}cols><{p}col min="1" max="2" width="9"/></{p}cols>'
            f"<{p}sheetData>{sheet_data}</{p}sheetData></{p}worksheet>"
        ),
        f"xl/{other}": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>wrong sheet</t></is></c></row>'
            "</sheetData></worksheet>"
        ),
    }
    if shared is not None:
        files["xl/sharedStrings.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><{p}sst {xmlns} count="{len(shared)}">'
            + "".join(f"<{p}si>{s}</{p}si>" for s in shared)
            + f"</{p}sst>"
        )
    if styles is not None:
        files["xl/styles.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">{styles}'
            "</styleSheet>"
        )
    files.update(extra or {})
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return path


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


# --- XlsxWriter files, both ways of writing strings -------------------------------------------

MIXED = [
    ["nik", " nama ", "lahir", "nilai", None, ""],
    [3402055409000001, "Tika & <Sari>", dt.date(2000, 9, 14), 2.5],
    [3.40201e15, "  spasi  ", dt.datetime(2024, 5, 6, 7, 8, 9), 8, "di luar lebar"],
    [None, None, None, None, "hanya di luar lebar"],
    ["3402055409000001", "kutip \"ganda\" 'tunggal'", dt.date(1999, 12, 31), -0.1],
    [True, "baris\nbaru", None, 1e20],
]


@pytest.mark.parametrize("constant_memory", [False, True])
def test_xlsxwriter_book(tmp_path: Path, constant_memory: bool) -> None:
    path = write_book(tmp_path / "k4.xlsx", MIXED, constant_memory=constant_memory)
    header, frame = read_xlsx(path)
    assert header == ["nik", "nama", "lahir", "nilai"]
    assert frame.columns == ["row", "c0", "c1", "c2", "c3", "n0", "n1", "n2", "n3"]
    assert frame.schema["row"] == pl.Int64
    assert frame.schema["c0"] == pl.String
    assert frame.schema["n0"] == pl.Boolean
    assert frame["row"].to_list() == [2, 3, 5, 6]  # row 4 has cells only beyond the header
    assert texts(frame) == [
        ["3402055409000001", "Tika & <Sari>", "2000-09-14", "2.5"],
        ["3402010000000000", "  spasi  ", "2024-05-06 07:08:09", "8"],
        ["3402055409000001", "kutip \"ganda\" 'tunggal'", "1999-12-31", "-0.1"],
        ["true", "baris\nbaru", None, "1e+20"],
    ]
    assert numbers(frame) == [
        [True, False, False, True],
        [True, False, False, True],
        [False, False, False, True],
        [False, False, False, True],
    ]
    assert via_calamine(path) == (header, texts(frame))


@st.composite
def cell_values(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(["text", "int", "float", "date", "stamp", "empty"]))
    if kind == "text":
        alphabet = st.characters(
            codec="utf-8", exclude_categories=["Cc", "Cs"], exclude_characters="\r"
        )
        text = draw(st.text(alphabet | st.sampled_from("&<>\"'\n ;#"), min_size=1, max_size=12))
        # XlsxWriter writes _xHHHH_ escapes for such text, which is out of scope here
        return None if "_x" in text else text
    if kind == "int":
        return draw(st.integers(-(10**15), 10**15))  # Excel keeps 15 digits
    if kind == "float":
        # XlsxWriter writes 16 significant digits: beyond ~1e308 that rounds up past the largest
        # double, where readers disagree (inf or text); no recipient file holds such numbers.
        return draw(st.floats(-1e300, 1e300, allow_nan=False, allow_subnormal=False, width=64))
    if kind == "date":
        return draw(st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)))
    if kind == "stamp":
        return draw(st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9999, 12, 30))).replace(
            microsecond=0
        )
    return None


def expected_text(value: Any) -> tuple[str | None, bool]:
    if value is None or value == "":
        return None, False
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.strftime("%Y-%m-%d"), False
        return value.strftime("%Y-%m-%d %H:%M:%S"), False
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d"), False
    if isinstance(value, int):
        return str(value), True
    if isinstance(value, float):
        value = float(f"{value:.16g}")  # what XlsxWriter writes
        if value.is_integer() and abs(value) < 2**63:
            return str(int(value)), True
        return repr(value), True
    return value, False


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.lists(st.lists(cell_values(), min_size=3, max_size=3), min_size=1, max_size=25),
    constant_memory=st.booleans(),
)
def test_every_cell_round_trips(
    tmp_path: Path, body: list[list[Any]], constant_memory: bool
) -> None:
    path = write_book(
        tmp_path / "random.xlsx", [["a", "b", "c"], *body], constant_memory=constant_memory
    )
    header, frame = read_xlsx(path)
    assert header == ["a", "b", "c"]
    want = [
        (i + 2, [expected_text(v) for v in row])
        for i, row in enumerate(body)
        if any(expected_text(v)[0] is not None for v in row)
    ]
    assert frame["row"].to_list() == [r for r, _ in want]
    assert texts(frame) == [[t for t, _ in cells] for _, cells in want]
    assert numbers(frame) == [[n for _, n in cells] for _, cells in want]
    assert via_calamine(path) == (header, texts(frame))


def test_shared_strings_span_many_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small chunks force rows and shared strings to be cut across chunk boundaries."""
    monkeypatch.setattr(xlsx, "CHUNK_BYTES", 4096)
    body = [[f"NIK{i:05d}", f"nama {i % 97} &amp;", i, i * 0.25] for i in range(3000)]
    path = write_book(tmp_path / "many.xlsx", [["a", "b", "c", "d"], *body], constant_memory=False)
    header, frame = read_xlsx(path)
    assert header == ["a", "b", "c", "d"]
    assert frame.height == 3000
    assert frame["row"].to_list() == list(range(2, 3002))
    assert texts(frame)[1234] == ["NIK01234", "nama 70 &amp;", "1234", "308.5"]
    assert via_calamine(path) == (header, texts(frame))


# --- hand-written XML: what XlsxWriter never writes -------------------------------------------


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_skipped_rows_and_cells_and_missing_r(tmp_path: Path, compression: int) -> None:
    data = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>c</t></is></c></row>'
        '<row r="4"><c r="B4"><v>2</v></c></row>'  # rows 2-3 absent, A4 and C4 absent
        "<row><c><v>1</v></c><c/><c><v>3</v></c></row>"  # row 5: no r anywhere
        '<row r="7" spans="1:3"/>'  # an empty row element
        '<row><c r="B8"><v>5</v></c><c><v>6</v></c></row>'  # row 8; C8 follows B8
        '<row r="9"><c r="A9" s="0"/><c r="B9" t="inlineStr"><is><t></t></is></c></row>'
        '<row r="10"><c r="D10"><v>9</v></c></row>'  # beyond the header's width only
        "<row><c r='C11'><v>7</v></c></row>"  # single quotes
    )
    path = write_xml_book(tmp_path / "sparse.xlsx", data, compression=compression)
    header, frame = read_xlsx(path)
    assert header == ["a", "", "c"]
    assert rows_of(frame) == [
        (4, None, "2", None, False, True, False),
        (5, "1", None, "3", True, False, True),
        (8, None, "5", "6", False, True, True),
        (11, None, None, "7", False, False, True),
    ]


def test_header_trimmed_and_leading_empty_rows(tmp_path: Path) -> None:
    data = (
        '<row r="2"><c r="A2" s="1"/></row>'  # styled but empty: not the header
        '<row r="3"><c r="A3" t="inlineStr"><is><t> nik </t></is></c>'
        '<c r="B3" t="inlineStr"><is><t xml:space="preserve">   </t></is></c>'
        '<c r="C3" t="inlineStr"><is><t>nama</t></is></c>'
        '<c r="D3" t="inlineStr"><is><t xml:space="preserve"> </t></is></c></row>'
        '<row r="4"><c r="A4" t="inlineStr"><is><t xml:space="preserve"> 1 </t></is></c>'
        '<c r="D4"><v>1</v></c></row>'
        '<row r="5"><c r="D5"><v>1</v></c></row>'
    )
    header, frame = read_xlsx(write_xml_book(tmp_path / "h.xlsx", data))
    assert header == ["nik", "", "nama"]
    assert rows_of(frame) == [(4, " 1 ", None, None, False, False, False)]


def test_empty_sheet(tmp_path: Path) -> None:
    for data in ("", '<row r="1"/><row r="2"><c r="A2" s="3"/></row>'):
        header, frame = read_xlsx(write_xml_book(tmp_path / "empty.xlsx", data))
        assert header == []
        assert frame.columns == ["row"]
        assert frame.schema["row"] == pl.Int64
        assert frame.is_empty()


def test_header_only(tmp_path: Path) -> None:
    header, frame = read_xlsx(
        write_xml_book(tmp_path / "h.xlsx", '<row r="1">' + inline("A1", "x") + "</row>")
    )
    assert header == ["x"]
    assert frame.columns == ["row", "c0", "n0"]
    assert frame.is_empty()


def test_strings_rich_text_entities(tmp_path: Path) -> None:
    shared = [
        "<t>plain</t>",
        '<r><rPr><b/><sz val="11"/></rPr><t>bo</t></r><r><t xml:space="preserve">ld </t></r>',
        '<t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/>',
        "<t>&amp;lt; &lt;b&gt; &quot;q&quot; &apos;a&apos; &#65;&#x42;&#x1F600;</t>",
        "<t/>",
        '<t xml:space="preserve">  keep  </t>',
        "<r><t>&amp;lt;</t></r><r><t>&#x41;&amp;</t></r>",
    ]
    data = (
        '<row r="1">' + "".join(inline(f"{c}1", c.lower()) for c in "ABCDEF") + "</row>"
        '<row r="2">'
        + "".join(f'<c r="{c}2" t="s"><v>{i}</v></c>' for i, c in enumerate("ABCDEF"))
        + "</row>"
        '<row r="3"><c r="A3" t="inlineStr"><is><r><t>in</t></r><r><rPr><i/></rPr>'
        "<t>line</t></r></is></c>"
        '<c r="B3" t="inlineStr"><is><t>x &amp;amp; y &#38; &#x3c;</t></is></c>'
        '<c r="C3" t="str"><f>A1&amp;"!"</f><v>a&amp;b</v></c>'
        '<c r="D3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        '<c r="E3" t="e"><v>#N/A</v></c>'
        '<c r="F3" t="b"><v>0</v></c></row>'
        '<row r="4"><c r="A4" t="s"><v>6</v></c><c r="B4" t="inlineStr"><is><r><t>&amp;lt;'
        "</t></r><r><t>&#x41;&amp;</t></r></is></c></row>"
    )
    path = write_xml_book(tmp_path / "s.xlsx", data, shared=shared)
    header, frame = read_xlsx(path)
    assert header == ["a", "b", "c", "d", "e", "f"]
    assert texts(frame) == [
        ["plain", "bold ", "漢字", "&lt; <b> \"q\" 'a' AB😀", None, "  keep  "],
        ["inline", "x &amp; y & <", "a&b", "#DIV/0!", "#N/A", "false"],
        ["&lt;A&", "&lt;A&", None, None, None, None],  # decoded once, also in rich text
    ]
    assert numbers(frame) == [[False] * 6] * 3
    # calamine reads error cells as empty; it agrees on everything else
    calamine_header, calamine_rows = via_calamine(path)
    assert calamine_header == header
    assert calamine_rows[0] == texts(frame)[0]
    assert calamine_rows[2] == texts(frame)[2]
    assert calamine_rows[1][:3] + calamine_rows[1][5:] == [
        "inline",
        "x &amp; y & <",
        "a&b",
        "false",
    ]


def test_formulas_use_cached_value(tmp_path: Path) -> None:
    data = (
        '<row r="1">' + inline("A1", "a") + inline("B1", "b") + inline("C1", "c") + "</row>"
        '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c>'
        '<c r="B2" t="str"><f t="shared" ref="B2:B3" si="0">"x"</f><v>x</v></c>'
        '<c r="C2"><f>NOW()</f></c></row>'  # no cached value: empty
        '<row r="3"><c r="A3" s="0" t="n"><f>0.1+0.2</f><v>0.30000000000000004</v></c>'
        '<c r="B3" t="str"><f t="shared" si="0"/><v></v></c>'
        '<c r="C3"><v>3.40201E+15</v></c></row>'
        '<row r="4"><c r="A4"><v>NaN</v></c><c r="B4"><v>-1.5E-7</v></c></row>'
    )
    header, frame = read_xlsx(write_xml_book(tmp_path / "f.xlsx", data))
    assert header == ["a", "b", "c"]
    assert rows_of(frame) == [
        (2, "2", "x", None, True, False, False),
        (3, "0.30000000000000004", None, "3402010000000000", True, False, True),
        (4, "NaN", "-1.5e-07", None, False, True, False),
    ]


STYLES = (
    '<numFmts count="4"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
    '<numFmt numFmtId="165" formatCode="[h]:mm:ss"/>'
    '<numFmt numFmtId="166" formatCode="#,##0 &quot;days&quot;"/>'
    '<numFmt numFmtId="167" formatCode="[$-421]dddd, d mmmm yyyy h:mm"/></numFmts>'
    '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
    '<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/>'
    '<xf numFmtId="166"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="167"/></cellXfs>'
)


@pytest.mark.parametrize("date1904", [False, True])
def test_dates(tmp_path: Path, date1904: bool) -> None:
    def row(r: int, serials: Sequence[str]) -> str:
        return (
            f'<row r="{r}">'
            + "".join(
                f'<c r="{c}{r}" s="{s}"><v>{v}</v></c>'
                for c, s, v in zip("ABCDEFG", range(7), serials, strict=True)
            )
            + "</row>"
        )

    data = (
        '<row r="1">'
        + "".join(inline(f"{c}1", c) for c in "ABCDEFG")
        + "</row>"
        + row(2, ["45000", "45000", "1.5", "3", "45000.75", "45000.5000057870", "1"])
        + row(3, ["1", "59", "61", "60", "0.25", "2958465", "45000.99999999"])
    )
    path = write_xml_book(tmp_path / "d.xlsx", data, styles=STYLES, date1904=date1904)
    header, frame = read_xlsx(path)
    assert header == list("ABCDEFG")
    if date1904:
        day = lambda n: str(dt.date(1904, 1, 1) + dt.timedelta(days=n))  # noqa: E731
        assert texts(frame) == [
            ["45000", day(45000), "1.5", "3", day(45000) + " 18:00:00",
             day(45000) + " 12:00:00", "1904-01-02"],
            ["1", "1904-02-29", "61", "60", "1904-01-01 06:00:00",
             "2958465", day(45001) + " 00:00:00"],
        ]  # fmt: skip
    else:
        assert texts(frame) == [
            ["45000", "2023-03-15", "1.5", "3", "2023-03-15 18:00:00",
             "2023-03-15 12:00:00", "1900-01-01"],
            # serial 0.25 is Excel's "1900-01-00 06:00"
            ["1", "1900-02-28", "61", "60", "1899-12-31 06:00:00",
             "9999-12-31", "2023-03-16 00:00:00"],
        ]  # fmt: skip
    # only the cells in a date style (even one out of a date's range) are not plain numbers
    assert numbers(frame) == [
        [True, False, True, True, False, False, False],
        [True, False, True, True, False, False, False],
    ]
    if not date1904:
        # calamine reads elapsed times as durations, a serial below 1 as a time of day, and
        # truncates to the second where we round; it agrees on the rest
        calamine_row = via_calamine(path)[1][0]
        assert calamine_row[:2] + calamine_row[3:] == texts(frame)[0][:2] + texts(frame)[0][3:]


def test_date_format_codes() -> None:
    assert is_date_format("yyyy-mm-dd")
    assert is_date_format("d/m/yy h:mm AM/PM")
    assert is_date_format("[$-409]mmmm d, yyyy;@")
    assert is_date_format("[Red]hh:mm")
    assert not is_date_format("[h]:mm:ss")
    assert not is_date_format("[mm]:ss")
    assert not is_date_format('#,##0 "days"')
    assert not is_date_format("0.00\\h")
    assert not is_date_format("General")
    assert not is_date_format("0.00E+00")
    assert not is_date_format("_-* #,##0_-;[Red]-* #,##0_-")


def test_namespace_prefix_and_other_sheet_part(tmp_path: Path) -> None:
    data = (
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c>'
        '<x:c r="B1" t="inlineStr"><x:is><x:t>b</x:t></x:is></x:c></x:row>'
        '<x:row r="2"><x:c r="A2" t="s"><x:v>1</x:v></x:c><x:c r="B2"><x:v>4</x:v></x:c>'
        "</x:row>"
        "<x:row><x:c><x:v>5</x:v></x:c></x:row>"
    )
    path = write_xml_book(
        tmp_path / "x.xlsx",
        data,
        shared=["<x:t>a</x:t>", "<x:r><x:t>r</x:t></x:r><x:r><x:t>ich</x:t></x:r>"],
        prefix="x",
        sheet_part="worksheets/data.xml",
        absolute_targets=True,
    )
    header, frame = read_xlsx(path)
    assert header == ["a", "b"]
    assert rows_of(frame) == [(2, "rich", "4", False, True), (3, "5", None, True, False)]


def test_rows_stops_early(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c>{inline(f"B{r}", "nama")}</row>'
        for r in range(2, 200_002)
    )
    data = '<row r="1">' + inline("A1", "no") + inline("B1", "nama") + "</row>" + body
    path = write_xml_book(tmp_path / "big.xlsx", data)
    inflated = 0
    real_inflate = xlsx._inflate

    def counting_inflate(*args: Any) -> Iterator[bytes]:
        nonlocal inflated
        for block in real_inflate(*args):
            inflated += len(block)
            yield block

    monkeypatch.setattr(xlsx, "_inflate", counting_inflate)
    header, frame = read_xlsx(path, rows=10)
    assert header == ["no", "nama"]
    assert frame["row"].to_list() == list(range(2, 12))
    assert frame["c0"].to_list() == [str(r) for r in range(2, 12)]
    assert 0 < inflated < 1 << 20  # of a sheet of about 14 MB
    _, none = read_xlsx(path, rows=0)
    assert none.columns == ["row", "c0", "c1", "n0", "n1"]
    assert none.is_empty()


def test_preview_reads_little_of_a_big_shared_strings_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = [f"<t>nama {i}</t>" for i in range(100_000)]
    body = "".join(
        f'<row r="{r}"><c r="A{r}" t="s"><v>{r - 1}</v></c></row>' for r in range(2, 100_001)
    )
    data = '<row r="1"><c r="A1" t="inlineStr"><is><t>nama</t></is></c></row>' + body
    path = write_xml_book(tmp_path / "sst.xlsx", data, shared=shared)
    inflated: dict[str, int] = {}
    real_inflate = xlsx._inflate

    def counting_inflate(path: Path, zf: zipfile.ZipFile, name: str, step: int) -> Iterator[bytes]:
        for block in real_inflate(path, zf, name, step):
            inflated[name] = inflated.get(name, 0) + len(block)
            yield block

    monkeypatch.setattr(xlsx, "_inflate", counting_inflate)
    header, frame = read_xlsx(path, rows=3)
    assert header == ["nama"]
    assert rows_of(frame) == [(2, "nama 1", False), (3, "nama 2", False), (4, "nama 3", False)]
    assert inflated["xl/sharedStrings.xml"] < 1 << 20  # of about 2.4 MB
    _, whole = read_xlsx(path)
    assert whole.height == 99_999
    assert whole["c0"][-1] == "nama 99999"


def test_rows_counts_data_rows_not_blank_ones(tmp_path: Path) -> None:
    data = (
        '<row r="1">' + inline("A1", "a") + "</row>"
        '<row r="2"><c r="A2" s="1"/></row>'
        '<row r="3">' + inline("A3", "x") + "</row>"
        '<row r="5">' + inline("A5", "y") + "</row>"
    )
    _, frame = read_xlsx(write_xml_book(tmp_path / "r.xlsx", data), rows=2)
    assert rows_of(frame) == [(3, "x", False), (5, "y", False)]


# --- broken files -----------------------------------------------------------------------------


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("nik,nama\n1,a\n")
    with pytest.raises(FileUnreadable, match=r"^Berkas Excel tidak dapat dibaca: "):
        read_xlsx(path)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"xl/workbook.xml": None}, "workbook.xml"),
        ({"xl/worksheets/sheet1.xml": None}, "sheet1.xml"),
        ({"xl/workbook.xml": f'<workbook xmlns="{MAIN}"><sheets></sheets></workbook>'}, "lembar"),
        ({"xl/workbook.xml": "<workbook><sheets><sheet"}, "unclosed|no element|syntax|invalid"),
        (
            {"xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'},
            "sheetData",
        ),
        ({"xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"></worksheet>'}, "sheetData"),
        ({"xl/worksheets/sheet1.xml": b"<worksheet><sheetData>\xff\xfe</sheetData>"}, ""),
        (
            {
                "xl/workbook.xml": '<!DOCTYPE x [<!ENTITY a "aaaa">]><workbook xmlns="'
                + MAIN
                + '"/>'
            },
            "DTD",
        ),
    ],
)
def test_broken_parts(tmp_path: Path, change: dict[str, str | bytes | None], reason: str) -> None:
    good = write_xml_book(tmp_path / "good.xlsx", '<row r="1">' + inline("A1", "a") + "</row>")
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            if info.filename not in change:
                dst.writestr(info, src.read(info))
        for name, data in change.items():
            if data is not None:
                dst.writestr(name, data)
    with pytest.raises(FileUnreadable, match=f"^Berkas Excel tidak dapat dibaca: .*({reason})"):
        read_xlsx(path)


def test_shared_string_index_out_of_range(tmp_path: Path) -> None:
    data = '<row r="1"><c r="A1" t="s"><v>3</v></c></row>'
    path = write_xml_book(tmp_path / "s.xlsx", data, shared=["<t>a</t>"])
    with pytest.raises(FileUnreadable, match="teks bersama"):
        read_xlsx(path)


def test_corrupt_deflate_stream(tmp_path: Path) -> None:
    body = "".join(f'<row r="{r}">{inline(f"A{r}", str(r * 7919))}</row>' for r in range(1, 5000))
    path = write_xml_book(tmp_path / "c.xlsx", body)
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename)
    for i in range(start + 200, start + 400):
        raw[i] ^= 0x5A
    path.write_bytes(bytes(raw))
    with pytest.raises(FileUnreadable):
        read_xlsx(path)


@pytest.mark.parametrize("chunk", [37, 200, 4096])
def test_chunk_boundaries_do_not_matter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """Inflated blocks and chunks far smaller than a row: cuts land everywhere."""
    body = [
        [f"NIK{i:03d} &amp;", i, None if i % 3 else dt.date(2024, 1, 1 + i % 28)] for i in range(60)
    ]
    path = write_book(tmp_path / "b.xlsx", [["a", "b", "c"], *body], constant_memory=False)
    data = (
        '<row r="1">'
        + inline("A1", "a")
        + '</row><row r="3"/>'
        + "".join(
            f'<row><c><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>x{r}</t></is></c></row>'
            for r in range(2, 40)
        )
    )
    hand = write_xml_book(tmp_path / "h.xlsx", data)
    want = read_xlsx(path), read_xlsx(hand)
    monkeypatch.setattr(xlsx, "CHUNK_BYTES", chunk)
    monkeypatch.setattr(xlsx, "PREVIEW_CHUNK_BYTES", chunk)
    got = read_xlsx(path), read_xlsx(hand)
    assert [(h, rows_of(f)) for h, f in got] == [(h, rows_of(f)) for h, f in want]
    assert want[0][1].height == 60
    assert want[1][1]["row"].to_list()[:3] == [4, 5, 6]  # the r-less rows follow <row r="3"/>
    assert rows_of(read_xlsx(path, rows=5)[1]) == rows_of(want[0][1].head(5))


def test_columns_past_z_and_zz(tmp_path: Path) -> None:
    header_cells = "".join(inline(ref, ref[:-1]) for ref in ("A1", "Z1", "AA1", "ZZ1", "AAA1"))
    data = (
        f'<row r="1">{header_cells}</row>'
        '<row r="2"><c r="AAA2"><v>1</v></c><c><v>2</v></c></row>'  # AAB2 is past the header
        '<row r="3"><c r="ZZ3"><v>3</v></c><c><v>4</v></c></row>'  # the r-less cell is AAA3
    )
    header, frame = read_xlsx(write_xml_book(tmp_path / "wide.xlsx", data))
    width = 26 * 27 + 1
    assert header[0] == "A"
    assert [(j, h) for j, h in enumerate(header) if h] == [
        (0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")
    ]  # fmt: skip
    assert len(header) == width
    got = [
        {k: v for k, v in row.items() if k != "row" and v not in (None, False)}
        for row in frame.iter_rows(named=True)
    ]
    assert got == [
        {"c702": "1", "n702": True},
        {"c701": "3", "c702": "4", "n701": True, "n702": True},
    ]
