"""Reminders before a finance deadline: budget disclosures not yet published whose due date falls within
``remind_days_before`` days (data/finance_disclosure.toml), and the public-asset reporting duties
(data/finance_assets.toml: the weekly progress report of units holding surplus assets not yet handled, the
annual report of every unit holding assets).

The scan (``cchc finance remind``) only decides what is due today and enqueues one job per duty; each job calls
:func:`reminder_send`, idempotent like the directives' reminders: a ``ReminderLog`` (unique per duty × day) and
one ``ReminderMail`` per recipient are written in one transaction, and the e-mails leave after that commit
(:func:`mails_deliver`), each marked sent before the mail server is called — once per duty × day × recipient.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from cchc.apps.core.mails import deliver_unsent, send_once
from cchc.apps.org.access import leadership, unit_managers
from cchc.apps.org.models import Unit, User
from cchc.domain.finance import assets as ar
from cchc.domain.finance import disclosure as dr

from .models import Asset, Disclosure, ReminderLog, ReminderMail


@dataclass(frozen=True)
class Due:
    key: str  # "disclosure:<pk>" | "asset-report:<code>:<unit pk>:<period>"
    unit_id: int


def reminders_due(*, today: date) -> list[Due]:
    """What should be reminded of today (those already sent today left out)."""
    out: list[Due] = []
    window = dr.load_rules().remind_days_before
    for pk, unit_id in Disclosure.objects.filter(
        published_on__isnull=True, due_date__gte=today, due_date__lte=today + timedelta(days=window)
    ).values_list("pk", "unit_id"):
        out.append(Due(f"disclosure:{pk}", unit_id))
    rules = ar.load_rules()
    for nxt in ar.reports_to_remind(today, rules):
        qs = Asset.objects.all()
        if nxt.report.surplus_only:
            qs = qs.filter(Q(status__in=rules.surplus) | ~Q(handling_form="")).exclude(progress="da_xu_ly")
        for unit_id in sorted(set(qs.values_list("unit_id", flat=True))):
            out.append(Due(f"asset-report:{nxt.report.code}:{unit_id}:{nxt.period}", unit_id))
    sent = set(ReminderLog.objects.filter(day=today).values_list("key", flat=True))
    return [d for d in out if d.key not in sent]


def _recipients(unit: Unit) -> list[User]:
    people = unit_managers(unit) or leadership(unit)
    return [u for u in people if u.is_active]


def _text(key: str, today: date) -> tuple[Unit, str, str] | None:
    """(unit, subject, body) of a reminder, None when it is no longer due (published, handled)."""
    kind, _sep, rest = key.partition(":")
    if kind == "disclosure":
        d = Disclosure.objects.select_related("unit").filter(pk=int(rest)).first()
        if d is None or d.published_on is not None or d.due_date is None:
            return None
        duty = dr.load_rules().duties.get(d.duty)
        label = (duty.label if duty else d.duty) + (
            f" {_(dr.PERIODS[d.period][0])}" if d.period in dr.PERIODS else ""
        )
        subject = _("Nhắc hạn công khai ngân sách: %(l)s — hạn %(d)s") % {
            "l": label,
            "d": f"{d.due_date:%d/%m/%Y}",
        }
        body = _("%(u)s chưa công khai “%(l)s” năm %(y)s; hạn công khai là %(d)s (%(s)s).") % {
            "u": d.unit.name, "l": label, "y": d.year, "d": f"{d.due_date:%d/%m/%Y}",
            "s": duty.source if duty else "TT 61/2017/TT-BTC",
        }  # fmt: skip
        return d.unit, subject[:200], body
    code, unit_pk, period = rest.split(":", 2)
    report = ar.load_rules().reports.get(code)
    unit = Unit.objects.filter(pk=int(unit_pk)).first()
    if report is None or unit is None:
        return None
    due = ar.report_due_on(report, today).due
    subject = _("Nhắc báo cáo tài sản công: %(l)s — hạn %(d)s") % {"l": report.label, "d": f"{due:%d/%m/%Y}"}
    body = _("%(u)s cần gửi “%(l)s” (kỳ %(p)s) trước ngày %(d)s (%(s)s).") % {
        "u": unit.name, "l": report.label, "p": period, "d": f"{due:%d/%m/%Y}", "s": report.source,
    }  # fmt: skip
    return unit, subject[:200], body


def reminder_send(*, key: str, day: date) -> bool:
    """Decide one reminder and write its e-mails; False when already decided today (or no longer due)."""

    def decide() -> tuple[ReminderLog, list[User], str, str] | None:
        found = _text(key, day)
        if found is None:
            return None
        unit, subject, body = found
        log = ReminderLog.objects.create(key=key, day=day, unit=unit, subject=subject)
        return log, _recipients(unit), subject, body

    return send_once(decide, lambda: mails_deliver(key=key, day=day))


def mails_deliver(*, key: str, day: date) -> int:
    """Send the reminder's e-mails not sent yet, once each (:func:`cchc.apps.core.mails.deliver_unsent`)."""
    return deliver_unsent(ReminderMail.objects.filter(log__key=key, log__day=day))
