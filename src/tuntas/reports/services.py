"""Writes for reports and the archive. Each checks the actor's right first.

Archived documents are only ever created here: there is no service that changes or deletes a
`Document`, no view or endpoint that offers it, and the admin shows them read-only.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tuntas.accounts.models import User
from tuntas.regions.models import Region

from .content import AnnualReport
from .letters import cover_letter_pdf, receipt_pdf
from .models import (
    Dispatch,
    Document,
    Letterhead,
    LetterNumbering,
    LetterSequence,
    Narrative,
    ReportJob,
    Signatory,
)
from .render_docx import annual_docx
from .render_pdf import annual_pdf
from .render_xlsx import quarterly_xlsx
from .selectors import (
    annual_report_content,
    can_prepare_report,
    inbox,
    quarterly_report_content,
)

SENDABLE = frozenset(
    {
        Document.Kind.ANNUAL_PDF,
        Document.Kind.ANNUAL_DOCX,
        Document.Kind.QUARTERLY_XLSX,
        Document.Kind.SIGNED_SCAN,
    }
)
GENERATED: dict[str, str] = {
    Document.Kind.ANNUAL_PDF: "pdf",
    Document.Kind.ANNUAL_DOCX: "docx",
    Document.Kind.QUARTERLY_XLSX: "xlsx",
}
MAX_SCAN_BYTES = 50 * 1024 * 1024


def _require_preparer(actor: User, region: Region) -> None:
    if not can_prepare_report(actor, region):
        raise PermissionDenied(f"Anda tidak berwenang menyiapkan laporan {region.name}.")


def _audited(obj: object, actor: User) -> None:
    obj._history_user = actor  # type: ignore[attr-defined]


def letterhead_set(
    *,
    actor: User,
    region: Region,
    name_lines: str,
    address: str,
    phone: str = "",
    email: str = "",
    website: str = "",
    city: str = "",
    logo: UploadedFile | None = None,
) -> Letterhead:
    _require_preparer(actor, region)
    if logo is not None and not (logo.name or "").lower().endswith((".png", ".jpg", ".jpeg")):
        raise ValidationError({"logo": "Logo harus berkas PNG atau JPEG."})
    letterhead = Letterhead.objects.filter(region=region).first() or Letterhead(region=region)
    letterhead.name_lines = name_lines
    letterhead.address = address
    letterhead.phone, letterhead.email, letterhead.website = phone, email, website
    letterhead.city = city
    if logo is not None:
        letterhead.logo.save(f"{region.code}-{logo.name}", logo, save=False)
    letterhead.full_clean()
    _audited(letterhead, actor)
    letterhead.save()
    return letterhead


def signatory_set(
    *, actor: User, region: Region, year: int, name: str, nip: str, title: str
) -> Signatory:
    _require_preparer(actor, region)
    if nip and not (nip.isdigit() and len(nip) == 18):
        raise ValidationError({"nip": "NIP harus 18 angka."})
    signatory = Signatory.objects.filter(region=region, year=year).first() or Signatory(
        region=region, year=year
    )
    signatory.name, signatory.nip, signatory.title = name, nip, title
    signatory.full_clean()
    _audited(signatory, actor)
    signatory.save()
    return signatory


def narrative_set(*, actor: User, region: Region, year: int, section: str, text: str) -> Narrative:
    _require_preparer(actor, region)
    if section not in Narrative.Section.values:
        raise ValidationError(f"Bagian narasi '{section}' tidak dikenal.")
    narrative = Narrative.objects.filter(region=region, year=year, section=section).first()
    narrative = narrative or Narrative(region=region, year=year, section=section)
    narrative.text = text.replace("\r\n", "\n").strip()
    _audited(narrative, actor)
    narrative.save()
    return narrative


def numbering_set(*, actor: User, region: Region, pattern: str) -> LetterNumbering:
    _require_preparer(actor, region)
    if "{seq}" not in pattern:
        raise ValidationError({"pattern": "Pola nomor surat harus memuat {seq}."})
    numbering = LetterNumbering.objects.filter(region=region).first() or LetterNumbering(
        region=region
    )
    numbering.pattern = pattern.strip()
    _audited(numbering, actor)
    numbering.save()
    return numbering


@dataclass(frozen=True)
class SignatorySpec:
    name: str
    nip: str
    title: str


@transaction.atomic
def report_settings_set(
    *,
    actor: User,
    region: Region,
    year: int,
    letterhead: dict[str, Any],
    signatory: SignatorySpec,
    pattern: str,
) -> None:
    """Letterhead, the year's signatory and the letter-number pattern, all or nothing."""
    letterhead_set(actor=actor, region=region, **letterhead)
    signatory_set(
        actor=actor,
        region=region,
        year=year,
        name=signatory.name,
        nip=signatory.nip,
        title=signatory.title,
    )
    numbering_set(actor=actor, region=region, pattern=pattern)


def letter_number_allocate(*, actor: User, region: Region, year: int) -> str:
    """The Pemda's next letter number in `year`. One UPDATE raises the counter and holds the
    row lock until the surrounding transaction ends (on SQLite the IMMEDIATE transaction mode
    serialises writers), so two sends never get the same number."""
    _require_preparer(actor, region)
    numbering = LetterNumbering.objects.filter(region=region).first()
    if numbering is None:
        raise ValidationError(
            f"Pola nomor surat {region.name} belum diatur; isi di pengaturan laporan."
        )
    with transaction.atomic():
        LetterSequence.objects.bulk_create(
            [LetterSequence(region=region, year=year)], ignore_conflicts=True
        )
        LetterSequence.objects.filter(region=region, year=year).update(last=F("last") + 1)
        seq = LetterSequence.objects.get(region=region, year=year).last
    # Plain replacement, not str.format, so a pattern cannot reach into objects.
    return numbering.pattern.replace("{seq}", str(seq)).replace("{year}", str(year))


def _document_store(
    *,
    actor: User,
    region: Region,
    year: int,
    kind: str,
    filename: str,
    content: bytes,
    source: Document | None = None,
) -> Document:
    digest = hashlib.sha256(content).hexdigest()
    document = Document(
        region=region,
        year=year,
        kind=kind,
        filename=filename,
        sha256=digest,
        size=len(content),
        created_by=actor,
        source_document=source,
    )
    # Stored under its hash: a file name can never be reused for other bytes.
    document.file.save(
        f"{region.code}/{year}/{digest}/{filename}", ContentFile(content), save=False
    )
    document.save()
    return document


def _render(job: ReportJob) -> bytes:
    actor, region, year = job.created_by, job.region, job.year
    if job.kind == Document.Kind.QUARTERLY_XLSX:
        assert job.quarter is not None
        return quarterly_xlsx(
            quarterly_report_content(actor=actor, region=region, year=year, quarter=job.quarter)
        )
    report: AnnualReport = annual_report_content(actor=actor, region=region, year=year)
    return annual_pdf(report) if job.kind == Document.Kind.ANNUAL_PDF else annual_docx(report)


def report_filename(job: ReportJob) -> str:
    stem = f"e-spm-tw{job.quarter}" if job.quarter else "laporan-spm"
    return f"{stem}-{job.region_id}-{job.year}.{GENERATED[job.kind]}"


@transaction.atomic
def report_job_start(
    *, actor: User, region: Region, year: int, kind: str, quarter: int | None = None
) -> ReportJob:
    """Queue the generation of a report (the quarterly one for `quarter`); the page follows
    `ReportJob.progress`."""
    from .tasks import report_generate  # the task module imports this one

    _require_preparer(actor, region)
    if kind not in GENERATED:
        raise ValidationError(f"Jenis laporan '{kind}' tidak dapat dibuat.")
    is_quarterly = kind == Document.Kind.QUARTERLY_XLSX
    if is_quarterly and quarter not in {1, 2, 3, 4}:
        raise ValidationError("Pilih triwulan 1 sampai 4.")
    job = ReportJob.objects.create(
        region=region,
        year=year,
        kind=kind,
        quarter=quarter if is_quarterly else None,
        created_by=actor,
    )
    report_generate.enqueue(job.pk)
    return job


def report_job_run(*, job_id: int) -> ReportJob:
    """Generate the report of a queued job as its creator, archive it, record the outcome."""
    job = ReportJob.objects.select_related("region", "created_by").get(pk=job_id)
    actor, region = job.created_by, job.region
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, progress=10)
    try:
        _require_preparer(actor, region)
        content = _render(job)
        ReportJob.objects.filter(pk=job.pk).update(progress=80)
        with transaction.atomic():
            document = _document_store(
                actor=actor,
                region=region,
                year=job.year,
                kind=job.kind,
                filename=report_filename(job),
                content=content,
            )
            ReportJob.objects.filter(pk=job.pk).update(
                status=ReportJob.Status.DONE, progress=100, document=document
            )
    except Exception as exc:  # the job records any failure for the person waiting on it
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.FAILED, error=str(exc) or exc.__class__.__name__
        )
    job.refresh_from_db()
    return job


