"""Working days and small value helpers shared by the directive and task services."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cchc.apps.core.calendar import working_calendar
from cchc.domain import numbers
from cchc.domain.calendar import WorkingCalendar

from ..models import (
    CLOSED_STATUSES,
    Recurrence,
    Task,
)


def calendar() -> WorkingCalendar:
    """The application's calendar, with the days edited in the UI (cchc.apps.core.calendar)."""
    return working_calendar()


def due_date_for(deadline: date | None) -> date | None:
    """A deadline on a day off moves to the next working day (the office is closed on the day itself)."""
    return None if deadline is None else calendar().next_working_day(deadline)


def parse_decimal(raw: str | float | int | Decimal) -> Decimal:
    """The domain's one number parser (cchc.domain.numbers): "30", "30,5", "1.234,5", "30 %", "30.5".
    Before, "1.234,5" became 1.2345 → refused and "30 %" was refused."""
    try:
        return numbers.parse_decimal(raw)
    except numbers.NumberFormatError as exc:
        raise ValidationError(_("Giá trị “%(v)s” không phải là số.") % {"v": raw}) from exc


def recurrence_label(code: str) -> str:
    return str(dict(Recurrence.choices).get(code, ""))


# A deadline falls due on the next working day; when a coordinator changes a day of the calendar, the derived
# due dates of open tasks whose deadline lies just before or on that day are computed again. Two weeks back
# covers the longest run of days off (Tết).
RECOMPUTE_WINDOW_DAYS = 15


def tasks_recompute_due_dates(*, around: date) -> int:
    start = around - timedelta(days=RECOMPUTE_WINDOW_DAYS)
    changed = 0
    for task in Task.objects.filter(deadline__range=(start, around)).exclude(status__in=CLOSED_STATUSES):
        due_on = due_date_for(task.deadline)
        if due_on != task.due_on:
            task.due_on = due_on
            task.save(update_fields=["due_on"])
            changed += 1
    return changed
