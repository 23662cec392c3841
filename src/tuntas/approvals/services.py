"""Transitions of an agency's quarter and of a kabupaten/kota's period at its province.

    draft/returned --submit (kepala OPD of the agency)--> submitted
    submitted --verify (verifikator of the Pemda)--> verified
    submitted/verified --return_ (verifikator; the approver from verified)--> returned
    verified --approve (the Pemda's approver: pengesah or koordinator, ApprovalSetting)--> approved
    approved --(the province accepts the period)--> locked
    submitted/verified/approved/locked --reopen (koordinator, with a reason)--> draft

Each transition checks the role first (PermissionDenied), then the state (ValidationError),
runs in one transaction and is logged in `Transition` (who, when, note). Bulk variants apply
to several agencies at once, all or nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuntas.accounts.models import Role, User
from tuntas.figures import state as figures_state
from tuntas.figures.fields import QUARTERS, YEARLY, FigureKey
from tuntas.figures.models import FigureValue
from tuntas.figures.numbers import format_id
from tuntas.organisation.models import Agency, AgencyService
from tuntas.regions.models import Region

from .models import (
    EDITABLE,
    ApprovalSetting,
    FigureNote,
    ProvinceSubmission,
    Status,
    Submission,
    Transition,
)

REOPENABLE = frozenset({Status.SUBMITTED, Status.VERIFIED, Status.APPROVED, Status.LOCKED})


@dataclass(frozen=True)
class NoteInput:
    """A verifier's note on one figure (`FigureKey` fields)."""

    service_code: str
    quarter: int
    key: str
    item_code: str
    note: str


def key_text(fk: FigureKey) -> str:
    return f"{fk.service_code}|{fk.quarter}|{fk.key}|{fk.item_code}"


def key_of(text: str) -> FigureKey:
    code, quarter, key, item = text.split("|")
    return FigureKey(code, int(quarter), key, item)


def _active(actor: User) -> bool:
    return bool(actor.is_authenticated and actor.is_active)


def approver_role(region: Region) -> str:
    setting = ApprovalSetting.objects.filter(region=region).first()
    return setting.approver_role if setting else ApprovalSetting.Approver.APPROVER


def can_submit(actor: User, agency: Agency) -> bool:
    return _active(actor) and actor.role == Role.AGENCY_HEAD and actor.agency_id == agency.pk


def _of_pemda(actor: User, agency: Agency, role: str) -> bool:
    return _active(actor) and actor.role == role and actor.region_id == agency.region_id


def can_verify(actor: User, agency: Agency) -> bool:
    return _of_pemda(actor, agency, Role.VERIFIER)


def can_approve(actor: User, agency: Agency) -> bool:
    return _of_pemda(actor, agency, approver_role(agency.region))


def can_reopen(actor: User, agency: Agency) -> bool:
    return _of_pemda(actor, agency, Role.COORDINATOR)


