"""Compliance of a run: per activity on time or late by how much, per actor the average delay,
per run the share of activities on time; and the page that shows it."""

import datetime as dt
from typing import Any

import pytest

from tuntas.accounts.models import User
from tuntas.sops.selectors import run_compliance
from tuntas.sops.services import task_complete

from .helpers import at, start, task, upload

pytestmark = pytest.mark.django_db


def _run_with_one_late_step(koordinator: User) -> Any:
    run = start(koordinator, when=at("2026-12-21", 8))
    # 1: 30 menit, done after 20 minutes. 2: 30-45 menit, done 2 hours after it opened.
    task_complete(
        actor=koordinator,
        task=task(run, 1),
        output=upload(),
        now=at("2026-12-21", 8) + dt.timedelta(minutes=20),
    )
    task_complete(
        actor=koordinator,
        task=task(run, 2),
        output=upload(),
        now=at("2026-12-21", 10) + dt.timedelta(minutes=20),
    )
    return run


def test_per_activity_per_actor_and_share(bantul_koordinator: User) -> None:
    run = _run_with_one_late_step(bantul_koordinator)
    c = run_compliance(run, now=at("2026-12-21", 11))
    rows = {r.task.activity: r for r in c.rows}
    assert rows[1].on_time is True and rows[1].late_by is None
    assert rows[2].on_time is False
    assert rows[2].late_by == dt.timedelta(hours=1, minutes=15)
    assert rows[3].on_time is None  # open, not yet due
    assert (c.finished, c.on_time, c.share_percent) == (2, 1, 50.0)
    actors = {a.code: a for a in c.actors}
    assert actors["KABAG"].average_delay == dt.timedelta(0)
    assert actors["SUBKOORDINATOR"].average_delay == dt.timedelta(hours=1, minutes=15)


def test_compliance_and_timeline_pages(bantul_koordinator: User, client_for: Any) -> None:
    run = _run_with_one_late_step(bantul_koordinator)
    page = client_for("bantul_koordinator").get(f"/sop/pelaksanaan/{run.pk}/kepatuhan/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "terlambat 1 jam 15 menit" in text
    assert "tepat waktu" in text
    assert "50%" in text
    timeline = client_for("bantul_verifikator").get(f"/sop/pelaksanaan/{run.pk}/").content.decode()
    assert timeline.count("Selesai") >= 2 and "bar-actual late" in timeline


@pytest.mark.parametrize("who", ["outsider", "outsider_operator", "jateng_peninjau"])
def test_outsiders_get_403(who: str, bantul_koordinator: User, client_for: Any) -> None:
    run = _run_with_one_late_step(bantul_koordinator)
    for url in (f"/sop/pelaksanaan/{run.pk}/kepatuhan/", f"/sop/pelaksanaan/{run.pk}/"):
        assert client_for(who).get(url).status_code == 403
