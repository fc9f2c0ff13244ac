"""Background job (django-tasks, database backend; run by ``cchc worker``).

Thin on purpose: it takes the ImportJob id and calls the service, which writes progress and the outcome
onto the ImportJob. No automatic retry: a failed import is resumed, rolled back or retried by a person
from the job page, because the usual cause (a bad file) does not go away by itself.
"""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def run_import(job_id: int, action: str = "import") -> str:
    return str(services.import_job_run(job_id=job_id, action=action).status)
