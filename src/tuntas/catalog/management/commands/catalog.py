from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tuntas.catalog.selectors import NoCatalogForYear, services_for_year
from tuntas.core.commands import to_json


class Command(BaseCommand):
    help = "Menampilkan katalog jenis pelayanan dasar SPM yang berlaku pada suatu tahun."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=timezone.localdate().year)
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument("--level", choices=["provinsi", "kabkota"])

    def handle(self, *args: Any, year: int, format: str, level: str | None, **opts: Any) -> None:
        try:
            services = list(services_for_year(year, level=level, with_items=True))
        except NoCatalogForYear as exc:
            raise CommandError(str(exc)) from exc
        if format == "json":
            self.stdout.write(
                to_json(
                    [
                        {
                            "code": s.code,
                            "level": s.level,
                            "sector": s.sector_id,
                            "name": s.name,
                            "recipient": s.recipient,
                            "age": s.age,
                            "parameters": s.parameters,
                            "regulation": s.regulation,
                            "quality_items": len(s.quality_items.all()),
                        }
                        for s in services
                    ]
                )
            )
            return
        for s in services:
            self.stdout.write(
                f"{s.code:<5} {s.get_level_display():<15} {s.sector.name:<18} {s.name}"
            )
