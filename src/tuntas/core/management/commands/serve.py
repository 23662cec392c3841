import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Menjalankan Tuntas dengan gunicorn (dan whitenoise) beserta pekerja tugas latar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 2)))
        parser.add_argument("--no-worker", action="store_true", help="tanpa pekerja tugas latar")

    def handle(self, *args: Any, bind: str, workers: int, no_worker: bool, **opts: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tuntas.settings"}
        bin_dir = os.path.dirname(sys.executable)
        children = []
        if not no_worker:
            # Background jobs (imports, reports) run in django-tasks' database worker.
            children.append(
                subprocess.Popen([os.path.join(bin_dir, "tuntas"), "db_worker"], env=env)  # noqa: S603
            )
        self.stdout.write(f"Tuntas melayani di http://{bind}/ (hentikan dengan Ctrl+C)")
        gunicorn = subprocess.Popen(  # noqa: S603
            [
                os.path.join(bin_dir, "gunicorn"),
                "tuntas.wsgi",
                "--bind",
                bind,
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
            ],
            env=env,
        )
        children.append(gunicorn)
        try:
            gunicorn.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children:
                child.wait()
