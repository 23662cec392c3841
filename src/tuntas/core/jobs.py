"""What background jobs (recipient imports, report generation) share."""

import datetime as dt

from django.utils import timezone

# A worker picks a job up within seconds; a job queued this long means no worker is running.
QUEUE_PATIENCE = dt.timedelta(minutes=2)


def waited_too_long(queued_since: dt.datetime) -> bool:
    return timezone.now() - queued_since > QUEUE_PATIENCE
