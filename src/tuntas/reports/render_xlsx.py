"""The quarterly e-SPM sheet as XLSX: one row generator (`content.quarterly_rows`) feeds it, so
the columns match the national form and operators can copy the cells over."""

import io

import xlsxwriter

from .content import QUARTERLY_HEADER, QuarterlyReport, quarterly_rows

NUMBER_COLUMNS = {
    7: "#,##0",
    8: "#,##0",
    9: "0.00",
    10: "0.00",
    11: "0.00",
    13: "#,##0",
    14: "#,##0",
}


def quarterly_xlsx(report: QuarterlyReport) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(f"e-SPM TW{report.quarter}")
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    formats = {
        col: book.add_format({"num_format": f, "valign": "top"})
        for col, f in NUMBER_COLUMNS.items()
    }
    sheet.write_row(0, 0, QUARTERLY_HEADER, bold)
    for r, row in enumerate(quarterly_rows(report), start=1):
        for c, value in enumerate(row):
            if value is None:
                sheet.write_blank(r, c, None)
            elif c in formats:
                sheet.write_number(r, c, float(value), formats[c])  # type: ignore[arg-type]
            else:
                sheet.write(r, c, value, wrap)
    sheet.set_column(0, 4, 12)
    sheet.set_column(6, 6, 45)
    sheet.set_column(15, 17, 40)
    sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()
