from django_tasks import task

from .services import report_job_run


@task()
def report_generate(job_id: int) -> None:
    report_job_run(job_id=job_id)
