"""The one working-day calendar of the application.

The domain calendar (shipped yearly notices + the ``holidays`` package) with the days that coordinators edit
in the UI (``dossiers.CalendarOverride``: swaps, make-up Saturdays, extra days off) on top. Task deadlines,
reminders and dossier indicators all use this function, so a day changed in the UI changes them all.
"""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.dispatch import Signal

from cchc.domain.calendar import CalendarOverride as DayOverride
from cchc.domain.calendar import WorkingCalendar

# Sent (with ``day=<date>``) after an override is saved or deleted, once the transaction has committed.
calendar_changed = Signal()

_cache: dict[tuple, WorkingCalendar] = {}


def working_calendar() -> WorkingCalendar:
    """Cached per content of the override table (a few rows: one small query per call)."""
    model = apps.get_model("dossiers", "CalendarOverride")
    rows = tuple(model.objects.order_by("day").values_list("day", "working", "name", "source"))
    calendar = _cache.get(rows)
    if calendar is None:
        _cache.clear()
        calendar = WorkingCalendar.default(overrides=[DayOverride(d, w, n, s) for d, w, n, s in rows])
        _cache[rows] = calendar
    return calendar


def next_working_day(day: date) -> date:
    return working_calendar().next_working_day(day)
