"""The background run of an import (django-tasks, database backend)."""

from django_tasks import task

from .models import ImportJob
from .services import import_job_execute


@task()
def import_job_task(job_id: int) -> dict[str, object]:
    job = ImportJob.objects.select_related("region", "service").get(pk=job_id)
    return import_job_execute(job).as_dict()
