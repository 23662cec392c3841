"""A run: every activity a task, one step after the other, completed with its document."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tuntas.accounts.models import User
from tuntas.sops.models import Task, TaskEvent
from tuntas.sops.services import task_complete, task_start

from .helpers import BABEL, at, start, task, upload

pytestmark = pytest.mark.django_db
S = Task.Status


def test_start_plans_every_task_and_opens_the_first(bantul_koordinator: User) -> None:
    run = start(bantul_koordinator, when=at("2026-12-21", 9))
    assert run.tasks.count() == 13
    assert task(run, 1).status == S.OPEN
    assert set(run.tasks.exclude(activity=1).values_list("status", flat=True)) == {S.WAITING}
    # "30 menit atau 1-2 hari perjalanan dinas": the ordinary case, 30 minutes, counts.
    assert task(run, 1).due_at == at("2026-12-21", 9).replace(minute=30)
    # Activity 4 "5 hari kerja" is planned after 1 to 3 and skips Christmas and the weekend.
    assert task(run, 4).planned_due.date().isoformat() == "2026-12-31"


def test_completing_opens_the_next_step_and_logs_who(
    bantul_koordinator: User, bantul_verifikator: User
) -> None:
    run = start(bantul_koordinator)
    first = task(run, 1)
    task_start(actor=bantul_koordinator, task=first)
    task_complete(actor=bantul_koordinator, task=first, output=upload(), note="rapat selesai")
    first.refresh_from_db()
    assert first.status == S.DONE and first.output.name.endswith(".pdf")
    assert task(run, 2).status == S.OPEN and task(run, 2).due_at is not None
    events = TaskEvent.objects.filter(task=first).values_list("to_status", "actor__username")
    assert list(events) == [
        (S.OPEN, "bantul.koordinator"),
        (S.IN_PROGRESS, "bantul.koordinator"),
        (S.DONE, "bantul.koordinator"),
    ]
    assert TaskEvent.objects.get(task=first, to_status=S.DONE).note == "rapat selesai"


def test_completion_needs_the_output_document(bantul_koordinator: User) -> None:
    run = start(bantul_koordinator)
    with pytest.raises(ValidationError, match="Unggah dokumen keluaran"):
        task_complete(actor=bantul_koordinator, task=task(run, 1), output=None)  # type: ignore[arg-type]
    assert task(run, 1).status == S.OPEN


def test_a_waiting_step_cannot_be_worked_on(bantul_koordinator: User) -> None:
    run = start(bantul_koordinator)
    with pytest.raises(ValidationError, match="tidak dapat diproses"):
        task_start(actor=bantul_koordinator, task=task(run, 2))


@pytest.mark.parametrize("who", ["bantul_disdik_operator", "outsider"])
def test_only_the_mapped_actor_or_a_manager_works_a_task(
    who: str, bantul_koordinator: User, request: Any
) -> None:
    run = start(bantul_koordinator)
    with pytest.raises(PermissionDenied):
        task_start(actor=request.getfixturevalue(who), task=task(run, 1))


@pytest.mark.parametrize("who", ["bantul_operator", "bantul_verifikator", "outsider"])
def test_only_a_manager_starts_a_run(who: str, request: Any) -> None:
    with pytest.raises(PermissionDenied):
        start(request.getfixturevalue(who))


def test_walk_to_the_end_finishes_the_run(bantul_koordinator: User, bantul_admin: User) -> None:
    run = start(bantul_koordinator)
    for number in range(1, 14):
        step = task(run, number)
        assert step.status == S.OPEN, number
        who = bantul_admin if step.actor_code == "ARSIPARIS" else bantul_koordinator
        task_complete(actor=who, task=step, output=upload(f"langkah-{number}.pdf"))
    run.refresh_from_db()
    assert run.finished_at is not None
    assert not run.tasks.exclude(status=S.DONE).exists()


def test_periodic_activities_recur_without_holding_up_the_chain(babel_koordinator: User) -> None:
    run = start(babel_koordinator, code=BABEL, when=at("2026-01-05"))
    assert run.tasks.count() == 15 + 3  # "3 bulan" recurs four times in the year
    assert run.tasks.filter(activity=7).count() == 4
    assert run.tasks.filter(activity=6).count() == 1  # "12 bulan" runs all year
    # 1 hari, 2 minggu, 1 hari, 1 minggu, 1 bulan from 5 January: 6 and 7 start on 28 February.
    quarters = [task(run, 7, n).planned_due.date().isoformat() for n in range(1, 5)]
    assert quarters == ["2026-05-28", "2026-08-28", "2026-11-28", "2027-02-28"]
    for number in range(1, 6):
        task_complete(actor=babel_koordinator, task=task(run, number), output=upload())
    # After 5, the periodic 6 and 7 open together with 8, which carries the chain on.
    assert [task(run, n).status for n in (6, 7, 8)] == [S.OPEN, S.OPEN, S.OPEN]
    assert task(run, 7, 2).status == S.WAITING
    task_complete(actor=babel_koordinator, task=task(run, 7), output=upload())
    assert task(run, 7, 2).status == S.OPEN
    assert task(run, 9).status == S.WAITING


def test_minutes_opened_on_a_day_off_count_from_the_next_working_morning(
    bantul_koordinator: User,
) -> None:
    # Saturday 26 December (after Christmas): the 30 minutes of activity 1 run on Monday.
    run = start(bantul_koordinator, when=at("2026-12-26", 10))
    assert task(run, 1).due_at == at("2026-12-28", 8).replace(minute=30)
