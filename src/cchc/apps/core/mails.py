"""E-mails written in a transaction and sent after its commit, exactly once (the reminders of directives, of
the legal-document review and of finance keep one row per recipient, :class:`~cchc.apps.core.models.
ReminderMailBase`: ``address``, ``subject``, ``body``, ``sent_at``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .failpoints import checkpoint


def deliver_unsent(pending: Any, *, failpoint: str = "") -> int:
    """Send the e-mails of ``pending`` (a query set of such rows) not sent yet; returns how many were sent.

    Each is marked sent in its own commit before the mail server is called, so two runs never both send it; if
    the server refuses, the mark is taken back and the error raised (the job is retried and sends it then).
    ``failpoint`` names the checkpoint after each e-mail where crash tests kill the worker."""
    model = pending.model
    sent = 0
    for mail in pending.filter(sent_at__isnull=True).order_by("id"):
        with transaction.atomic():
            claimed = model.objects.filter(pk=mail.pk, sent_at__isnull=True).update(sent_at=timezone.now())
        if not claimed:  # another run took it meanwhile
            continue
        try:
            send_mail(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [mail.address])
        except Exception:
            model.objects.filter(pk=mail.pk).update(sent_at=None)
            raise
        sent += 1
        if failpoint:
            checkpoint(failpoint)
    return sent


def write_mails(
    log: Any, users: Iterable[Any], *, subject: str, body: str, deliver: Callable[[], Any]
) -> None:
    """Inside the transaction that decides a reminder: write one e-mail to ``log.mails`` for each of ``users``
    that has an address, and have ``deliver`` (which calls :func:`deliver_unsent` on them) run after the
    commit — never before, so a rolled-back decision sends nothing."""
    model = log.mails.model
    model.objects.bulk_create(
        model(log=log, user=u, address=u.email, subject=subject, body=body) for u in users if u.email
    )
    transaction.on_commit(deliver)


def send_once(
    decide: Callable[[], tuple[Any, Iterable[Any], str, str] | None], deliver: Callable[[], Any]
) -> bool:
    """One reminder, decided once: ``decide`` runs in one transaction, writes the reminder's log (whose unique
    key allows one per duty × day) and returns ``(log, users, subject, body)``, or None when nothing is due any
    more; the e-mails are written with the log and ``deliver`` sends them after the commit. When the log
    exists already (IntegrityError: an earlier run decided it), ``deliver`` sends only what that run left
    unsent (it died, or the mail server refused). True when this run decided the reminder."""
    try:
        with transaction.atomic():
            decided = decide()
            if decided is None:
                return False
            log, users, subject, body = decided
            write_mails(log, users, subject=subject, body=body, deliver=deliver)
    except IntegrityError:
        deliver()
        return False
    return True
