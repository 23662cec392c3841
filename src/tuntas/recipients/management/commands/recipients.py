from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tuntas.core.commands import add_actor_argument, command_actor, to_json
from tuntas.organisation.selectors import region_get
from tuntas.recipients.models import ImportJob
from tuntas.recipients.readers import FileUnreadable
from tuntas.recipients.selectors import service_get
from tuntas.recipients.services import (
    STALE_AFTER,
    import_jobs_sweep,
    recipients_import_file,
)


class Command(BaseCommand):
    help = (
        "Data penerima layanan. `import BERKAS`: mengimpor berkas CSV/XLSX dengan judul kolom "
        "standar (nik, nama, jenis_kelamin, tanggal_lahir, alamat, kode_desa, "
        "tanggal_layanan, sesuai_standar, lalu isian khusus layanan). `sweep`: menandai gagal "
        "impor yang prosesnya berhenti (untuk cron)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="impor berkas CSV/XLSX")
        imp.add_argument("file", type=Path)
        imp.add_argument("--region", required=True, help="kode Pemda, mis. 34.02")
        imp.add_argument("--year", type=int, required=True)
        imp.add_argument("--service", required=True, help="kode jenis pelayanan, mis. K4")
        imp.add_argument("--dry-run", action="store_true", help="periksa tanpa menyimpan")
        imp.add_argument(
            "--mode",
            choices=[m.value for m in ImportJob.Mode],
            default=ImportJob.Mode.VALID_ONLY,
            help="semua: simpan hanya jika tidak ada baris ditolak; valid: simpan baris valid",
        )
        imp.add_argument("--format", choices=["table", "json"], default="table")
        add_actor_argument(imp)
        sweep = sub.add_parser("sweep", help="tandai gagal impor yang prosesnya berhenti")
        sweep.add_argument(
            "--minutes",
            type=int,
            default=int(STALE_AFTER.total_seconds() // 60),
            help="impor yang tidak ada kemajuan selama sekian menit dianggap berhenti",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "sweep":
            if opts["minutes"] < 1:
                raise CommandError("--minutes paling sedikit 1.")
            swept = import_jobs_sweep(older_than=timedelta(minutes=opts["minutes"]))
            self.stdout.write(f"{swept} impor ditandai gagal.")
            return
        actor = command_actor(opts["as_user"])
        path: Path = opts["file"]
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        try:
            region = region_get(actor=actor, code=opts["region"])
            service = service_get(year=opts["year"], code=opts["service"])
            summary = recipients_import_file(
                actor=actor,
                region=region,
                year=opts["year"],
                service=service,
                path=path,
                dry_run=opts["dry_run"],
                mode=opts["mode"],
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except (ValidationError, FileUnreadable) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        if opts["format"] == "json":
            self.stdout.write(to_json(summary.as_dict()))
            return
        self.stdout.write(summary.message)
        for label, value in (
            ("Baris dibaca", summary.rows),
            ("Baru", summary.imported),
            ("Diperbarui", summary.updated),
            ("Tidak berubah", summary.ignored),
            ("Ditolak", summary.rejected),
        ):
            self.stdout.write(f"  {label:<15} {value:>10}")