def _deny(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _submission(agency: Agency, year: int, quarter: int) -> Submission:
    if quarter not in QUARTERS:
        raise ValidationError(_("Triwulan harus 1 sampai 4."))
    sub, _created = Submission.objects.select_for_update().get_or_create(
        agency=agency, year=year, quarter=quarter
    )
    return sub


def _require_status(sub: Submission, allowed: Sequence[str], message: str) -> None:
    """`message` is a whole translated sentence with %(agency)s, %(q)s and %(status)s."""
    if sub.status not in allowed:
        raise ValidationError(
            message
            % {"agency": sub.agency.name, "q": sub.quarter, "status": Status(sub.status).label}
        )


def _move(sub: Submission, to: str, actor: User, note: str = "") -> Submission:
    Transition.objects.create(
        submission=sub, from_status=sub.status, to_status=to, actor=actor, note=note.strip()
    )
    sub.status = to
    sub._history_user = actor  # type: ignore[attr-defined]
    sub.save()
    return sub


def snapshot(agency: Agency, year: int, quarter: int) -> dict[str, str]:
    """The figures a quarter's submission covers (the year's and the quarter's), as text."""
    st = figures_state.load(agency, year)
    out = {}
    for fk, row in st.rows.items():
        if fk.quarter in (YEARLY, quarter) and (row.value is not None or row.text):
            out[key_text(fk)] = row.text or format_id(row.value)
    return out


@transaction.atomic
def submission_submit(
    *, actor: User, agency: Agency, year: int, quarter: int, note: str = ""
) -> Submission:
    _deny(
        can_submit(actor, agency), _("Anda tidak berwenang mengajukan angka perangkat daerah ini.")
    )
    sub = _submission(agency, year, quarter)
    _require_status(
        sub,
        tuple(EDITABLE),
        _("%(agency)s triwulan %(q)s berstatus %(status)s, tidak dapat diajukan."),
    )
    if sub.submitted_at is not None:
        sub.previous_snapshot = sub.snapshot
    sub.snapshot = snapshot(agency, year, quarter)
    sub.submitted_at = timezone.now()
    return _move(sub, Status.SUBMITTED, actor, note)


@transaction.atomic
def submission_verify(*, actor: User, submission: Submission, note: str = "") -> Submission:
    sub = _lock(submission)
    _deny(can_verify(actor, sub.agency), _("Anda tidak berwenang memverifikasi angka ini."))
    _require_status(
        sub,
        (Status.SUBMITTED,),
        _("%(agency)s triwulan %(q)s berstatus %(status)s, tidak dapat diverifikasi."),
    )
    sub.notes.filter(resolved=False).update(resolved=True)
    return _move(sub, Status.VERIFIED, actor, note)


@transaction.atomic
def submission_return(
    *, actor: User, submission: Submission, notes: Sequence[NoteInput] = (), note: str = ""
) -> Submission:
    """Back to the agency with notes on individual figures (and/or a general note)."""
    sub = _lock(submission)
    verifier = can_verify(actor, sub.agency)
    _deny(
        verifier or can_approve(actor, sub.agency),
        _("Anda tidak berwenang mengembalikan angka ini."),
    )
    allowed = (Status.SUBMITTED, Status.VERIFIED) if verifier else (Status.VERIFIED,)
    _require_status(
        sub,
        allowed,
        _("%(agency)s triwulan %(q)s berstatus %(status)s, tidak dapat dikembalikan."),
    )
    notes = [n for n in notes if n.note.strip()]
    if not notes and not note.strip():
        raise ValidationError(
            {"note": _("Tuliskan catatan pada angka yang salah atau catatan umum.")}
        )
    for n in notes:
        figure_note = FigureNote(
            submission=sub,
            service_code=n.service_code,
            quarter=n.quarter,
            key=n.key,
            item_code=n.item_code,
            note=n.note.strip(),
            author=actor,
        )
        figure_note._history_user = actor  # type: ignore[attr-defined]
        figure_note.save()
    return _move(sub, Status.RETURNED, actor, note)


@transaction.atomic
def submission_approve(*, actor: User, submission: Submission, note: str = "") -> Submission:
    sub = _lock(submission)
    _deny(can_approve(actor, sub.agency), _("Anda tidak berwenang mengesahkan angka ini."))
    _require_status(
        sub,
        (Status.VERIFIED,),
        _("%(agency)s triwulan %(q)s berstatus %(status)s, tidak dapat disahkan."),
    )
    return _move(sub, Status.APPROVED, actor, note)


@transaction.atomic
def submission_reopen(*, actor: User, submission: Submission, reason: str) -> Submission:
    sub = _lock(submission)
    _deny(can_reopen(actor, sub.agency), _("Anda tidak berwenang membuka kembali angka ini."))
    _require_status(
        sub,
        tuple(REOPENABLE),
        _("%(agency)s triwulan %(q)s berstatus %(status)s, tidak dapat dibuka kembali."),
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan membuka kembali wajib diisi.")})
    return _move(sub, Status.DRAFT, actor, reason)


def _lock(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("agency", "agency__region")
        .get(pk=submission.pk)
    )


@transaction.atomic
def submissions_verify_bulk(
    *, actor: User, submissions: Sequence[Submission], note: str = ""
) -> int:
    """Verify several at once; any refusal refuses them all."""
    for sub in submissions:
        submission_verify(actor=actor, submission=sub, note=note)
    return len(submissions)


@transaction.atomic
def submissions_approve_bulk(
    *, actor: User, submissions: Sequence[Submission], note: str = ""
) -> int:
    for sub in submissions:
        submission_approve(actor=actor, submission=sub, note=note)
    return len(submissions)


@transaction.atomic
def approval_setting_set(*, actor: User, region: Region, approver: str) -> ApprovalSetting:
    if not (_active(actor) and actor.role == Role.COORDINATOR and actor.region_id == region.code):
        raise PermissionDenied(_("Hanya koordinator Pemda ini yang dapat mengatur pengesah."))
    if approver not in ApprovalSetting.Approver.values:
        raise ValidationError({"approver_role": _("Pengesah tidak dikenal.")})
    setting = ApprovalSetting.objects.filter(region=region).first() or ApprovalSetting(
        region=region
    )
    setting.approver_role = approver
    setting._history_user = actor  # type: ignore[attr-defined]
    setting.save()
    return setting


# --- province ------------------------------------------------------------------------------


def period_quarters(quarter: int) -> tuple[int, ...]:
    """A year (0) is its four quarters."""
    return QUARTERS if quarter == YEARLY else (quarter,)


def reporting_agencies(region: Region, year: int) -> list[Agency]:
    """Agencies carrying a service in `year` and having entered any figure for it: the ones
    whose quarters go through verification. One with no figure at all has nothing to approve;
    its absence shows in completeness."""
    return reporting_agencies_of([region], year)[region.code]


def reporting_agencies_of(regions: Sequence[Region], year: int) -> dict[str, list[Agency]]:
    carrying = AgencyService.objects.filter(agency__region__in=regions, year=year)
    reported = FigureValue.objects.filter(agency__region__in=regions, year=year)
    out: dict[str, list[Agency]] = {r.code: [] for r in regions}
    agencies = Agency.objects.filter(pk__in=carrying.values("agency_id")).filter(
        pk__in=reported.values("agency_id")
    )
    for agency in agencies.order_by("name"):
        out[agency.region_id].append(agency)
    return out


def unapproved(region: Region, year: int, quarter: int) -> list[str]:
    """Names of agencies with a quarter of the period not yet approved."""
    return [a.name for a in unapproved_of(reporting_agencies(region, year), year, quarter)]


def unapproved_of(agencies: Sequence[Agency], year: int, quarter: int) -> list[Agency]:
    done = set(
        Submission.objects.filter(
            agency__in=agencies,
            year=year,
            quarter__in=period_quarters(quarter),
            status__in=(Status.APPROVED, Status.LOCKED),
        ).values_list("agency_id", "quarter")
    )
    return [a for a in agencies if any((a.pk, q) not in done for q in period_quarters(quarter))]


def can_send_to_province(actor: User, region: Region) -> bool:
    return (
        _active(actor)
        and actor.role == Role.COORDINATOR
        and actor.region_id == region.code
        and not region.is_province
    )


def can_review_for_province(actor: User, region: Region) -> bool:
    return (
        _active(actor)
        and actor.role in (Role.PROVINCIAL_REVIEWER, Role.COORDINATOR)
        and region.parent_id is not None
        and actor.region_id == region.parent_id
    )


@transaction.atomic
def province_submit(
    *, actor: User, region: Region, year: int, quarter: int, note: str = ""
) -> ProvinceSubmission:
    """Send an approved quarter (or year, quarter 0) of a kabupaten/kota to its province."""
    if not can_send_to_province(actor, region):
        raise PermissionDenied(_("Hanya koordinator kabupaten/kota ini yang dapat mengirim."))
    if quarter not in (YEARLY, *QUARTERS):
        raise ValidationError(_("Periode harus triwulan 1 sampai 4 atau tahunan."))
    missing = unapproved(region, year, quarter)
    if missing:
        raise ValidationError(
            _("Belum disahkan: %(names)s. Hanya periode yang sudah disahkan dapat dikirim.")
            % {"names": ", ".join(missing)}
        )
    existing = (
        ProvinceSubmission.objects.select_for_update()
        .filter(region=region, year=year, quarter=quarter)
        .first()
    )
    if existing and existing.status != ProvinceSubmission.State.RETURNED:
        raise ValidationError(
            _("Periode ini sudah dikirim ke provinsi (status: %(status)s).")
            % {"status": ProvinceSubmission.State(existing.status).label}
        )
    ps = existing or ProvinceSubmission(region=region, year=year, quarter=quarter)
    ps.status = ProvinceSubmission.State.SUBMITTED
    ps.note = note.strip()
    ps.submitted_by, ps.submitted_at = actor, timezone.now()
    ps.reviewed_by, ps.reviewed_at = None, None
    ps._history_user = actor  # type: ignore[attr-defined]
    ps.save()
    return ps


def _review(actor: User, ps: ProvinceSubmission, to: str, note: str) -> ProvinceSubmission:
    ps = ProvinceSubmission.objects.select_for_update().select_related("region").get(pk=ps.pk)
    if not can_review_for_province(actor, ps.region):
        raise PermissionDenied(_("Anda tidak berwenang meninjau kabupaten/kota ini."))
    if ps.status != ProvinceSubmission.State.SUBMITTED:
        raise ValidationError(
            _("Hanya kiriman yang menunggu tinjauan dapat diterima/dikembalikan.")
        )
    ps.status, ps.note = to, note.strip()
    ps.reviewed_by, ps.reviewed_at = actor, timezone.now()
    ps._history_user = actor  # type: ignore[attr-defined]
    ps.save()
    return ps


@transaction.atomic
def province_accept(
    *, actor: User, submission: ProvinceSubmission, note: str = ""
) -> ProvinceSubmission:
    """Accept the period; its agencies' approved quarters become locked."""
    ps = _review(actor, submission, ProvinceSubmission.State.ACCEPTED, note)
    subs = Submission.objects.select_for_update().filter(
        agency__region=ps.region,
        year=ps.year,
        quarter__in=period_quarters(ps.quarter),
        status=Status.APPROVED,
    )
    for sub in subs:
        _move(sub, Status.LOCKED, actor, _("Diterima provinsi."))
    return ps


@transaction.atomic
def province_return(
    *, actor: User, submission: ProvinceSubmission, note: str
) -> ProvinceSubmission:
    if not note.strip():
        raise ValidationError({"note": _("Catatan pengembalian wajib diisi.")})
    return _review(actor, submission, ProvinceSubmission.State.RETURNED, note)