@transaction.atomic
def signed_scan_upload(
    *, actor: User, region: Region, year: int, upload: UploadedFile, source: Document | None = None
) -> Document:
    """Archive the scan of the signed report (PDF)."""
    _require_preparer(actor, region)
    if source is not None and (source.region_id != region.code or source.year != year):
        raise ValidationError("Dokumen asal bukan laporan Pemda dan tahun ini.")
    if upload.size is None or upload.size > MAX_SCAN_BYTES:
        raise ValidationError("Berkas pindaian paling besar 50 MB.")
    content = upload.read()
    if not content.startswith(b"%PDF-"):
        raise ValidationError("Berkas pindaian harus PDF.")
    return _document_store(
        actor=actor,
        region=region,
        year=year,
        kind=Document.Kind.SIGNED_SCAN,
        filename=f"laporan-spm-bertanda-tangan-{region.code}-{year}.pdf",
        content=content,
        source=source,
    )


def destinations_for(region: Region) -> list[str]:
    """A kabupaten/kota reports to its province and Kemendagri; a province to Kemendagri."""
    if region.is_province:
        return [Dispatch.Destination.KEMENDAGRI]
    return [Dispatch.Destination.PROVINCE, Dispatch.Destination.KEMENDAGRI]


@transaction.atomic
def dispatch_send(
    *,
    actor: User,
    region: Region,
    year: int,
    documents: Sequence[Document],
    destinations: Sequence[str],
) -> list[Dispatch]:
    """Send documents up: per destination a numbered cover letter, a receipt listing every
    file's SHA-256, and a dispatch the receiver finds in its inbox."""
    _require_preparer(actor, region)
    if not documents:
        raise ValidationError("Pilih sedikitnya satu dokumen untuk dikirim.")
    for d in documents:
        if d.region_id != region.code or d.year != year or d.kind not in SENDABLE:
            raise ValidationError(f"{d.filename} tidak dapat dikirim sebagai laporan {year}.")
    allowed = destinations_for(region)
    if not destinations or any(d not in allowed for d in destinations):
        raise ValidationError("Pilih tujuan pengiriman yang sah.")
    sent: list[Dispatch] = []
    for destination in dict.fromkeys(destinations):
        receiver = region.parent if destination == Dispatch.Destination.PROVINCE else None
        number = letter_number_allocate(actor=actor, region=region, year=year)
        now = timezone.now()
        letter = _document_store(
            actor=actor,
            region=region,
            year=year,
            kind=Document.Kind.COVER_LETTER,
            filename=f"surat-pengantar-{destination}-{region.code}-{year}.pdf",
            content=cover_letter_pdf(
                actor=actor,
                region=region,
                year=year,
                letter_number=number,
                destination=destination,
                documents=documents,
                date=timezone.localdate(now),
            ),
            source=documents[0],  # the chain in the archive: report, letter, receipt
        )
        receipt_number = f"TT/{number}/{destination}"
        receipt = _document_store(
            actor=actor,
            region=region,
            year=year,
            kind=Document.Kind.RECEIPT,
            filename=f"tanda-terima-{destination}-{region.code}-{year}.pdf",
            content=receipt_pdf(
                region=region,
                receiver=receiver,
                destination=destination,
                receipt_number=receipt_number,
                letter_number=number,
                sent_at=now,
                sent_by=actor,
                files=[letter, *documents],
            ),
            source=letter,
        )
        dispatch = Dispatch(
            sender=region,
            year=year,
            destination=destination,
            receiver=receiver,
            number=number,
            cover_letter=letter,
            receipt=receipt,
            receipt_number=receipt_number,
            sent_at=now,
            sent_by=actor,
        )
        _audited(dispatch, actor)
        dispatch.save()
        dispatch.documents.set(documents)
        sent.append(dispatch)
    return sent


@transaction.atomic
def dispatch_acknowledge(*, actor: User, dispatch: Dispatch) -> Dispatch:
    if not inbox(actor).filter(pk=dispatch.pk).exists():
        raise PermissionDenied("Pengiriman ini tidak ditujukan kepada kantor Anda.")
    locked = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    if locked.acknowledged_at is not None:
        raise ValidationError("Pengiriman ini sudah dikonfirmasi diterima.")
    locked.acknowledged_at = timezone.now()
    locked.acknowledged_by = actor
    _audited(locked, actor)
    locked.save()
    return locked
