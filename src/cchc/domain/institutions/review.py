"""Review (rà soát) and systematisation (hệ thống hóa) of legal documents (../shared/standards.md §14).

The findings on a document's effect, the handling forms and the cycle are data:
``data/institutions_review.toml``. This module reads them, checks that a finding is consistent (no handling
form for a document with no effect left), sorts reviewed documents into the four lists of NĐ 79/2025 Điều 51,
computes the systematisation cut-off (31/12 of the fifth year from the previous one, Điều 49) and the period it
covers, the due date of a review opened by a triggering event (configurable: §14 gives no number of days), and
the state of a review on a given day.
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
from typing import Any

from ..errors import UserError
from ..i18n import gettext_noop
from ..measures import share

_DATA_FILE = "institutions_review.toml"

# The four lists of Điều 51, in the order they are published.
LISTS: dict[str, str] = {
    "het_toan_bo": gettext_noop("Danh mục văn bản hết hiệu lực, tạm ngưng hiệu lực toàn bộ"),
    "het_mot_phan": gettext_noop("Danh mục văn bản hết hiệu lực, tạm ngưng hiệu lực một phần"),
    "con_hieu_luc": gettext_noop("Danh mục văn bản còn hiệu lực"),
    "can_xu_ly": gettext_noop("Danh mục văn bản cần tạm ngưng hiệu lực, sửa đổi, bổ sung, thay thế, bãi bỏ"),
}
# The labels of the shipped rules file, marked here so the English catalogue holds them (the pages show them
# through {% trans %}); a label an agency adds to its own file is shown as written.
SHIPPED_LABELS = (
    gettext_noop("Còn hiệu lực"),
    gettext_noop("Chưa có hiệu lực"),
    gettext_noop("Hết hiệu lực một phần"),
    gettext_noop("Tạm ngưng hiệu lực một phần"),
    gettext_noop("Hết hiệu lực toàn bộ"),
    gettext_noop("Tạm ngưng hiệu lực toàn bộ"),
    gettext_noop("Giữ nguyên"),
    gettext_noop("Sửa đổi, bổ sung"),
    gettext_noop("Thay thế"),
    gettext_noop("Bãi bỏ toàn bộ"),
    gettext_noop("Bãi bỏ một phần"),
    gettext_noop("Tạm ngưng hiệu lực"),
)
# The fourth list is not named by an effect: a document goes on it when its handling form changes it.
HANDLING_LIST = "can_xu_ly"


class ReviewRulesError(UserError):
    """The review rules file cannot be used, or a finding is inconsistent (Vietnamese message)."""


@dataclass(frozen=True, slots=True)
class Effect:
    code: str
    label: str
    lists: tuple[str, ...]
    in_force: bool


@dataclass(frozen=True, slots=True)
class Form:
    code: str
    label: str
    changes: bool
    source: str = ""


@dataclass(frozen=True, slots=True)
class Cycle:
    years: int = 5
    cutoff_month: int = 12
    cutoff_day: int = 31
    source: str = ""


@dataclass(frozen=True, slots=True)
class Rules:
    effects: dict[str, Effect]
    forms: dict[str, Form]
    cycle: Cycle
    remind_days_before: int = 10
    trigger_review_days: int = 0  # 0: no limit after the triggering event (§14 gives none)
    remind_at: tuple[int, ...] = (10, 1)  # days before the due date a reminder goes out (widest first)


def _bad(where: str, what: str) -> ReviewRulesError:
    return ReviewRulesError(f"Tệp quy tắc rà soát văn bản: {where} {what}.".replace("  ", " "))


def _non_negative(raw: dict[str, Any], key: str, default: int, where: str = "") -> int:
    value = raw.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _bad(where, f"cần “{key}” là số nguyên không âm")
    return value


def parse_rules(raw: dict[str, Any]) -> Rules:
    """Check and build the rules from the parsed TOML; a wrong key or value is named in Vietnamese."""
    effects: dict[str, Effect] = {}
    for code, item in (raw.get("effects") or {}).items():
        where = f"tình trạng hiệu lực “{code}”"
        label = str(item.get("label", "")).strip()
        if not label:
            raise _bad(where, "thiếu “label”")
        lists = tuple(item.get("lists", ()))
        unknown = [x for x in lists if x not in LISTS or x == HANDLING_LIST]
        if not lists or unknown:
            named = ", ".join(k for k in LISTS if k != HANDLING_LIST)
            raise _bad(where, f"cần “lists” gồm các danh mục {named}")
        effects[code] = Effect(code, label, lists, bool(item.get("in_force", True)))
    if not effects:
        raise _bad("", "không có tình trạng hiệu lực nào ([effects.…])")
    forms: dict[str, Form] = {}
    for code, item in (raw.get("forms") or {}).items():
        label = str(item.get("label", "")).strip()
        if not label:
            raise _bad(f"hình thức xử lý “{code}”", "thiếu “label”")
        forms[code] = Form(code, label, bool(item.get("changes", True)), str(item.get("source", "")))
    if not forms:
        raise _bad("", "không có hình thức xử lý nào ([forms.…])")
    c = raw.get("cycle") or {}
    cycle = Cycle(
        years=_non_negative(c, "years", 5, "[cycle]"),
        cutoff_month=_non_negative(c, "cutoff_month", 12, "[cycle]"),
        cutoff_day=_non_negative(c, "cutoff_day", 31, "[cycle]"),
        source=str(c.get("source", "")),
    )
    if cycle.years < 1:
        raise _bad("[cycle]", "cần “years” ít nhất là 1")
    try:
        date(2001, cycle.cutoff_month, cycle.cutoff_day)
    except ValueError:
        raise _bad("[cycle]", "có ngày, tháng hệ thống hóa không có thật") from None
    remind_at = raw.get("remind_at", [10, 1])
    if (
        not isinstance(remind_at, list)
        or not remind_at
        or any(not isinstance(n, int) or isinstance(n, bool) or n < 0 for n in remind_at)
    ):
        raise _bad("", "cần “remind_at” là danh sách số ngày không âm")
    return Rules(
        effects,
        forms,
        cycle,
        _non_negative(raw, "remind_days_before", 10),
        _non_negative(raw, "trigger_review_days", 0),
        tuple(sorted(set(remind_at), reverse=True)),
    )


@cache
def load_rules() -> Rules:
    """The shipped rules (``data/institutions_review.toml``)."""
    text = resources.files("cchc.domain.data").joinpath(_DATA_FILE).read_text(encoding="utf-8")
    return parse_rules(tomllib.loads(text))


# --- findings -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """What a review found about one document: its effect and the proposed handling form ('' = none yet)."""

    document: str
    effect: str
    form: str = ""


def check_finding(finding: Finding, rules: Rules | None = None) -> None:
    """Raise a Vietnamese error when the effect or form is unknown or the pair cannot go together.

    A document with no effect left (hết hiệu lực / tạm ngưng toàn bộ) cannot be amended, replaced or repealed:
    the handling forms of Điều 38 act on a document that still applies.
    """
    rules = rules or load_rules()
    effect = rules.effects.get(finding.effect)
    if effect is None:
        raise ReviewRulesError(
            f"Văn bản {finding.document}: tình trạng hiệu lực “{finding.effect}” không có trong danh mục."
        )
    if not finding.form:
        return
    form = rules.forms.get(finding.form)
    if form is None:
        raise ReviewRulesError(
            f"Văn bản {finding.document}: hình thức xử lý “{finding.form}” không có trong danh mục."
        )
    if form.changes and not effect.in_force:
        raise ReviewRulesError(
            f"Văn bản {finding.document} đã {effect.label.lower()}, không thể đề nghị {form.label.lower()}."
        )


def lists(findings: Iterable[Finding], rules: Rules | None = None) -> dict[str, list[str]]:
    """The four Điều 51 lists (code → documents in the order given); each finding is checked first."""
    rules = rules or load_rules()
    out: dict[str, list[str]] = {code: [] for code in LISTS}
    for finding in findings:
        check_finding(finding, rules)
        for code in rules.effects[finding.effect].lists:
            out[code].append(finding.document)
        if finding.form and rules.forms[finding.form].changes:
            out[HANDLING_LIST].append(finding.document)
    return out


# --- the systematisation cycle (Điều 49) ----------------------------------------------------------------------


def next_cutoff(previous: date, rules: Rules | None = None) -> date:
    """Thời điểm hệ thống hóa of the next cycle: 31/12 of the fifth year from the previous one.

    The fifth year is counted from the year of the previous cut-off: 31/12/2023 → 31/12/2028.
    """
    cycle = (rules or load_rules()).cycle
    return date(previous.year + cycle.years, cycle.cutoff_month, cycle.cutoff_day)


def cycle_period(previous: date, rules: Rules | None = None) -> tuple[date, date]:
    """(first day, cut-off) of the cycle after ``previous``: documents issued in it are collected (Điều 51)."""
    return previous + timedelta(days=1), next_cutoff(previous, rules)


def cutoff_for_year(year: int, anchor: date, rules: Rules | None = None) -> date:
    """The cut-off of the cycle a year belongs to, counted in whole cycles from a known cut-off ``anchor``.

    With the anchor 31/12/2023: 2024 … 2028 → 31/12/2028, 2029 → 31/12/2033, 2023 → 31/12/2023.
    """
    cycle = (rules or load_rules()).cycle
    steps = -((anchor.year - year) // cycle.years)  # ceil((year - anchor.year) / years)
    return date(anchor.year + steps * cycle.years, cycle.cutoff_month, cycle.cutoff_day)


def trigger_review_due(trigger_date: date, rules: Rules | None = None) -> date | None:
    """Due date of a review opened by a triggering event (căn cứ rà soát); None when no limit is configured.

    Điều 34: rà soát "ngay khi có căn cứ rà soát" — §14 gives no number of days, so the limit is the agency's
    ``trigger_review_days`` counted from the day after the event (the n-th day after it is the last one).
    """
    days = (rules or load_rules()).trigger_review_days
    return trigger_date + timedelta(days=days) if days else None


def round_dates(
    kind: str,
    *,
    previous_cutoff: date | None = None,
    trigger_date: date | None = None,
    planned_due: date | None = None,
    rules: Rules | None = None,
) -> tuple[date | None, date | None]:
    """(thời điểm hệ thống hóa, due date) of a round of ``kind``; a missing input is named in Vietnamese.

    - ``he_thong_hoa`` (Điều 49): the cut-off is 31/12 of the fifth year from ``previous_cutoff``; the results
      are due on the plan's date (``planned_due``, Điều 49 "tiến độ"), which cannot fall before the cut-off;
      without one, the cut-off itself is the due date (the documents are collected up to it).
    - ``ra_soat`` (thường xuyên, Điều 34 "ngay khi có căn cứ rà soát"): ``trigger_date`` is required; the due
      date is the plan's, else the configured limit after the event (:func:`trigger_review_due`), else none.
    - ``chuyen_de`` (theo chuyên đề, lĩnh vực): the plan sets the due date; it is required.
    """
    rules = rules or load_rules()
    if kind == "he_thong_hoa":
        if previous_cutoff is None:
            raise ReviewRulesError("Đợt hệ thống hóa cần thời điểm hệ thống hóa của kỳ trước.")
        cutoff = next_cutoff(previous_cutoff, rules)
        if planned_due is not None and planned_due < cutoff:
            raise ReviewRulesError(
                f"Hạn hoàn thành {planned_due:%d/%m/%Y} không thể trước thời điểm hệ thống hóa "
                f"{cutoff:%d/%m/%Y}."
            )
        return cutoff, planned_due or cutoff
    if kind == "ra_soat":
        if trigger_date is None:
            raise ReviewRulesError("Đợt rà soát thường xuyên cần ngày phát sinh căn cứ rà soát.")
        if planned_due is not None and planned_due < trigger_date:
            raise ReviewRulesError("Hạn hoàn thành không thể trước ngày phát sinh căn cứ rà soát.")
        return None, planned_due or trigger_review_due(trigger_date, rules)
    if kind == "chuyen_de":
        if planned_due is None:
            raise ReviewRulesError("Đợt rà soát theo chuyên đề cần hạn hoàn thành theo kế hoạch.")
        return None, planned_due
    raise ReviewRulesError(
        "Loại đợt phải là hệ thống hóa định kỳ, rà soát thường xuyên hoặc rà soát theo chuyên đề."
    )


def reminder_kind(due: date | None, today: date, rules: Rules | None = None) -> str | None:
    """Which reminder of a round due on ``due`` belongs to ``today``: ``truoc_N`` in the tightest window of
    ``remind_at`` that holds today (N days or fewer before the due date), ``qua_han`` after it; None outside
    every window or without a due date. Each kind goes out once per round (the app keeps the log), so a scan
    that missed a day still sends the window's reminder the next day, and never the wider one after it."""
    if due is None:
        return None
    left = (due - today).days
    if left < 0:
        return "qua_han"
    windows = [n for n in (rules or load_rules()).remind_at if left <= n]
    return f"truoc_{min(windows)}" if windows else None


