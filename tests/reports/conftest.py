"""Report tests write archived files into a scratch media folder and run background jobs at
once (django-tasks' immediate backend), so a generation finishes within the request."""

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _reports_settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
