"""The one working-day calendar of the application, and the days people edit on top of it.

The domain calendar (shipped yearly notices + the ``holidays`` package) with the days that coordinators edit
in the UI (:class:`cchc.apps.core.models.CalendarOverride`: swaps, make-up Saturdays, extra days off) on top.
Task deadlines, reminders and dossier indicators all use :func:`working_calendar`, so a day changed in the
UI changes them all. :func:`override_save` and :func:`override_delete` are the only writers; once the
transaction commits they empty the cache and send :data:`calendar_changed` (directives move open due
dates, dossiers refresh the store's calendar).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TypeVar

from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal

from cchc.domain.calendar import CalendarOverride as DayOverride
from cchc.domain.calendar import WorkingCalendar

from .models import CalendarOverride

# Sent (with ``day=<date>``) after an override is saved or deleted, once the transaction has committed.
calendar_changed = Signal()

_cache: dict[tuple, WorkingCalendar] = {}
# Values computed from one calendar (e.g. "today + 10 working days"), dropped with the calendar.
_derived: dict[tuple, object] = {}

T = TypeVar("T")
_VERIFY_SECONDS = 5.0
_verified_at = [float("-inf")]


def _rows() -> tuple:
    return tuple(CalendarOverride.objects.order_by("day").values_list("day", "working", "name", "source"))


def working_calendar() -> WorkingCalendar:
    """Cached per content of the override table (a few rows: one small query per call)."""
    rows = _rows()
    calendar = _cache.get(rows)
    if calendar is None:
        clear_cache()
        calendar = WorkingCalendar.default(overrides=[DayOverride(d, w, n, s) for d, w, n, s in rows])
        _cache[rows] = calendar
    return calendar


def memoised(key: tuple, compute: Callable[[WorkingCalendar], T]) -> T:
    """``compute(calendar)`` cached with the calendar, without a query per call (a list page asks for
    "today + 10 working days" once per row). A day edited in this process empties the cache when its
    transaction commits; one edited by another process (another web worker) is seen within
    ``_VERIFY_SECONDS``, when the override table is read again."""
    now = time.monotonic()
    if now - _verified_at[0] > _VERIFY_SECONDS:
        working_calendar()  # a changed table empties _derived
        _verified_at[0] = now
    if key not in _derived:
        calendar = next(iter(_cache.values())) if _cache else working_calendar()
        _derived[key] = compute(calendar)
    return _derived[key]  # type: ignore[return-value]


def clear_cache() -> None:
    _cache.clear()
    _derived.clear()


def next_working_day(day: date) -> date:
    return working_calendar().next_working_day(day)


def has_overrides() -> bool:
    return CalendarOverride.objects.exists()


def overrides() -> QuerySet[CalendarOverride]:
    return CalendarOverride.objects.all()


def _changed(day: date) -> None:
    clear_cache()
    calendar_changed.send(sender=CalendarOverride, day=day)


def override_save(
    *, user, day: date, working: bool, name: str = "", source: str = "", pk: int | None = None
) -> CalendarOverride:  # type: ignore[no-untyped-def]
    from cchc.apps.org.access import require_capability

    require_capability(user, "dossiers.calendar")
    obj = CalendarOverride.objects.get(pk=pk) if pk else CalendarOverride(day=day)
    old_day = obj.day if pk else None
    obj.day, obj.working, obj.name, obj.source = day, working, name, source
    obj.full_clean()
    obj.save()
    transaction.on_commit(lambda: _changed(day))
    if old_day and old_day != day:
        transaction.on_commit(lambda: _changed(old_day))
    return obj


def override_delete(*, user, pk: int) -> None:  # type: ignore[no-untyped-def]
    from cchc.apps.org.access import require_capability

    require_capability(user, "dossiers.calendar")
    days = list(CalendarOverride.objects.filter(pk=pk).values_list("day", flat=True))
    CalendarOverride.objects.filter(pk=pk).delete()
    for day in days:
        transaction.on_commit(partial(_changed, day))
