"""Returning a document for correction pauses the returning step's clock (the seed's warning:
the time excludes documents sent back), and its due date moves by the working days lost."""

import pytest
from django.core.exceptions import ValidationError

from tuntas.accounts.models import User
from tuntas.sops.models import Task, TaskEvent
from tuntas.sops.schedule import pause_shifted
from tuntas.sops.services import task_complete, task_return

from .helpers import at, start, task, upload

pytestmark = pytest.mark.django_db
S = Task.Status


def _to_verification(koordinator: User, verifikator: User) -> Task:
    """Walk Bantul's SOP to activity 8 (verification, which may send back to 7)."""
    run = start(koordinator, when=at("2026-12-01"))
    for number in range(1, 8):
        who = verifikator if task(run, number).actor_code == "TIM_SPM" else koordinator
        task_complete(actor=who, task=task(run, number), output=upload(), now=at("2026-12-01"))
    return task(run, 8)


def test_return_pauses_and_resubmission_resumes_with_a_later_due_date(
    bantul_koordinator: User, bantul_verifikator: User
) -> None:
    verification = _to_verification(bantul_koordinator, bantul_verifikator)
    due_before = verification.due_at
    assert due_before is not None
    # Returned on Friday 4 December, corrected on Wednesday 9 December: the pause covers
    # Monday 7, Tuesday 8 and Wednesday 9 (three working days); the weekend costs nothing.
    task_return(
        actor=bantul_verifikator,
        task=verification,
        note="Capaian K4 belum lengkap",
        now=at("2026-12-04", 10),
    )
    verification.refresh_from_db()
    assert verification.status == S.RETURNED and verification.paused_since is not None
    previous = task(verification.run, 7)
    assert previous.status == S.OPEN
    assert TaskEvent.objects.filter(task=previous, note="Capaian K4 belum lengkap").exists()

    task_complete(
        actor=bantul_verifikator,
        task=previous,
        output=upload("perbaikan.pdf"),
        now=at("2026-12-09", 10),
    )
    verification.refresh_from_db()
    assert verification.status == S.OPEN and verification.paused_since is None
    assert verification.paused_seconds == 5 * 24 * 3600
    assert verification.due_at == pause_shifted(
        due_before, at("2026-12-04", 10), at("2026-12-09", 10)
    )
    assert (verification.due_at.date() - due_before.date()).days == 3
    # The step after the verification is still waiting: correction does not skip it.
    assert task(verification.run, 9).status == S.WAITING


def test_a_return_needs_a_note(bantul_koordinator: User, bantul_verifikator: User) -> None:
    verification = _to_verification(bantul_koordinator, bantul_verifikator)
    with pytest.raises(ValidationError, match="harus diperbaiki"):
        task_return(actor=bantul_verifikator, task=verification, note="  ")
    verification.refresh_from_db()
    assert verification.status == S.OPEN


def test_the_first_step_cannot_be_returned(bantul_koordinator: User) -> None:
    run = start(bantul_koordinator)
    with pytest.raises(ValidationError, match="Langkah pertama"):
        task_return(actor=bantul_koordinator, task=task(run, 1), note="salah")


def test_pause_within_a_day_moves_by_clock_time() -> None:
    due = at("2026-12-10", 12)
    assert pause_shifted(due, at("2026-12-07", 9), at("2026-12-07", 11)) == at("2026-12-10", 14)


def test_pause_over_christmas_counts_only_working_days() -> None:
    # 23 Dec to 28 Dec: 24 is cuti bersama, 25 Christmas, 26-27 the weekend; only 28 is lost.
    shifted = pause_shifted(at("2026-12-30"), at("2026-12-23"), at("2026-12-28"))
    assert shifted == at("2026-12-31")
