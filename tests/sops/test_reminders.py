"""`tuntas sop remind`: one Indonesian e-mail per user with overdue tasks, for cron."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from tuntas.accounts.models import User

from .helpers import at, start

pytestmark = pytest.mark.django_db


def test_one_mail_per_user_with_overdue_tasks(bantul_koordinator: User, mailoutbox: Any) -> None:
    User.objects.filter(username="bantul.koordinator").update(email="sri@bantulkab.go.id")
    start(bantul_koordinator, when=at("2026-01-05"))  # activity 1 was due after 30 minutes
    out = StringIO()
    call_command("sop", "remind", stdout=out)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["sri@bantulkab.go.id"]
    assert "melewati batas waktu" in mail.subject
    assert "Yth. Sri Lestari, S.IP." in mail.body
    assert "bantul-04-sop-2022-penyusunan-laporan-spm (2026), aktivitas 1" in mail.body
    assert "1 surel pengingat terkirim." in out.getvalue()


def test_users_without_address_are_named_and_nothing_is_sent(
    bantul_koordinator: User, mailoutbox: Any
) -> None:
    start(bantul_koordinator, when=at("2026-01-05"))
    out = StringIO()
    call_command("sop", "remind", stdout=out)
    assert mailoutbox == []
    assert "Lewati bantul.koordinator: tidak ada alamat surel." in out.getvalue()


def test_nothing_overdue_sends_nothing(bantul_koordinator: User, mailoutbox: Any) -> None:
    User.objects.filter(username="bantul.koordinator").update(email="sri@bantulkab.go.id")
    start(bantul_koordinator)  # due in 30 minutes from now
    call_command("sop", "remind", stdout=StringIO())
    assert mailoutbox == []
