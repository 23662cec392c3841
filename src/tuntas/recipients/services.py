"""Writes of by-name recipients: staged imports (upload, mapping, background run) and the
access log. Rows are read and validated first, then written in one transaction: a failed or
killed import leaves nothing behind, and the same file twice changes nothing."""

import logging
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import polars as pl
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from tuntas.accounts.models import User
from tuntas.catalog.models import ServiceType
from tuntas.figures.services import figures_from_recipients
from tuntas.regions.models import District, Region, Village

from .models import ColumnMapping, ImportJob, RecipientAccessLog
from .readers import FileUnreadable, guess_mapping, preview, read_table
from .selectors import extra_fields, require_access
from .validation import (
    CORE_COLUMNS,
    REQUIRED_COLUMNS,
    Checked,
    ImportRules,
    rejection_list,
    validate_chunks,
)
from .writer import Scope, WriteCounts, recipients_sink

logger = logging.getLogger(__name__)
# The progress bar polls every second; writing progress more often only costs commits.
PROGRESS_SECONDS = 0.5
ALLOWED_SUFFIXES = (".csv", ".xlsx")
ACTIVE = (ImportJob.Status.READING, ImportJob.Status.WRITING)
# A live worker touches its job every PROGRESS_SECONDS while reading; the longest silence is
# the write transaction (10.5 s for a million rows, bench/), far below this.
STALE_AFTER = timedelta(minutes=10)
STALE_MESSAGE = (
    "Impor terhenti (proses berhenti di tengah jalan); tidak ada yang disimpan. "
    "Unggah ulang berkasnya."
)


def standard_columns(service: ServiceType) -> list[str]:
    return [*CORE_COLUMNS, *(f.name for f in extra_fields(service.code))]


def access_log(
    *,
    actor: User,
    region: Region,
    year: int,
    service: ServiceType,
    action: str,
    row_count: int,
    unmasked: bool,
) -> None:
    RecipientAccessLog.objects.create(
        user=actor if actor.pk else None,
        username=actor.username,
        region=region,
        year=year,
        service_code=service.code,
        action=action,
        row_count=row_count,
        unmasked=unmasked,
    )


def import_job_create(
    *,
    actor: User,
    region: Region,
    year: int,
    service: ServiceType,
    upload: UploadedFile,
    dry_run: bool,
    mode: str,
) -> ImportJob:
    """Store an uploaded file and propose a column mapping: the agency's saved one for the
    service where its headers are all present, else one guessed from the headers."""
    require_access(actor, region, year, service, full=True)
    name = upload.name or ""
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise ValidationError("Berkas harus CSV atau XLSX.")
    job = ImportJob(
        region=region,
        year=year,
        service=service,
        created_by=actor,
        original_name=name,
        dry_run=dry_run,
        mode=mode,
        status=ImportJob.Status.MAPPING,
    )
    job.file.save(Path(name).name, upload, save=False)
    try:
        header, _rows = preview(Path(job.file.path), rows=0)
    except FileUnreadable as exc:
        job.file.delete(save=False)
        raise ValidationError(str(exc)) from exc
    saved = ColumnMapping.objects.filter(
        agency_id=actor.agency_id or 0, service_code=service.code
    ).first()
    if saved and all(h in header for h in saved.mapping):
        job.mapping = saved.mapping
    else:
        job.mapping = guess_mapping(header, standard_columns(service))
    job.save()
    return job


def _check_mapping(mapping: Mapping[str, str], service: ServiceType) -> None:
    columns = standard_columns(service)
    chosen = [c for c in mapping.values() if c]
    unknown = [c for c in chosen if c not in columns]
    doubled = {c for c in chosen if chosen.count(c) > 1}
    missing = REQUIRED_COLUMNS - set(chosen)
    if unknown or doubled or missing:
        parts = []
        if missing:
            parts.append(f"kolom wajib belum dipetakan: {', '.join(sorted(missing))}")
        if doubled:
            parts.append(f"dipetakan lebih dari sekali: {', '.join(sorted(doubled))}")
        if unknown:
            parts.append(f"kolom tidak dikenal: {', '.join(sorted(unknown))}")
        raise ValidationError("; ".join(parts).capitalize() + ".")


def import_job_start(*, actor: User, job: ImportJob, mapping: Mapping[str, str]) -> ImportJob:
    """Confirm the mapping, remember it for the agency, and queue the background run."""
    from .tasks import import_job_task

    require_access(actor, job.region, job.year, job.service, full=True)
    if job.status != ImportJob.Status.MAPPING:
        raise ValidationError("Impor ini sudah dijalankan.")
    clean = {h: c for h, c in mapping.items() if c}
    _check_mapping(clean, job.service)
    job.mapping = clean
    job.status = ImportJob.Status.QUEUED
    job.save(update_fields=["mapping", "status"])
    if actor.agency_id:
        ColumnMapping.objects.update_or_create(
            agency_id=actor.agency_id, service_code=job.service.code, defaults={"mapping": clean}
        )
    access_log(
        actor=actor,
        region=job.region,
        year=job.year,
        service=job.service,
        action=RecipientAccessLog.Action.IMPORT,
        row_count=0,
        unmasked=True,
    )
    import_job_task.enqueue(job.pk)
    job.refresh_from_db()
    return job


