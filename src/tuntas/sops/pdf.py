"""The official SOP document as PDF, laid out by the Typst template typst/sop.typ.

User text reaches Typst only as JSON data, so characters such as # or * print literally.
"""

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import typst
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .schedule import activities
from .templatetags.sop_tags import tanggal

TEMPLATE = Path(__file__).parent / "typst" / "sop.typ"


def _labels() -> dict[str, str]:
    return {
        "number": _("Nomor SOP"),
        "made": _("Tanggal pembuatan"),
        "revised": _("Tanggal revisi"),
        "approved": _("Tanggal pengesahan"),
        "approved_by": _("Disahkan oleh"),
        "name": _("Nama SOP"),
        "legal_basis": _("Dasar Hukum"),
        "qualifications": _("Kualifikasi Pelaksana"),
        "related_sops": _("Keterkaitan"),
        "equipment": _("Peralatan/Perlengkapan"),
        "warnings": _("Peringatan"),
        "recording": _("Pencatatan dan Pendataan"),
        "no": _("No."),
        "activity": _("Kegiatan"),
        "actors": _("Pelaksana"),
        "quality": _("Mutu Baku"),
        "inputs": _("Kelengkapan"),
        "time": _("Waktu"),
        "output": _("Output"),
        "notes": _("Keterangan"),
    }


def sop_pdf_data(document: dict[str, Any]) -> dict[str, Any]:
    """The template's data: identity fields as text, one row per section and activity."""
    identity = document["identity"]
    dates = identity.get("dates", {})
    approver = identity["approved_by"]
    items = activities(document)
    first, last = items[0].number, items[-1].number
    lanes = {actor["code"]: index for index, actor in enumerate(document["procedure"]["actors"])}
    rows: list[dict[str, Any]] = []
    section = None
    previous_lane: int | None = None
    connector = 0
    for index, activity in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        if activity.section != section:
            section = activity.section
            connector += 1
            # A connector marks where the flow continues into the next part of the SOP.
            rows.append({"kind": "section", "title": section, "connector": chr(64 + connector)})
            previous_lane = None
        data = activity.data
        if activity.returns_to:
            kind, label = "decision", _("Tidak: ke %(n)s") % {"n": activity.returns_to}
        elif activity.number in (first, last):
            start = activity.number == first
            label = pgettext("flowchart", "Mulai") if start else pgettext("flowchart", "Selesai")
            kind = "terminator"
        else:
            kind, label = "process", str(activity.number)
        rows.append(
            {
                "kind": kind,
                "symbol_label": label,
                "number": str(activity.number),
                "description": activity.description,
                "lane": lanes[activity.actor],
                "previous_lane": previous_lane,
                "has_next": following is not None and following.section == section,
                "inputs": data.get("inputs", []),
                "time": activity.time.text,
                "output": data.get("output", ""),
                "notes": " ".join(filter(None, [data.get("notes"), data.get("qualification")])),
            }
        )
        previous_lane = lanes[activity.actor]
    return {
        "labels": _labels(),
        "identity": {
            "organisation": identity["organisation"],
            "unit": identity["unit"],
            "number": identity.get("number", "–"),
            "made": tanggal(dates.get("made")),
            "revised": tanggal(dates.get("revised")),
            "approved": tanggal(dates.get("approved")),
            "approved_title": approver["title"],
            "approved_name": approver.get("name", ""),
            "name": identity["name"],
            **{
                key: identity.get(key, [])
                for key in ("legal_basis", "qualifications", "related_sops", "equipment")
            },
            "warnings": identity.get("warnings", []),
            "recording": identity.get("recording", []),
        },
        "procedure_title": document["procedure"].get("title", identity["name"]),
        "actors": document["procedure"]["actors"],
        "rows": rows,
    }


def sop_pdf(document: dict[str, Any]) -> bytes:
    # The signed SOP is an official Indonesian document whatever language the reader chose.
    with translation.override("id"):
        data = sop_pdf_data(document)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copy(TEMPLATE, root / "sop.typ")
        (root / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        result = typst.compile(str(root / "sop.typ"), root=str(root))
    assert isinstance(result, bytes)
    return result
