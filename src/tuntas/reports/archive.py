"""A year's archive as one ZIP: every document plus manifest.json and manifest.csv listing
file, SHA-256, kind, region, who made it and when."""

import csv
import io
import json
import zipfile
from collections.abc import Iterable

from django.utils import timezone

from .models import Document


def archive_zip(documents: Iterable[Document]) -> io.BytesIO:
    manifest = []
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for d in documents:
            path = f"{d.region_id}/{d.kind}/{d.pk}-{d.filename}"
            with d.file.open("rb") as f:
                zf.writestr(path, f.read())
            manifest.append(
                {
                    "file": path,
                    "sha256": d.sha256,
                    "size": d.size,
                    "kind": d.kind,
                    "region": d.region_id,
                    "year": d.year,
                    "created_by": d.created_by.username,
                    "created_at": timezone.localtime(d.created_at).isoformat(),
                    "source_document": d.source_document_id,
                }
            )
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        text = io.StringIO()
        writer = csv.DictWriter(
            text,
            fieldnames=list(manifest[0]) if manifest else ["file", "sha256"],
        )
        writer.writeheader()
        writer.writerows(manifest)
        zf.writestr("manifest.csv", text.getvalue())
    out.seek(0)
    return out
