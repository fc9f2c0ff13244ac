"""Background jobs of the legal-document review (run by ``cchc worker``): one reminder of a round, idempotent,
retried with the directives' delays when the mail server refuses."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from cchc.apps.directives.jobs import _run

from . import reminders


@task()
def send_review_reminder(round_id: int, kind: str, day: str, attempt: int = 1) -> bool:
    """Send one reminder of ``round_id`` on ``day`` (ISO); a repeat run sends nothing."""
    return _run(
        send_review_reminder,
        attempt,
        lambda: reminders.reminder_send(round_id=round_id, kind=kind, day=date.fromisoformat(day)),
        round_id=round_id,
        kind=kind,
        day=day,
    )


def enqueue_due(*, today: date) -> int:
    """The periodic scan: one job per reminder due today. Returns how many were enqueued."""
    due = reminders.reminders_due(today=today)
    for d in due:
        send_review_reminder.enqueue(round_id=d.round_id, kind=d.kind, day=today.isoformat())
    return len(due)
