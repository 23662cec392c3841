"""Archive and inbox over the API: read, download, acknowledge. There is deliberately no
endpoint that changes or deletes an archived document."""

import datetime as dt
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.errors import HttpError

from .models import Dispatch, Document
from .selectors import archive_search, dispatch_get, document_get, inbox
from .services import dispatch_acknowledge

router = Router(tags=["laporan dan arsip"])


class DocumentOut(Schema):
    id: int
    region: str
    year: int
    kind: str
    filename: str
    sha256: str
    size: int
    created_by: str
    created_at: dt.datetime
    source_document: int | None


class DispatchOut(Schema):
    id: int
    sender: str
    year: int
    destination: str
    receiver: str | None
    number: str
    receipt_number: str
    sent_at: dt.datetime
    sent_by: str
    acknowledged_at: dt.datetime | None
    acknowledged_by: str | None
    cover_letter: int
    receipt: int
    documents: list[int]


def _document_out(d: Document) -> DocumentOut:
    return DocumentOut(
        id=d.pk,
        region=d.region_id,
        year=d.year,
        kind=d.kind,
        filename=d.filename,
        sha256=d.sha256,
        size=d.size,
        created_by=d.created_by.username,
        created_at=d.created_at,
        source_document=d.source_document_id,
    )


def _dispatch_out(x: Dispatch) -> DispatchOut:
    return DispatchOut(
        id=x.pk,
        sender=x.sender_id,
        year=x.year,
        destination=x.destination,
        receiver=x.receiver_id,
        number=x.number,
        receipt_number=x.receipt_number,
        sent_at=x.sent_at,
        sent_by=x.sent_by.username,
        acknowledged_at=x.acknowledged_at,
        acknowledged_by=x.acknowledged_by.username if x.acknowledged_by else None,
        cover_letter=x.cover_letter_id,
        receipt=x.receipt_id,
        documents=[d.pk for d in x.documents.all()],
    )


@router.get("/documents", response=list[DocumentOut], summary="Dokumen arsip")
def documents(
    request: HttpRequest,
    year: int | None = None,
    kind: str | None = None,
    region: str | None = None,
) -> list[DocumentOut]:
    qs = archive_search(actor=request.auth, year=year, kind=kind, region_code=region)  # type: ignore[attr-defined]
    return [_document_out(d) for d in qs]


@router.get("/documents/{document_id}", response=DocumentOut, summary="Satu dokumen arsip")
def document(request: HttpRequest, document_id: int) -> DocumentOut:
    try:
        return _document_out(document_get(actor=request.auth, document_id=document_id))  # type: ignore[attr-defined]
    except PermissionDenied as exc:
        raise HttpError(404, str(exc)) from exc


@router.get("/documents/{document_id}/file", summary="Unduh berkas dokumen arsip")
def document_file(request: HttpRequest, document_id: int) -> HttpResponse:
    try:
        d = document_get(actor=request.auth, document_id=document_id)  # type: ignore[attr-defined]
    except PermissionDenied as exc:
        raise HttpError(404, str(exc)) from exc
    with d.file.open("rb") as f:
        content = f.read()
    if hashlib.sha256(content).hexdigest() != d.sha256:
        raise HttpError(409, "Berkas arsip tidak cocok dengan sidik SHA-256 yang tercatat.")
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{d.filename}"'
    return response


@router.get("/inbox", response=list[DispatchOut], summary="Laporan yang diterima")
def inbox_list(request: HttpRequest) -> list[DispatchOut]:
    qs = inbox(request.auth).select_related("sent_by", "acknowledged_by")  # type: ignore[attr-defined]
    return [_dispatch_out(x) for x in qs.prefetch_related("documents")]


@router.post(
    "/dispatches/{dispatch_id}/acknowledge", response=DispatchOut, summary="Konfirmasi diterima"
)
def acknowledge(request: HttpRequest, dispatch_id: int) -> DispatchOut:
    actor = request.auth  # type: ignore[attr-defined]
    try:
        dispatch = dispatch_get(actor=actor, dispatch_id=dispatch_id)
        return _dispatch_out(dispatch_acknowledge(actor=actor, dispatch=dispatch))
    except PermissionDenied as exc:
        raise HttpError(404, str(exc)) from exc
    except ValidationError as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc
