"""Background jobs (django-tasks, database backend; run by ``cchc worker``).

Thin on purpose: each takes IDs and plain values, calls one service and is idempotent. django-tasks has no
retry of its own, so :func:`_retry` re-enqueues a failed job with a growing delay
(``DIRECTIVES_JOB_RETRY_DELAYS`` seconds, default 60, 300, 1800) and re-raises so the failure stays visible
in the task results.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import reminders, running

log = logging.getLogger("cchc.directives.jobs")


def retry_delays() -> list[int]:
    return list(settings.DIRECTIVES_JOB_RETRY_DELAYS)


def _retry(job: Any, attempt: int, exc: Exception, **kwargs: Any) -> None:
    delays = retry_delays()
    if attempt <= len(delays):
        run_after = timezone.now() + timedelta(seconds=delays[attempt - 1])
        job.using(run_after=run_after).enqueue(**kwargs, attempt=attempt + 1)
        log.warning("Job %s failed (attempt %s), retry at %s: %s", job.name, attempt, run_after, exc)
    else:
        log.error("Job %s failed for good after %s attempts: %s", job.name, attempt, exc)


def _run(job: Any, attempt: int, func: Callable[[], Any], **kwargs: Any) -> Any:
    try:
        return func()
    except Exception as exc:
        _retry(job, attempt, exc, **kwargs)
        raise


@task()
def send_task_reminder(task_id: int, kind: str, day: str, attempt: int = 1) -> bool:
    """Send one reminder or escalation for ``task_id`` on ``day`` (ISO); a repeat run sends nothing."""
    return _run(
        send_task_reminder,
        attempt,
        lambda: reminders.reminder_send(task_id=task_id, kind=kind, day=date.fromisoformat(day)),
        task_id=task_id,
        kind=kind,
        day=day,
    )


@task()
def create_recurring_instances(day: str, attempt: int = 1) -> int:
    return _run(
        create_recurring_instances,
        attempt,
        lambda: len(reminders.recurring_instances_create(today=date.fromisoformat(day))),
        day=day,
    )


def enqueue_due(*, today: date) -> int:
    """The periodic scan: enqueue one job per reminder due today. Returns how many were enqueued."""
    due = reminders.reminders_due(today=today)
    for d in due:
        send_task_reminder.enqueue(task_id=d.task_id, kind=d.kind, day=today.isoformat())
    return len(due)


@task()
def ocr_import_draft(draft_id: int) -> str:
    """Read a scanned PDF of an import draft by OCR, page by page (progress on the draft), then extract it.
    Not retried: a scan Tesseract cannot read fails the same way again; the draft shows the Vietnamese error."""
    return running.run_ocr_draft(draft_id=draft_id)
