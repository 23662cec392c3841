import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuntas.core.commands import add_actor_argument, command_actor, to_json
from tuntas.organisation.selectors import region_get
from tuntas.sops.notify import overdue_reminders_send
from tuntas.sops.pdf import sop_pdf
from tuntas.sops.selectors import activity_count, extra_holidays, sop_get, sop_list, sop_version
from tuntas.sops.services import sop_export, sop_save
from tuntas.sops.standard_time import StandardTimeError, parse_standard_time
from tuntas.sops.validation import SopFileError
from tuntas.sops.workdays import due_at


class Command(BaseCommand):
    help = "SOP: impor, ekspor, daftar, PDF, batas waktu, dan pengingat tugas terlambat."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("import", help="impor satu berkas SOP (YAML)")
        p.add_argument("file", type=Path)
        p.add_argument("--region", help="kode Pemda bila berkas tidak memuat region_code")
        add_actor_argument(p)
        p = sub.add_parser("export", help="tulis YAML SOP ke keluaran standar")
        p.add_argument("code")
        p.add_argument("--sop-version", type=int, dest="version_number")
        add_actor_argument(p)
        p = sub.add_parser("list", help="daftar SOP")
        p.add_argument("--format", choices=["table", "json"], default="table")
        add_actor_argument(p)
        p = sub.add_parser("pdf", help="dokumen SOP resmi sebagai PDF")
        p.add_argument("code")
        p.add_argument("-o", "--output", type=Path, required=True)
        add_actor_argument(p)
        p = sub.add_parser("due", help="batas waktu menurut hari kerja Pemda")
        p.add_argument("--region", required=True)
        p.add_argument("--start", type=dt.date.fromisoformat, required=True)
        p.add_argument("--time", required=True, help='waktu standar, mis. "5 hari kerja"')
        p = sub.add_parser("remind", help="kirim surel pengingat tugas yang terlambat (cron)")

    def handle(self, *args: Any, action: str, **opts: Any) -> None:
        try:
            getattr(self, f"_{action}")(**opts)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc

    def _import(self, file: Path, region: str | None, as_user: str | None, **_: Any) -> None:
        actor = command_actor(as_user)
        pemda = region_get(actor=actor, code=region) if region else None
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Berkas {file} tidak dapat dibaca: {exc}") from exc
        try:
            version = sop_save(
                actor=actor if actor.pk else None, text=text, source=str(file), region=pemda
            )
        except SopFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"SOP {version.sop.code} ({version.sop.region.name}) versi {version.number} tersimpan."
        )

    def _export(self, code: str, version_number: int | None, as_user: str | None, **_: Any) -> None:
        sop = sop_get(actor=command_actor(as_user), code=code)
        self.stdout.write(sop_export(sop_version(sop, version_number)), ending="")

    def _list(self, format: str, as_user: str | None, **_: Any) -> None:
        rows = [
            {
                "code": sop.code,
                "name": sop_version(sop).document["identity"]["name"],
                "region": sop.region_id,
                "region_name": sop.region.name,
                "version": sop_version(sop).number,
                "activities": activity_count(sop),
            }
            for sop in sop_list(actor=command_actor(as_user))
        ]
        if format == "json":
            self.stdout.write(to_json(rows))
            return
        for r in rows:
            self.stdout.write(
                f"{r['code']:<45} {r['region']:<6} v{r['version']:<3} {r['activities']:>3} "
                f"aktivitas  {r['name']}"
            )

    def _pdf(self, code: str, output: Path, as_user: str | None, **_: Any) -> None:
        sop = sop_get(actor=command_actor(as_user), code=code)
        output.write_bytes(sop_pdf(sop_version(sop).document))
        self.stdout.write(f"PDF SOP {code} ditulis ke {output}.")

    def _due(self, region: str, start: dt.date, time: str, **_: Any) -> None:
        pemda = region_get(actor=command_actor(None), code=region)
        try:
            standard = parse_standard_time(time)
        except StandardTimeError as exc:
            raise CommandError(str(exc)) from exc
        begin = dt.datetime.combine(start, dt.time(8))
        self.stdout.write(due_at(begin, standard, extra_holidays(pemda)).date().isoformat())

    def _remind(self, **_: Any) -> None:
        sent, skipped = overdue_reminders_send()
        self.stdout.write(f"{sent} surel pengingat terkirim.")
        for username in skipped:
            self.stdout.write(f"Lewati {username}: tidak ada alamat surel.")
