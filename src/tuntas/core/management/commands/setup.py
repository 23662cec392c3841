from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuntas.accounts.models import Role
from tuntas.catalog.loaders import catalog_load
from tuntas.core.demo import demo_load, demo_logins, demo_spec
from tuntas.core.reference import ReferenceDataError
from tuntas.core.templatetags.angka import angka
from tuntas.regions.loaders import regions_load


class Command(BaseCommand):
    help = "Menyiapkan basis data: migrasi, data rujukan, dan (opsional) data demo. Aman diulang."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demo", action="store_true", help="muat juga data demo")
        parser.add_argument("--force", action="store_true", help="muat ulang data rujukan")

    def handle(self, *args: Any, demo: bool, force: bool, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Basis data sudah dimigrasikan.")
        try:
            regions = regions_load(force=force)
            catalog = catalog_load(force=force)
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
        if regions.skipped:
            self.stdout.write("Data wilayah sudah mutakhir.")
        else:
            counts = ", ".join(f"{angka(n)} {what}" for what, n in regions.counts.items())
            self.stdout.write(f"Data wilayah dimuat: {counts}.")
        for name in catalog.loaded:
            self.stdout.write(f"Dimuat: {name}")
        if catalog.skipped:
            self.stdout.write(f"Sudah mutakhir: {', '.join(catalog.skipped)}")
        if demo:
            loaded = demo_load()
            self.stdout.write("Data demo dimuat." if loaded else "Data demo sudah ada.")
            self.stdout.write(f"\nAkun demo (kata sandi: {demo_spec()['password']}):")
            for login in demo_logins():
                role = Role(login.role).label
                self.stdout.write(f"  {login.username:<28} {role:<40} {login.region}")
