"""Background jobs of the finance app (django-tasks, database backend; run by ``cchc worker``): one job per
reminder, idempotent (finance.reminders.reminder_send). A failed run is re-enqueued with the directives' delays
(``DIRECTIVES_JOB_RETRY_DELAYS``) and re-raised so the failure stays visible."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from cchc.apps.directives.jobs import _run

from . import reminders


@task()
def send_finance_reminder(key: str, day: str, attempt: int = 1) -> bool:
    return _run(
        send_finance_reminder,
        attempt,
        lambda: reminders.reminder_send(key=key, day=date.fromisoformat(day)),
        key=key,
        day=day,
    )


def enqueue_due(*, today: date) -> int:
    """The periodic scan: enqueue one job per reminder due today. Returns how many were enqueued."""
    due = reminders.reminders_due(today=today)
    for d in due:
        send_finance_reminder.enqueue(key=d.key, day=today.isoformat())
    return len(due)