# --- state of a review on a day -------------------------------------------------------------------------------


class Status(StrEnum):
    OPEN = "chua_den_han"
    DUE_SOON = "sap_den_han"
    OVERDUE = "qua_han"
    ON_TIME = "dung_han"
    LATE = "tre_han"
    DONE = "da_xong"  # finished, no due date to judge against


STATUS_LABELS: dict[Status, str] = {
    Status.OPEN: gettext_noop("Chưa đến hạn"),
    Status.DUE_SOON: gettext_noop("Sắp đến hạn"),
    Status.OVERDUE: gettext_noop("Quá hạn"),
    Status.ON_TIME: gettext_noop("Xong đúng hạn"),
    Status.LATE: gettext_noop("Xong trễ hạn"),
    Status.DONE: gettext_noop("Đã xong"),
}


def status(due: date | None, done_on: date | None, today: date, *, remind_days_before: int = 0) -> Status:
    """The state on ``today`` of a review (or a proposal) due on ``due`` and finished on ``done_on``."""
    if done_on is not None:
        if due is None:
            return Status.DONE
        return Status.ON_TIME if done_on <= due else Status.LATE
    if due is None:
        return Status.OPEN
    if today > due:
        return Status.OVERDUE
    if (due - today).days <= remind_days_before:
        return Status.DUE_SOON
    return Status.OPEN


def reviewed_share(reviewed: int, total: int) -> Decimal | None:
    """Share (%) of the documents of a round that have a finding; None for an empty round."""
    if reviewed < 0 or reviewed > total:
        raise ReviewRulesError("Số văn bản đã rà soát phải từ 0 đến tổng số văn bản của đợt.")
    return share(reviewed, total)
