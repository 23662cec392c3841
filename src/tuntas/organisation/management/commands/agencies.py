from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tuntas.core.commands import add_actor_argument, command_actor, to_json
from tuntas.organisation.selectors import agency_list, region_get


class Command(BaseCommand):
    help = "Menampilkan perangkat daerah suatu Pemda beserta jenis pelayanan yang diampu."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="kode Pemda, mis. 34.02")
        parser.add_argument("--year", type=int, default=timezone.localdate().year)
        parser.add_argument("--format", choices=["table", "json"], default="table")
        add_actor_argument(parser)

    def handle(
        self, *args: Any, region: str, year: int, format: str, as_user: str | None, **opts: Any
    ) -> None:
        actor = command_actor(as_user)
        try:
            pemda = region_get(actor=actor, code=region)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        rows = agency_list(actor=actor, region=pemda, year=year)
        if format == "json":
            self.stdout.write(
                to_json(
                    [
                        {
                            "code": r.agency.code,
                            "name": r.agency.name,
                            "short_name": r.agency.short_name,
                            "services": r.service_codes,
                        }
                        for r in rows
                    ]
                )
            )
            return
        self.stdout.write(f"{pemda.name}, tahun {year}")
        for r in rows:
            self.stdout.write(
                f"  {r.agency.code:<10} {r.agency.name:<55} {' '.join(r.service_codes)}"
            )
