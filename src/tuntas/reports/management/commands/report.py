from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tuntas.core.commands import add_actor_argument, command_actor
from tuntas.reports.render_docx import annual_docx
from tuntas.reports.render_pdf import annual_pdf
from tuntas.reports.render_xlsx import quarterly_xlsx
from tuntas.reports.selectors import (
    annual_report_content,
    quarterly_report_content,
    report_region_get,
)


class Command(BaseCommand):
    help = "Membuat laporan SPM: tahunan (PDF/DOCX) atau triwulan e-SPM (XLSX) ke sebuah berkas."

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True)
        annual = kinds.add_parser("annual", help="Laporan Penerapan dan Pencapaian SPM tahunan")
        annual.add_argument("--format", choices=["pdf", "docx"], default="pdf")
        quarterly = kinds.add_parser("quarterly", help="laporan triwulan bentuk e-SPM (XLSX)")
        quarterly.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], required=True)
        for sub in (annual, quarterly):
            sub.add_argument("--region", required=True, help="kode Pemda, mis. 34.02")
            sub.add_argument("--year", type=int, default=timezone.localdate().year)
            sub.add_argument("-o", "--output", required=True, help="berkas tujuan")
            add_actor_argument(sub)

    def handle(
        self,
        *args: Any,
        kind: str,
        region: str,
        year: int,
        output: str,
        as_user: str | None,
        **opts: Any,
    ) -> None:
        actor = command_actor(as_user)
        try:
            pemda = report_region_get(actor=actor, code=region)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if kind == "quarterly":
            content = quarterly_xlsx(
                quarterly_report_content(
                    actor=actor, region=pemda, year=year, quarter=opts["quarter"]
                )
            )
        else:
            report = annual_report_content(actor=actor, region=pemda, year=year)
            content = annual_pdf(report) if opts["format"] == "pdf" else annual_docx(report)
        Path(output).write_bytes(content)
        self.stdout.write(f"{output} ditulis ({len(content)} bita).")
