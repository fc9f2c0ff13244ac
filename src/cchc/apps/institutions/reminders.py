"""Reminders before a review round is due, and once when it is overdue (``cchc institutions remind``).

As directives' task reminders: the scan (:func:`reminders_due`) only decides what belongs to today and the
jobs enqueue one :func:`reminder_send` per round × kind; it writes a ``ReminderLog`` (unique per round × kind ×
day), the in-app notifications and one ``ReminderMail`` per recipient in one transaction, and the e-mails
leave after the commit (:func:`reminder_mails_deliver`), each marked sent before the mail server is called, so
a job run twice, a scan run twice a day or a retried job notifies nobody twice. Which kind belongs to a day is
the domain's (:func:`cchc.domain.institutions.review.reminder_kind`: the tightest window of ``remind_at`` that
holds the day, ``qua_han`` after the due date); each kind goes out once per round, whatever the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from cchc.apps.core.mails import deliver_unsent, send_once
from cchc.apps.directives.notify import notify
from cchc.apps.org.access import deciders, unit_managers
from cchc.apps.org.models import User
from cchc.domain.institutions import review as rules

from .models import ReminderLog, ReminderMail, ReviewRound


@dataclass(frozen=True)
class Due:
    round_id: int
    kind: str  # "truoc_10", "truoc_1", "qua_han"


def reminders_due(*, today: date) -> list[Due]:
    """The reminders of open rounds with a due date that belong to ``today`` and were never sent."""
    out = []
    for rnd in ReviewRound.objects.filter(done_on__isnull=True, due_on__isnull=False).order_by("pk"):
        kind = rules.reminder_kind(rnd.due_on, today)
        if kind is not None:
            out.append(Due(rnd.pk, kind))
    sent = set(ReminderLog.objects.values_list("round_id", "kind"))
    return [d for d in out if (d.round_id, d.kind) not in sent]


def recipients(rnd: ReviewRound) -> list[User]:
    """The heads of the round's unit and the organisation's leadership who may manage its review."""
    people: dict[int, User] = {}
    for user in [*unit_managers(rnd.unit), *deciders(rnd.unit, "institutions.manage")]:
        if user.is_active:
            people.setdefault(user.pk, user)
    return list(people.values())


def _message(rnd: ReviewRound, kind: str, day: date) -> str:
    due = rnd.due_on.strftime("%d/%m/%Y") if rnd.due_on else ""
    if kind == "qua_han":
        return _("Quá hạn rà soát văn bản (hạn %(d)s) — %(t)s") % {"d": due, "t": rnd.title}
    left = (rnd.due_on - day).days if rnd.due_on else 0
    return _("Nhắc hạn rà soát văn bản: hạn %(d)s (còn %(n)s ngày) — %(t)s") % {
        "d": due, "n": max(left, 0), "t": rnd.title,
    }  # fmt: skip


def reminder_send(*, round_id: int, kind: str, day: date) -> bool:
    """Send one reminder; False when it was already sent (or the round is closed)."""

    def decide() -> tuple[ReminderLog, list[User], str, str] | None:
        rnd = ReviewRound.objects.select_related("unit").get(pk=round_id)
        if rnd.done_on is not None:
            return None
        if ReminderLog.objects.filter(round=rnd, kind=kind).exclude(day=day).exists():
            return None  # each kind once per round
        log = ReminderLog.objects.create(round=rnd, kind=kind, day=day)
        message = _message(rnd, kind, day)
        people = recipients(rnd)
        notify(users=people, task=None, kind=f"institutions_{kind}", message=message, email=False)
        body = _("%(m)s\n\nĐơn vị: %(u)s\nXem đợt rà soát trong phân hệ Thể chế của cchc.") % {
            "m": message, "u": rnd.unit.name,
        }  # fmt: skip
        return log, people, message[:200], body

    return send_once(decide, lambda: reminder_mails_deliver(round_id=round_id, kind=kind, day=day))


def reminder_mails_deliver(*, round_id: int, kind: str, day: date) -> int:
    """Send the reminder's e-mails not sent yet, once each (:func:`cchc.apps.core.mails.deliver_unsent`)."""
    return deliver_unsent(ReminderMail.objects.filter(log__round_id=round_id, log__kind=kind, log__day=day))
