"""Reminders before a deadline, escalation after it, and instances of recurring tasks.

The periodic scan (``cchc tasks remind``) only *decides* what is due today and enqueues one job per
task × kind; each job calls :func:`reminder_send`, which is idempotent: a ``ReminderLog`` row (unique per
task × kind × day) is written in the same transaction as the notifications and one ``ReminderMail`` per
recipient, so a job that runs twice, or a scan run twice a day, notifies nobody twice. The e-mails leave
only after that commit (:func:`reminder_mails_deliver`), each marked sent before the mail server is called:
a run retried after a crash or a refused e-mail sends what is still unsent and nothing twice. (Sending
inside the transaction, as before, sent the e-mail again when the worker died before the commit.)

Configurable in settings (documented in docs/directives-tracking.md):
``DIRECTIVES_REMINDER_DAYS`` working days before the due date (default (5, 1)),
``DIRECTIVES_ESCALATE_LEADER_AFTER`` working days overdue before coordinator and leader hear (default 3).
"""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cchc.apps.core.failpoints import checkpoint
from cchc.apps.core.mails import deliver_unsent, send_once
from cchc.apps.org.access import leadership, unit_managers
from cchc.apps.org.models import User

from .models import CLOSED_STATUSES, ReminderLog, ReminderMail, Task, TaskStatus
from .notify import mail_text, notify, recipients_of
from .services import calendar, due_date_for


def reminder_days() -> tuple[int, ...]:
    return tuple(settings.DIRECTIVES_REMINDER_DAYS)


def escalate_leader_after() -> int:
    return int(settings.DIRECTIVES_ESCALATE_LEADER_AFTER)


@dataclass(frozen=True)
class Due:
    task_id: int
    kind: str  # "remind_5", "remind_1", "overdue_head", "overdue_leader"


def reminders_due(*, today: date) -> list[Due]:
    """What should be sent today (already-sent ones excluded, so the scan enqueues little)."""
    cal = calendar()
    out: list[Due] = []
    # Done and cancelled tasks are never reminded of (nor escalated).
    open_tasks = Task.objects.exclude(status__in=CLOSED_STATUSES).filter(due_on__isnull=False)
    for n in reminder_days():
        day = cal.add_working_days(today, n)
        # Tasks due on a day off were already moved to a working day (due_on), so equality is enough.
        for task_id in open_tasks.filter(due_on=day).values_list("id", flat=True):
            out.append(Due(task_id, f"remind_{n}"))
    leader_limit = cal.subtract_working_days(today, escalate_leader_after())
    for task_id, due_on in open_tasks.filter(due_on__lt=today).values_list("id", "due_on"):
        out.append(Due(task_id, "overdue_head"))
        if due_on is not None and due_on <= leader_limit:  # due_on__isnull=False above
            out.append(Due(task_id, "overdue_leader"))
    sent = set(ReminderLog.objects.filter(day=today).values_list("task_id", "kind"))
    return [d for d in out if (d.task_id, d.kind) not in sent]


def _recipients(task: Task, kind: str) -> list[User]:
    heads = unit_managers(task.unit)
    if kind.startswith("remind_"):
        return [task.assignee] if task.assignee else heads
    if kind == "overdue_head":
        return [*([task.assignee] if task.assignee else []), *heads]
    return leadership(task.unit)


def reminder_send(*, task_id: int, kind: str, day: date) -> bool:
    """Send one reminder/escalation; returns False when it was already sent (or is no longer due)."""

    def decide() -> tuple[ReminderLog, list[User], str, str] | None:
        task = Task.objects.select_related("unit", "assignee").get(pk=task_id)
        if task.status in CLOSED_STATUSES:
            return None
        log = ReminderLog.objects.create(task=task, kind=kind, day=day)
        checkpoint("directives.reminder.logged")  # tests kill the worker here: all rolls back
        due = task.due_on.strftime("%d/%m/%Y") if task.due_on else ""
        if kind.startswith("remind_"):
            message = _("Nhắc hạn: còn %(n)s ngày làm việc (hạn %(d)s) — %(t)s") % {
                "n": kind.split("_")[1],
                "d": due,
                "t": task,
            }
        elif kind == "overdue_head":
            message = _("Quá hạn (hạn %(d)s) — %(t)s") % {"d": due, "t": task}
        else:
            message = _("Quá hạn, báo cáo lãnh đạo: %(u)s chưa hoàn thành (hạn %(d)s) — %(t)s") % {
                "u": task.unit,
                "d": due,
                "t": task,
            }
        people = recipients_of(_recipients(task, kind))
        notify(users=people, task=task, kind=kind, message=message, email=False)
        subject, body = mail_text(task, message)
        return log, people, subject, body

    # Decided already (the log's unique key): a run that died, or whose mail server refused, after that
    # commit may have left e-mails unsent; send_once sends those, and only those.
    return send_once(decide, lambda: reminder_mails_deliver(task_id=task_id, kind=kind, day=day))


def reminder_mails_deliver(*, task_id: int, kind: str, day: date) -> int:
    """Send the reminder's e-mails not sent yet (:func:`cchc.apps.core.mails.deliver_unsent`: each marked sent
    before the mail server is called, taken back if it refuses); returns how many were sent."""
    pending = ReminderMail.objects.filter(log__task_id=task_id, log__kind=kind, log__day=day)
    # tests kill the worker after the first e-mail: the retry must not resend it
    return deliver_unsent(pending, failpoint="directives.reminder.mailed")


# --- recurring tasks ----------------------------------------------------------------------------------

_PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


def period_of(recurrence: str, today: date) -> tuple[str, date]:
    """The current period's key and its deadline month's first day: quarterly → ("2026-Q2", 2026-06-01)."""
    step = _PERIOD_MONTHS[recurrence]
    index = (today.month - 1) // step
    last_month = index * step + step
    key = {
        "monthly": f"{today.year}-{today.month:02d}",
        "quarterly": f"{today.year}-Q{index + 1}",
        "half_yearly": f"{today.year}-H{index + 1}",
        "yearly": f"{today.year}",
    }[recurrence]
    return key, date(today.year, last_month, 1)


def recurring_instances_create(*, today: date) -> list[Task]:
    """Create this period's instance of every recurring task (idempotent: one per template × period)."""
    created: list[Task] = []
    templates = (
        Task.objects.filter(parent__isnull=True)
        .exclude(recurrence="")
        .exclude(status=TaskStatus.CANCELLED)  # a cancelled recurring task makes no new instances
        .select_related("directive", "unit")
    )
    for tpl in templates:
        key, month = period_of(tpl.recurrence, today)
        if tpl.instances.filter(period=key).exists():
            continue
        last = pycalendar.monthrange(month.year, month.month)[1]
        deadline = month.replace(day=min(tpl.recurrence_day or last, last))
        try:
            with transaction.atomic():
                inst = Task.objects.create(
                    directive=tpl.directive,
                    number=tpl.number,
                    summary=f"{tpl.summary} ({_('kỳ')} {key})",
                    text=tpl.text,
                    unit=tpl.unit,
                    assignee=tpl.assignee,
                    deadline=deadline,
                    due_on=due_date_for(deadline),
                    deadline_text=tpl.deadline_text,
                    parent=tpl,
                    period=key,
                )
                inst.coordinating_units.set(tpl.coordinating_units.all())
                created.append(inst)
        except IntegrityError:
            continue  # another run created it in between
    return created
