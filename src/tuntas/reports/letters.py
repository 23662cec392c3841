"""The cover letter (surat pengantar) and the receipt (tanda terima), drawn by Typst from data."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from tuntas.accounts.models import User
from tuntas.regions.models import Region

from .models import Dispatch, Document, Letterhead, Signatory
from .present import date_id, number
from .render_pdf import compile_typst
from .selectors import letterhead_content

KEMENDAGRI = "Menteri Dalam Negeri c.q. Direktur Jenderal Bina Pembangunan Daerah"


def _letterhead(region: Region) -> tuple[dict[str, Any], str | None, str]:
    content = letterhead_content(Letterhead.objects.filter(region=region).first(), region)
    data = {
        "lines": content.name_lines,
        "address": content.address,
        "contact": content.contact,
        "logo": content.logo_path,
    }
    return data, content.logo_path, content.city


def addressee(region: Region, destination: str) -> str:
    if destination == Dispatch.Destination.PROVINCE and region.parent is not None:
        return f"Gubernur {region.parent.name}"
    return KEMENDAGRI


def cover_letter_pdf(
    *,
    actor: User,
    region: Region,
    year: int,
    letter_number: str,
    destination: str,
    documents: Sequence[Document],
    date: dt.date,
) -> bytes:
    letterhead, logo, city = _letterhead(region)
    signatory = Signatory.objects.filter(region=region, year=year).first()
    to = addressee(region, destination)
    copies = (
        [addressee(region, d) for d in Dispatch.Destination.values if d != destination]
        if not region.is_province
        else []
    )
    data = {
        "letterhead": letterhead,
        "place_date": ", ".join(p for p in (city, date_id(date)) if p),
        "number": letter_number,
        "attachments": f"{len(documents)} berkas",
        "subject": f"Laporan Penerapan dan Pencapaian SPM Tahun {year}",
        "addressee": to,
        "addressee_place": "Jakarta" if to == KEMENDAGRI else "tempat",
        "body": [
            "Dalam rangka melaksanakan Peraturan Menteri Dalam Negeri Nomor 59 Tahun 2021 "
            "tentang Penerapan Standar Pelayanan Minimal, bersama ini kami sampaikan Laporan "
            f"Penerapan dan Pencapaian Standar Pelayanan Minimal {region.name} Tahun {year} "
            "sebagaimana terlampir.",
            "Demikian disampaikan, atas perhatiannya diucapkan terima kasih.",
        ],
        "signatory": None
        if signatory is None
        else {"name": signatory.name, "nip": signatory.nip, "title": signatory.title},
        "copies": copies or ["Arsip"],
    }
    return compile_typst("letter.typ", data, logo)


def receipt_pdf(
    *,
    region: Region,
    receiver: Region | None,
    destination: str,
    receipt_number: str,
    letter_number: str,
    sent_at: dt.datetime,
    sent_by: User,
    files: Sequence[Document],
) -> bytes:
    letterhead, logo, _city = _letterhead(region)
    local = timezone.localtime(sent_at)
    data = {
        "letterhead": letterhead,
        "number": receipt_number,
        "letter_number": letter_number,
        "sent_at": f"{date_id(local.date())} pukul {local:%H.%M.%S} {local.tzname() or ''}".strip(),
        "sender": region.name,
        "sent_by": sent_by.display_name,
        "receiver": addressee(region, destination)
        if receiver is None
        else f"Gubernur {receiver.name}",
        "files": [{"name": f.filename, "sha256": f.sha256, "size": number(f.size)} for f in files],
    }
    return compile_typst("receipt.typ", data, logo)
