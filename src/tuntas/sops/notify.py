"""Overdue reminders: one Indonesian e-mail per user listing their late SOP tasks."""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors import overdue_by_user


def overdue_reminders_send(now: dt.datetime | None = None) -> tuple[int, list[str]]:
    """Send the reminders; returns how many were sent and who had no e-mail address."""
    now = now or timezone.now()
    sent, skipped = 0, []
    for user, tasks in overdue_by_user(now).items():
        if not user.email:
            skipped.append(user.username)
            continue
        body = render_to_string("sops/reminder.txt", {"user": user, "tasks": tasks, "now": now})
        subject = _("Tuntas: %(n)s tugas SOP melewati batas waktu") % {"n": len(tasks)}
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    return sent, skipped
