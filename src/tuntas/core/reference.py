"""Shared plumbing for reference-data loaders: checksums and one error type for bad files."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .models import ReferenceDataset


@dataclass(frozen=True)
class Problem:
    """One fault in a reference file, located as precisely as the format allows."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", baris {self.row}"
        if self.column:
            where += f", kolom {self.column}"
        return f"{where}: {self.message}"


class ReferenceDataError(Exception):
    """A reference file cannot be loaded; nothing from it was written."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"- {p}" for p in self.problems[:50])
        more = len(self.problems) - 50
        if more > 0:
            shown += f"\n- ... dan {more} masalah lain"
        super().__init__(f"Data rujukan tidak dapat dimuat:\n{shown}")


def checksum(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_current(name: str, digest: str) -> bool:
    return ReferenceDataset.objects.filter(name=name, checksum=digest).exists()


def mark_loaded(name: str, digest: str) -> None:
    ReferenceDataset.objects.update_or_create(name=name, defaults={"checksum": digest})
