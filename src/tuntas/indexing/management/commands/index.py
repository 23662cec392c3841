"""`tuntas index --region 34.02 --year 2026 --quarter 4 --format json [--as USER]`."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuntas.core.commands import add_actor_argument, command_actor, to_json
from tuntas.core.templatetags.angka import angka
from tuntas.organisation.selectors import region_get

from ...selectors import index_get
from ...services import index_recompute


class Command(BaseCommand):
    help = "Indeks Pencapaian SPM sebuah Pemda untuk satu triwulan (triwulan 4 = tahunan)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="kode Pemda, mis. 34.02")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, default=4, choices=(1, 2, 3, 4))
        parser.add_argument("--format", choices=("json", "text"), default="text")
        parser.add_argument(
            "--recompute", action="store_true", help="hitung ulang dari angka tersimpan dulu"
        )
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_actor(options["as_user"])
        try:
            region = region_get(actor=actor, code=options["region"])
            if options["recompute"]:
                index_recompute(region=region, year=options["year"], quarter=options["quarter"])
            stored = index_get(
                actor=actor, region=region, year=options["year"], quarter=options["quarter"]
            )
        except (PermissionDenied, LookupError) as exc:
            raise CommandError(str(exc)) from exc
        if options["format"] == "json":
            self.stdout.write(to_json(stored.as_dict()))
            return
        self.stdout.write(
            f"{region.name} {stored.year} TW{stored.quarter}: "
            f"{angka(stored.total.index, 2)} {stored.total.category or '-'}"
        )
        for s in stored.services:
            self.stdout.write(f"  {s.code:5} {angka(s.index, 2):>8} {s.category or '-'}")
