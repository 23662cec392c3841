"""`tuntas figures template|import|prices`: the Excel round trip for koordinators who load
many files. Same rules as the web upload (imports.py); `--as USER` narrows to a user's rights."""

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tuntas.core.commands import add_actor_argument, command_actor, to_json
from tuntas.figures import excel, imports, selectors
from tuntas.organisation.selectors import region_get


class Command(BaseCommand):
    help = "Templat Excel angka penerapan SPM dan SSH: membuat, lalu mengimpor berkas terisi."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        template = sub.add_parser("template", help="buat templat Excel")
        template.add_argument("--region", required=True, help="kode Pemda, mis. 34.02")
        template.add_argument("--year", type=int, default=timezone.localdate().year)
        which = template.add_mutually_exclusive_group(required=True)
        which.add_argument("--agency", help="kode perangkat daerah: templat angka penerapan")
        which.add_argument("--ssh", action="store_true", help="templat standar harga satuan")
        template.add_argument("-o", "--output", required=True, help="berkas .xlsx tujuan")
        add_actor_argument(template)

        for name, help_text in (
            ("import", "impor templat angka yang telah diisi"),
            ("prices", "impor templat SSH yang telah diisi"),
        ):
            p = sub.add_parser(name, help=help_text)
            p.add_argument("file", help="berkas .xlsx")
            p.add_argument("--dry-run", action="store_true", help="periksa saja, tanpa menyimpan")
            p.add_argument("--format", choices=["text", "json"], default="text")
            if name == "prices":
                p.add_argument("--region", required=True, help="kode Pemda, mis. 34.02")
                p.add_argument("--year", type=int, required=True)
            add_actor_argument(p)

    def handle(self, *args: Any, action: str, as_user: str | None, **opts: Any) -> None:
        actor = command_actor(as_user)
        try:
            if action == "template":
                self._template(actor, **opts)
                return
            data = Path(opts["file"]).read_bytes()
            if action == "import":
                result = imports.figures_import(actor=actor, data=data, dry_run=opts["dry_run"])
            else:
                region = region_get(actor=actor, code=opts["region"])
                result = imports.prices_import(
                    actor=actor,
                    data=data,
                    dry_run=opts["dry_run"],
                    region=region,
                    year=opts["year"],
                )
        except (PermissionDenied, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if opts["format"] == "json":
            self.stdout.write(to_json(result.as_dict()))
        else:
            self._report(result)
        if not result.ok:
            raise CommandError(f"{len(result.errors)} kesalahan; tidak ada yang disimpan.")

    def _template(
        self,
        actor: Any,
        region: str,
        year: int,
        agency: str | None,
        ssh: bool,
        output: str,
        **opts: Any,
    ) -> None:
        pemda = region_get(actor=actor, code=region)
        if ssh:
            data = excel.prices_template_get(actor=actor, region=pemda, year=year)
        else:
            target = selectors.agency_get(actor=actor, region=pemda, code=agency or "")
            data = excel.figures_template_get(actor=actor, agency=target, year=year)
        Path(output).write_bytes(data)
        self.stdout.write(f"Templat ditulis ke {output} ({len(data)} bita).")

    def _report(self, result: imports.ImportResult) -> None:
        self.stdout.write(result.description)
        for e in result.errors:
            where = f"{e.sheet}!{e.column}{e.row or ''}" if e.sheet else "berkas"
            self.stdout.write(f"  GALAT {where} ({e.header}): {e.message}")
        for w in result.warnings:
            self.stdout.write(f"  PERINGATAN {w.sheet}!{w.column}{w.row or ''}: {w.message}")
        if result.errors:
            return
        if result.dry_run:
            self.stdout.write(f"Berkas sah; {len(result.changes)} perubahan (tidak disimpan).")
        else:
            self.stdout.write(f"Tersimpan: {result.saved}.")
