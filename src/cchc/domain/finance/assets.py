"""Public assets after the 2025 reorganisation (../shared/standards.md §11).

Kinds, statuses, handling forms, progress steps, timers and reporting duties are data
(``data/finance_assets.toml``). This module reads them and holds the plain rules: whether an asset is surplus
and still waits for handling, the timers of §11 (12 months unused → thu hồi; 3 months to rearrange; 30 days to
file an điều chuyển decision), the totals per unit and the reporting duties due on a day (reminders).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from ..errors import UserError
from ..i18n import gettext_noop
from ..measures import share

_DATA_FILE = "finance_assets.toml"


class AssetRulesError(UserError):
    """The public-asset rules file cannot be used (Vietnamese message)."""


@dataclass(frozen=True, slots=True)
class Report:
    code: str
    label: str
    kind: str  # "weekly" | "yearly"
    source: str
    weekday: int = 4
    due_day: int = 31
    due_month: int = 1
    surplus_only: bool = False
    remind_days_before: int = 1


@dataclass(frozen=True, slots=True)
class AssetRules:
    kinds: dict[str, str]
    statuses: dict[str, str]
    surplus: frozenset[str]
    handling: dict[str, str]
    progress: dict[str, str]
    reports: dict[str, Report]
    idle_months: int = 12
    rearrange_months: int = 3
    transfer_days: int = 30


def _bad(text: str) -> AssetRulesError:
    return AssetRulesError(f"Tệp quy định tài sản công: {text}.")


def _int(raw: dict[str, Any], key: str, default: int) -> int:
    value = raw.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _bad(f"“{key}” phải là số nguyên không âm")
    return value


def _labels(raw: dict[str, Any], key: str) -> dict[str, str]:
    table = raw.get(key) or {}
    if not table:
        raise _bad(f"thiếu bảng [{key}]")
    return {str(k): str(v) for k, v in table.items()}


def parse_rules(raw: dict[str, Any]) -> AssetRules:
    statuses_raw = raw.get("statuses") or {}
    if not statuses_raw:
        raise _bad("thiếu bảng [statuses]")
    statuses = {str(k): str(v.get("label", k)) for k, v in statuses_raw.items()}
    surplus = frozenset(str(k) for k, v in statuses_raw.items() if v.get("surplus"))
    progress = _labels(raw, "progress")
    for needed in ("chua_xu_ly", "da_xu_ly"):
        if needed not in progress:
            raise _bad(f"bảng [progress] cần bước “{needed}”")
    reports: dict[str, Report] = {}
    for code, item in (raw.get("reports") or {}).items():
        kind = item.get("kind")
        label = str(item.get("label", "")).strip()
        if not label:
            raise _bad(f"báo cáo “{code}” thiếu “label”")
        if kind == "weekly":
            weekday = item.get("weekday")
            if not isinstance(weekday, int) or not 0 <= weekday <= 6:
                raise _bad(f"báo cáo “{code}” cần “weekday” từ 0 (thứ Hai) đến 6 (Chủ nhật)")
            reports[code] = Report(code, label, "weekly", str(item.get("source", "")), weekday=weekday,
                                   surplus_only=bool(item.get("surplus_only", False)),
                                   remind_days_before=_int(item, "remind_days_before", 1))  # fmt: skip
        elif kind == "yearly":
            text = str(item.get("due", ""))
            try:
                day, month = (int(p) for p in text.split("/"))
                date(2001, month, day)
            except ValueError:
                raise _bad(f"báo cáo “{code}” cần “due” dạng dd/mm (đã ghi “{text}”)") from None
            reports[code] = Report(code, label, "yearly", str(item.get("source", "")), due_day=day, due_month=month,
                                   surplus_only=bool(item.get("surplus_only", False)),
                                   remind_days_before=_int(item, "remind_days_before", 7))  # fmt: skip
        else:
            raise _bad(f"báo cáo “{code}” cần “kind” là “weekly” hoặc “yearly”")
    return AssetRules(
        kinds=_labels(raw, "kinds"), statuses=statuses, surplus=surplus, handling=_labels(raw, "handling"),
        progress=progress, reports=reports, idle_months=_int(raw, "idle_months", 12),
        rearrange_months=_int(raw, "rearrange_months", 3), transfer_days=_int(raw, "transfer_days", 30),
    )  # fmt: skip


@cache
def load_rules() -> AssetRules:
    text = resources.files("cchc.domain.data").joinpath(_DATA_FILE).read_text(encoding="utf-8")
    return parse_rules(tomllib.loads(text))


def add_months(d: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    month0 = d.month - 1 + months
    year, month = d.year + month0 // 12, month0 % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True, slots=True)
class AssetState:
    """What the register needs of one asset."""

    status: str
    value: Decimal
    handling_form: str = ""
    progress: str = "chua_xu_ly"
    idle_since: date | None = None
    handover_on: date | None = None  # temporary handover (bàn giao tạm) before an điều chuyển decision
    decided_on: date | None = None  # the handling decision


def needs_handling(a: AssetState, rules: AssetRules | None = None) -> bool:
    """Surplus (or given a handling form) and not handled yet."""
    rules = rules or load_rules()
    return (a.status in rules.surplus or bool(a.handling_form)) and a.progress != "da_xu_ly"


# A §11 timer that has run out: a msgid (marked for the catalogue, %(name)s placeholders) and its values; the
# app shows it with ``gettext(msgid) % values``, plain Python with :func:`warning_text`.
Warning = tuple[str, dict[str, object]]

IDLE = gettext_noop("Không sử dụng liên tục quá %(months)s tháng (từ %(since)s): thuộc diện thu hồi.")
HANDOVER = gettext_noop("Đã bàn giao tạm từ %(since)s, quá %(days)s ngày chưa có quyết định điều chuyển.")


def warnings(a: AssetState, today: date, rules: AssetRules | None = None) -> list[Warning]:
    """The §11 timers that have run out for an asset."""
    rules = rules or load_rules()
    out: list[Warning] = []
    if a.progress == "da_xu_ly":
        return out
    if a.idle_since is not None and add_months(a.idle_since, rules.idle_months) <= today:
        out.append((IDLE, {"months": rules.idle_months, "since": f"{a.idle_since:%d/%m/%Y}"}))
    if a.handover_on is not None and a.decided_on is None:
        limit = a.handover_on + timedelta(days=rules.transfer_days)
        if limit < today:
            out.append((HANDOVER, {"since": f"{a.handover_on:%d/%m/%Y}", "days": rules.transfer_days}))
    return out


def warning_text(w: Warning) -> str:
    """A warning as its Vietnamese sentence."""
    return w[0] % w[1]


@dataclass(frozen=True, slots=True)
class Totals:
    count: int
    value: Decimal
    surplus: int
    handled: int
    pending: int

    @property
    def handled_share(self) -> Decimal | None:
        return share(self.handled, self.handled + self.pending)


def totals(assets: Iterable[AssetState], rules: AssetRules | None = None) -> Totals:
    rules = rules or load_rules()
    count = surplus = handled = pending = 0
    value = Decimal(0)
    for a in assets:
        count += 1
        value += a.value
        if a.status in rules.surplus or a.handling_form:
            surplus += 1
            if a.progress == "da_xu_ly":
                handled += 1
            else:
                pending += 1
    return Totals(count, value, surplus, handled, pending)


@dataclass(frozen=True, slots=True)
class ReportDue:
    report: Report
    due: date
    period: str  # "2026-W23", "2025"


def report_due_on(report: Report, today: date) -> ReportDue:
    """The next due day of a reporting duty on or after ``today`` and the period it covers."""
    if report.kind == "weekly":
        due = today + timedelta(days=(report.weekday - today.weekday()) % 7)
        iso = due.isocalendar()
        return ReportDue(report, due, f"{iso.year}-W{iso.week:02d}")
    due = date(today.year, report.due_month, report.due_day)
    if due < today:
        due = date(today.year + 1, report.due_month, report.due_day)
    return ReportDue(report, due, str(due.year - 1))


def reports_to_remind(today: date, rules: AssetRules | None = None) -> list[ReportDue]:
    """The reporting duties whose due day falls within their ``remind_days_before`` days from ``today``."""
    rules = rules or load_rules()
    out = []
    for report in rules.reports.values():
        nxt = report_due_on(report, today)
        if (nxt.due - today).days <= report.remind_days_before:
            out.append(nxt)
    return out
