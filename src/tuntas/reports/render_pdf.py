"""PDF through Typst. The content goes in as a JSON file the template reads with `json()`, so
every user-written string stays data: Typst never parses it as markup."""

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import typst

from .content import AnnualReport
from .present import annual_view

TEMPLATES = Path(__file__).parent / "typst"


def compile_typst(template: str, data: dict[str, Any], logo: str | None = None) -> bytes:
    """Compile `template` in a scratch folder holding only the templates, data.json and the
    logo, so the document can read nothing else from the disk."""
    with tempfile.TemporaryDirectory(prefix="tuntas-typst-") as tmp:
        root = Path(tmp)
        for source in TEMPLATES.glob("*.typ"):
            shutil.copy(source, root / source.name)
        if logo:
            target = root / f"logo{Path(logo).suffix.lower()}"
            shutil.copy(logo, target)
            data = {**data, "letterhead": {**data["letterhead"], "logo": target.name}}
        (root / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        pdf = typst.compile(str(root / template), root=str(root), format="pdf")
    assert isinstance(pdf, bytes)
    return pdf


def annual_pdf(report: AnnualReport) -> bytes:
    return compile_typst("annual.typ", annual_view(report), report.letterhead.logo_path)
