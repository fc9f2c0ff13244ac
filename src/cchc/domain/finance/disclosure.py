"""Budget-disclosure duties of a budget-using unit (../shared/standards.md §10, TT 61/2017/TT-BTC Điều 6).

The duties (what, by whom, deadline rule, forms) are data: ``data/finance_disclosure.toml``. This module
reads them, lists the disclosures a unit owes for a budget year, computes each due date from its trigger
(an event date the unit records, or the end of a period) and tells whether it was published on time, late,
is still open, overdue (missing) or waits for its event.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, Protocol

from ..errors import UserError
from ..i18n import gettext_noop
from ..measures import share

_DATA_FILE = "finance_disclosure.toml"

PERIODS: dict[str, tuple[str, int]] = {
    # code → (label, month in which the period ends)
    "Q1": (gettext_noop("Quý I"), 3),
    "Q2": (gettext_noop("Quý II"), 6),
    "H1": (gettext_noop("6 tháng đầu năm"), 6),
    "Q3": (gettext_noop("Quý III (9 tháng)"), 9),
    "Q4": (gettext_noop("Quý IV"), 12),
    "H2": (gettext_noop("6 tháng cuối năm"), 12),
}


class DisclosureRulesError(UserError):
    """The disclosure rules file cannot be used (Vietnamese message)."""


class Calendar(Protocol):
    def is_working_day(self, d: date) -> bool: ...

    def add_working_days(self, d: date, n: int) -> date: ...

    def next_working_day(self, d: date) -> date: ...


class Trigger(StrEnum):
    EVENT = "event"
    PERIOD_END = "period_end"


class DayKind(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


@dataclass(frozen=True, slots=True)
class Duty:
    code: str
    label: str
    content: str
    responsible: str
    trigger: Trigger
    days: int
    day_kind: DayKind
    source: str
    event_label: str = ""
    repeats: bool = False
    periods: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Form:
    code: str
    label: str
    portal: bool = False


@dataclass(frozen=True, slots=True)
class Rules:
    duties: dict[str, Duty]
    forms: dict[str, Form]
    roll_to_working_day: bool = False
    remind_days_before: int = 5


def _bad(where: str, what: str) -> DisclosureRulesError:
    return DisclosureRulesError(f"Tệp nghĩa vụ công khai ngân sách: {where} {what}.")


def parse_rules(raw: dict[str, Any]) -> Rules:
    """Check and build the rules from the parsed TOML; a wrong key or value is named in Vietnamese."""
    duties: dict[str, Duty] = {}
    for code, item in (raw.get("duties") or {}).items():
        where = f"nghĩa vụ “{code}”"
        try:
            trigger = Trigger(item.get("trigger"))
        except ValueError:
            raise _bad(where, "có “trigger” không phải “event” hay “period_end”") from None
        try:
            day_kind = DayKind(item.get("day_kind", "calendar"))
        except ValueError:
            raise _bad(where, "có “day_kind” không phải “calendar” hay “working”") from None
        days = item.get("days")
        if not isinstance(days, int) or isinstance(days, bool) or days < 0:
            raise _bad(where, "cần “days” là số ngày nguyên không âm")
        periods = tuple(item.get("periods", ()))
        unknown = [p for p in periods if p not in PERIODS]
        if unknown:
            raise _bad(where, f"có kỳ không biết: {', '.join(map(str, unknown))} (dùng {', '.join(PERIODS)})")
        if trigger is Trigger.PERIOD_END and not periods:
            raise _bad(where, "theo kỳ cần danh sách “periods”")
        label = str(item.get("label", "")).strip()
        if not label:
            raise _bad(where, "thiếu “label”")
        duties[code] = Duty(
            code=code,
            label=label,
            content=str(item.get("content", "")),
            responsible=str(item.get("responsible", "")),
            trigger=trigger,
            days=days,
            day_kind=day_kind,
            source=str(item.get("source", "")),
            event_label=str(item.get("event_label", "")),
            repeats=bool(item.get("repeats", False)),
            periods=periods,
        )
    if not duties:
        raise _bad("", "không có nghĩa vụ nào ([duties.…])")
    forms = {
        code: Form(code=code, label=str(item.get("label", code)), portal=bool(item.get("portal", False)))
        for code, item in (raw.get("forms") or {}).items()
    }
    remind = raw.get("remind_days_before", 5)
    if not isinstance(remind, int) or isinstance(remind, bool) or remind < 0:
        raise _bad("", "cần “remind_days_before” là số ngày nguyên không âm")
    return Rules(duties, forms, bool(raw.get("roll_to_working_day", False)), remind)


@cache
def load_rules() -> Rules:
    """The shipped rules (``data/finance_disclosure.toml``)."""
    text = resources.files("cchc.domain.data").joinpath(_DATA_FILE).read_text(encoding="utf-8")
    return parse_rules(tomllib.loads(text))


def period_end(year: int, period: str) -> date:
    month = PERIODS[period][1]
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def due_date(duty: Duty, trigger_date: date, calendar: Calendar | None = None, *, roll: bool = False) -> date:
    """The last day to publish: ``days`` (calendar or working) counted from the day after ``trigger_date``.

    "Chậm nhất 15 ngày kể từ ngày …": the 15th day after the event is the last allowed day. Working days need
    a calendar; with ``roll`` a calendar-day deadline falling on a day off moves to the next working day.
    """
    if duty.day_kind is DayKind.WORKING:
        if calendar is None:
            raise DisclosureRulesError("Cần lịch ngày làm việc để tính hạn theo ngày làm việc.")
        return calendar.add_working_days(trigger_date, duty.days)
    due = trigger_date + timedelta(days=duty.days)
    if roll and calendar is not None:
        due = calendar.next_working_day(due)
    return due


class Status(StrEnum):
    WAITING = "cho_su_kien"  # the event that starts the clock has not been recorded
    OPEN = "chua_den_han"  # not yet published, not yet due
    DUE_SOON = "sap_den_han"  # not yet published, due within the reminder window
    OVERDUE = "qua_han"  # not published and past its due date (missing)
    ON_TIME = "dung_han"
    LATE = "tre_han"


STATUS_LABELS: dict[Status, str] = {
    Status.WAITING: gettext_noop("Chờ ngày phát sinh"),
    Status.OPEN: gettext_noop("Chưa đến hạn"),
    Status.DUE_SOON: gettext_noop("Sắp đến hạn"),
    Status.OVERDUE: gettext_noop("Quá hạn, chưa công khai"),
    Status.ON_TIME: gettext_noop("Công khai đúng hạn"),
    Status.LATE: gettext_noop("Công khai trễ hạn"),
}

# Statuses that count in the on-time share: a disclosure is judged once published or once its due date passed.
JUDGED = frozenset({Status.ON_TIME, Status.LATE, Status.OVERDUE})


def status(
    due: date | None, published_on: date | None, today: date, *, remind_days_before: int = 0
) -> Status:
    """The state of one disclosure on ``today``."""
    if published_on is not None and due is not None:
        return Status.ON_TIME if published_on <= due else Status.LATE
    if due is None:
        return Status.WAITING
    if today > due:
        return Status.OVERDUE
    if (due - today).days <= remind_days_before:
        return Status.DUE_SOON
    return Status.OPEN


@dataclass(frozen=True, slots=True)
class Expected:
    """One disclosure a unit owes for a year: the duty, and its period (period duties) or ''."""

    duty: str
    period: str = ""
    trigger_date: date | None = None  # period end for period duties; None until the event is recorded


def expected(year: int, rules: Rules | None = None) -> list[Expected]:
    """The disclosures generated for a budget year: one per duty, one per listed period of period duties."""
    rules = rules or load_rules()
    rows: list[Expected] = []
    for duty in rules.duties.values():
        if duty.trigger is Trigger.PERIOD_END:
            rows.extend(Expected(duty.code, p, period_end(year, p)) for p in duty.periods)
        else:
            rows.append(Expected(duty.code))
    return rows


def on_time_share(statuses: Iterable[Status]) -> tuple[int, int, Decimal | None]:
    """(published on time, judged, share %) over the judged disclosures (on time + late + overdue)."""
    judged = [s for s in statuses if s in JUDGED]
    ok = sum(1 for s in judged if s is Status.ON_TIME)
    return ok, len(judged), share(ok, len(judged))
