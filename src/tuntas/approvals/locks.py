"""What the figures' `is_locked` seam asks: may an agency still change a quarter's figures?"""

from django.db.models import Q

from tuntas.figures.fields import YEARLY
from tuntas.organisation.models import Agency

from .models import EDITABLE, Submission


def submission_locks(agency: Agency, year: int, quarter: int) -> bool:
    """A quarter is locked once submitted (until returned or reopened). The yearly figures
    (quarter 0) are part of every quarter, so they lock as soon as any quarter of the year is
    out of the agency's hands."""
    scope = Q() if quarter == YEARLY else Q(quarter=quarter)
    return (
        Submission.objects.filter(scope, agency=agency, year=year)
        .exclude(status__in=EDITABLE)
        .exists()
    )
