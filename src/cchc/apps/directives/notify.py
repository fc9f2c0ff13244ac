"""In-app notifications and the e-mail that goes with them (one place, so every path sends the same)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.apps.org.models import User

from .models import Notification, Task


def notify(
    *, users: Iterable[User | None], task: Task | None, kind: str, message: str, email: bool = True
) -> int:
    """Create a notification per distinct user and e-mail those with an address.

    Called inside the caller's transaction: if the e-mail raises, the notifications roll back with the
    change, so a retried job does everything again exactly once.
    """
    seen: set[int] = set()
    recipients: list[str] = []
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        Notification.objects.create(user=user, task=task, kind=kind, message=message)
        if user.email:
            recipients.append(user.email)
    if email and recipients:
        subject, body = mail_text(task, message)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(seen)


def mail_text(task: Task | None, message: str) -> tuple[str, str]:
    """(subject, body) of the e-mail that goes with a notification: the message and a link to the task."""
    link = settings.SITE_URL + reverse("directives:task_detail", args=[task.pk]) if task is not None else ""
    return f"[CCHC] {message[:150]}", message + (f"\n\n{_('Xem chi tiết')}: {link}" if link else "")


def recipients_of(users: Iterable[User | None]) -> list[User]:
    """The distinct active users of ``users``, in order (those ``notify`` notifies)."""
    seen: dict[int, User] = {}
    for user in users:
        if user is not None and user.is_active and user.pk not in seen:
            seen[user.pk] = user
    return list(seen.values())
