"""Background job (django-tasks, database backend; run by ``cchc worker``).

Thin on purpose: it takes the ImportJob id and calls the service, which writes progress and the outcome
onto the ImportJob. A failed import is not retried automatically — it is resumed, rolled back or retried
by a person from the job page, because the usual cause (a bad file) does not go away by itself. A run
whose *worker* died (kill -9, out of memory) is different: the next worker takes it back
(:mod:`cchc.apps.core.jobs`) and the service continues the store's job (its staging table died with
the worker: the file is loaded again, and nothing is committed twice); after
``CCHC_JOB_MAX_ATTEMPTS`` runs it becomes "Bị gián đoạn — có thể tiếp tục" for a person to decide.
"""

from __future__ import annotations

from django_tasks import task

from cchc.apps.core.jobs import acting_as, on_recovery

from . import running
from .models import ImportJob


@task()
def run_import(job_id: int, action: str = "import") -> str:
    # The audit trail names the person who uploaded the file (the system when there is none).
    uploader = ImportJob.objects.filter(pk=job_id).select_related("user").first()
    with acting_as(uploader.user if uploader is not None else None):
        return str(running.run_import_job(job_id=job_id, action=action).status)


on_recovery(run_import, requeued=running.job_requeued, given_up=running.job_given_up)