@dataclass(frozen=True)
class ImportSummary:
    job: int
    dry_run: bool
    mode: str
    rows: int
    imported: int
    updated: int
    ignored: int
    rejected: int
    written: bool
    message: str
    seconds_reading: float  # read the file
    seconds_writing: float  # check and store its rows (one overlapping the other)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _rules(job: ImportJob, header: list[str]) -> ImportRules:
    region = job.region
    districts = frozenset(District.objects.filter(regency=region).values_list("code", flat=True))
    villages = dict(
        Village.objects.filter(district__regency=region).values_list("code", "district_id")
    )
    if job.mapping:
        names = {str(h).strip(): c for h, c in job.mapping.items()}
    else:  # the CLI without a mapping: the standard headers
        names = {c: c for c in standard_columns(job.service)}
    index = {}
    for i, h in enumerate(header):
        column = names.get(str(h or "").strip())
        if column:
            index[column] = i
    missing = REQUIRED_COLUMNS - set(index)
    if missing:
        raise ValidationError(f"Kolom wajib tidak ada di berkas: {', '.join(sorted(missing))}.")
    return ImportRules(
        year=job.year,
        district_codes=districts,
        village_codes=villages,
        age_band=job.service.age,
        service_sex=job.service.sex or None,
        extra_fields=extra_fields(job.service.code),
        index=index,
    )


def _progress(job: ImportJob, **fields: Any) -> None:
    # update() skips auto_now: the heartbeat is set here. A job the sweep gave up on stays
    # failed; its worker, if alive after all, is refused at _finish.
    ImportJob.objects.filter(pk=job.pk, status__in=(ImportJob.Status.QUEUED, *ACTIVE)).update(
        updated_at=timezone.now(), **fields
    )


def _finish(job: ImportJob, **fields: Any) -> None:
    """Mark a running job done, unless the sweep gave it up meanwhile: then refuse, so that
    when called inside the write transaction nothing is stored, as the sweep told the user.
    In that transaction the job row stays locked until commit, so a sweep meanwhile waits
    and then finds it done."""
    now = timezone.now()
    fields |= {"status": ImportJob.Status.DONE, "finished_at": now, "updated_at": now}
    if not ImportJob.objects.filter(pk=job.pk, status__in=ACTIVE).update(**fields):
        raise ValidationError(STALE_MESSAGE)
    for name, value in fields.items():
        setattr(job, name, value)


def import_jobs_sweep(*, older_than: timedelta) -> int:
    """Fail the running imports whose worker has been silent longer than `older_than`
    (killed, out of memory, machine restarted): their write transaction never committed, so
    nothing of them is stored, and the user sees that instead of a progress bar that never
    ends. Returns how many jobs were given up."""
    now = timezone.now()
    return ImportJob.objects.filter(status__in=ACTIVE, updated_at__lt=now - older_than).update(
        status=ImportJob.Status.FAILED, message=STALE_MESSAGE, finished_at=now, updated_at=now
    )


def _outcome_message(*, blocked: bool, dry_run: bool) -> str:
    if blocked:
        return "Tidak ada yang disimpan: ada baris ditolak dan mode 'semua atau tidak sama sekali'."
    if dry_run:
        return "Uji coba: tidak ada yang disimpan; angka menunjukkan hasil bila diimpor."
    return "Impor selesai."


def _checked_ahead(chunks: Iterator[Checked]) -> Iterator[Checked]:
    """The chunks, each checked in a worker thread while the caller stores the one before
    (validation is pure polars, no database, and releases the GIL)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        ahead = pool.submit(next, chunks, None)
        while (checked := ahead.result()) is not None:
            ahead = pool.submit(next, chunks, None)
            yield checked


def import_job_run(job: ImportJob, path: Path | None = None) -> ImportSummary:
    """Read, validate and (unless a dry run, or rejections in all-or-nothing mode) write."""
    path = path or Path(job.file.path)
    started = time.perf_counter()
    _progress(job, status=ImportJob.Status.READING)
    table = read_table(path)
    read_done = time.perf_counter()
    rules = _rules(job, table.header)
    total = table.frame.height
    # From here on the job's row is only touched inside the write transaction, which other
    # connections see at its end: the page shows "memeriksa dan menyimpan" until then.
    _progress(job, status=ImportJob.Status.WRITING, rows_total=total)
    all_or_nothing = job.mode == ImportJob.Mode.ALL_OR_NOTHING
    # Only the chunks hold the file's rows from here (freed with them).
    chunks = validate_chunks(table.frame, rules)
    del table
    rejected: list[pl.DataFrame] = []
    # A job is marked done in the transaction that stores its rows, so it is never shown done
    # without its rows, nor lost with them stored. Rejections in all-or-nothing mode, or a
    # dry run, roll it all back.
    with transaction.atomic():
        scope = Scope(job.region_id, job.year, job.service_id, job.pk)
        with recipients_sink(
            scope=scope, extra_fields=rules.extra_fields, dry_run=job.dry_run
        ) as sink:
            for checked in _checked_ahead(chunks):
                if checked.rejected.height:
                    rejected.append(checked.rejected)
                    if all_or_nothing:
                        sink.stop()
                sink.add(checked.clean)
        rejections = rejection_list(pl.concat(rejected)) if rejected else []
        blocked = bool(rejections) and all_or_nothing
        counts = WriteCounts(0, 0, 0) if blocked else sink.counts
        message = _outcome_message(blocked=blocked, dry_run=job.dry_run)
        outcome = {
            "rows_read": total,
            "rows_total": total,
            "rejected": len(rejections),
            "rejections": rejections,
            "message": message,
            "imported": counts.imported,
            "updated": counts.updated,
            "ignored": counts.ignored,
        }
        if blocked or job.dry_run:
            transaction.set_rollback(True)
        else:
            _finish(job, **outcome)
    if blocked or job.dry_run:
        _finish(job, **outcome)
    write_done = time.perf_counter()
    return ImportSummary(
        job=job.pk,
        dry_run=job.dry_run,
        mode=job.mode,
        rows=total,
        imported=counts.imported,
        updated=counts.updated,
        ignored=counts.ignored,
        rejected=len(rejections),
        written=not blocked and not job.dry_run,
        message=message,
        seconds_reading=round(read_done - started, 3),
        seconds_writing=round(write_done - read_done, 3),
    )


def _figures_follow(job: ImportJob, summary: ImportSummary, actor: User | None) -> ImportSummary:
    # Figures name who changed them; the CLI's unnamed server actor cannot sign that.
    if actor is None or actor.pk is None:
        return summary
    results = figures_from_recipients(
        actor=actor, region=job.region, year=job.year, service_code=job.service.code
    )
    if not results:
        return summary
    problems = [e.message for _agency, r in results for e in r.errors]
    if problems:
        note = "Angka Penerapan SPM tidak diperbarui: " + "; ".join(problems[:3])
    elif any(r.saved for _agency, r in results):
        note = "Sasaran dan capaian di Penerapan SPM diperbarui dari data ini."
    else:
        return summary
    job.message = f"{job.message} {note}"
    job.save(update_fields=["message"])
    return replace(summary, message=job.message)


def import_job_fail(job: ImportJob, message: str) -> None:
    _progress(job, status=ImportJob.Status.FAILED, message=message, finished_at=timezone.now())


def import_job_execute(
    job: ImportJob, path: Path | None = None, *, actor: User | None = None
) -> ImportSummary:
    """Run a job, marking it failed (with nothing written) if anything goes wrong; then let the
    service's target and served figures follow the stored rows."""
    try:
        summary = import_job_run(job, path)
    except (ValidationError, FileUnreadable) as exc:
        import_job_fail(job, "; ".join(getattr(exc, "messages", [str(exc)])))
        raise
    except Exception:
        logger.exception("import %s failed", job.pk)
        import_job_fail(job, "Impor gagal karena kesalahan sistem; tidak ada yang disimpan.")
        raise
    # Outside the try: the rows are stored by now, whatever happens to the figures.
    return _figures_follow(job, summary, actor or job.created_by) if summary.written else summary


def recipients_import_file(
    *,
    actor: User,
    region: Region,
    year: int,
    service: ServiceType,
    path: Path,
    dry_run: bool = False,
    mode: str = ImportJob.Mode.VALID_ONLY,
) -> ImportSummary:
    """Import a file with the standard headers now, in this process (the CLI, the bench)."""
    require_access(actor, region, year, service, full=True)
    job = ImportJob.objects.create(
        region=region,
        year=year,
        service=service,
        created_by=actor if actor.pk else None,
        original_name=path.name,
        dry_run=dry_run,
        mode=mode,
        status=ImportJob.Status.QUEUED,
    )
    access_log(
        actor=actor,
        region=region,
        year=year,
        service=service,
        action=RecipientAccessLog.Action.IMPORT,
        row_count=0,
        unmasked=True,
    )
    return import_job_execute(job, path, actor=actor)
