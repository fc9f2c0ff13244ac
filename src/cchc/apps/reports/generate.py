"""Filling a report's sections: every figure from the registry of measured sources (cchc.apps.core.measures),
every list from the owning app's selectors. A module that is not installed, or a source that refuses the unit
or the window (a UserError), yields nothing — never an error and never a 0 it did not measure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from cchc.apps.core import measures
from cchc.domain.errors import UserError
from cchc.domain.measures import window
from cchc.domain.numbers import format_number, format_percent
from cchc.domain.reports import outline as outlines
from cchc.domain.reports.content import Figure, ListBlock, SectionContent
from cchc.domain.reports.periods import ReportPeriod

if TYPE_CHECKING:
    from cchc.apps.org.models import Unit


def current_outline() -> outlines.Outline:
    """The outline in CCHC_REPORT_OUTLINE, or the bundled one."""
    return outlines.load(settings.REPORT_OUTLINE)


def _keys(section: outlines.Section, known: list[str]) -> list[str]:
    """The registered keys a section asks for: named keys in the order named, a family in key order."""
    out: list[str] = []
    for wanted in section.sources:
        if wanted.endswith(".*"):
            out += [k for k in known if k.startswith(wanted[:-1]) and k not in out]
        elif wanted in known and wanted not in out:
            out.append(wanted)
    return out


def _label(key: str, label: str) -> str:
    """A 766 indicator's source is labelled by its number ("Chỉ số 766 2.1"): the report adds its name."""
    if key.startswith("index766."):
        from cchc.domain.index766_specs import SPECS

        spec = next((s for s in SPECS if s.id == key.removeprefix("index766.")), None)
        if spec is not None:
            return f"{label}: {spec.name}"
    return label


def _measured(key: str, unit: Unit | None, start: date, end: date) -> Figure | None:
    source = measures.source(key)
    try:
        m = measures.measure(key, unit, window(start, end))
    except UserError:
        return None
    return Figure(
        key=key, label=_label(key, str(source.label)), unit=m.unit, value=m.value, start=start, end=end,
        query_id=m.query_id, numerator=m.numerator, denominator=m.denominator, detail_url=m.detail_url,
        scope=unit.code if unit is not None else "",
    )  # fmt: skip


def figure(key: str, unit: Unit | None, period: ReportPeriod) -> Figure | None:
    """One source measured over ``unit``'s subtree in the period's window, or None when it refuses; a period
    whose window starts after 15/12 of the previous year (quý II–IV) also carries the year to date."""
    fig = _measured(key, unit, period.start, period.end)
    if fig is None or period.start == period.cumulative_start:
        return fig
    return replace(fig, ytd=_measured(key, unit, period.cumulative_start, period.end))


def _tasks_by_directive(unit: Unit | None, period: ReportPeriod, today: date) -> ListBlock | None:
    if not apps.is_installed("cchc.apps.directives"):
        return None
    from cchc.apps.directives.selectors import tasks_by_directive

    rows = tasks_by_directive(unit=unit, start=period.start, end=period.end, today=today)
    return ListBlock(
        "tasks_by_directive", "Nhiệm vụ theo văn bản chỉ đạo",
        ("Văn bản chỉ đạo", "Trích yếu", "Nhiệm vụ đến hạn", "Hoàn thành đúng hạn", "Hoàn thành trễ hạn", "Quá hạn"),
        tuple(
            (r["directive__number"] or "—", r["directive__subject"], str(r["due"]),
             f"đúng hạn {r['done_on_time']}", f"trễ hạn {r['late']}", f"quá hạn {r['overdue']}")
            for r in rows
        ),
        "directives.selectors.tasks_by_directive", period.start, period.end,
    )  # fmt: skip


def _simplification_plans(unit: Unit | None, period: ReportPeriod, today: date) -> ListBlock | None:
    if not apps.is_installed("cchc.apps.procedures"):
        return None
    from cchc.apps.procedures.selectors import plans

    rows = []
    for p in plans(user=None, year=period.year, root=unit):
        cut = None
        if p.time_before and p.time_after is not None:
            cut = (p.time_before - p.time_after) * 100 / p.time_before
        rows.append((
            p.procedure.code, " ".join(p.procedure.name.split()),
            "kiến nghị bãi bỏ" if p.abolish else f"cắt giảm thời gian {format_percent(cut, space=True)}",
        ))  # fmt: skip
    return ListBlock(
        "simplification_plans", f"Phương án đơn giản hóa thủ tục hành chính năm {period.year}",
        ("Mã TTHC", "Tên thủ tục", "Phương án"), tuple(rows), "procedures.selectors.plans",
        period.start, period.end,
    )  # fmt: skip


def _review_rounds(unit: Unit | None, period: ReportPeriod, today: date) -> ListBlock | None:
    if not apps.is_installed("cchc.apps.institutions"):
        return None
    from cchc.apps.institutions.selectors import review_rows

    rows = []
    for r in review_rows(unit, min(today, period.end)):
        day = r.round.due_on or r.round.cutoff or timezone.localdate(r.round.created_at)
        if period.cumulative_start <= day <= period.end:
            rows.append(
                (r.round.title, f"đã rà soát {format_number(r.reviewed)}/{format_number(r.total)} văn bản")
            )
    return ListBlock(
        "review_rounds", "Đợt rà soát văn bản quy phạm pháp luật", ("Đợt rà soát", "Kết quả"), tuple(rows),
        "institutions.selectors.review_rows", period.cumulative_start, period.end,
    )  # fmt: skip


LIST_PROVIDERS: dict[str, Callable[[Unit | None, ReportPeriod, date], ListBlock | None]] = {
    "tasks_by_directive": _tasks_by_directive,
    "simplification_plans": _simplification_plans,
    "review_rounds": _review_rounds,
}


def collect(
    unit: Unit | None, period: ReportPeriod, outline: outlines.Outline, *, today: date | None = None
) -> dict[str, SectionContent]:
    """The figures and lists of every section of ``outline`` over ``unit`` and ``period``."""
    today = today or timezone.localdate()
    known = measures.SOURCES.keys()
    out: dict[str, SectionContent] = {}
    with measures.measuring_pass():  # reads only: the 766 indicators share one scorecard
        for section in outline.sections:
            content = SectionContent(section.key)
            for key in _keys(section, known):
                fig = figure(key, unit, period)
                if fig is not None:
                    content.figures.append(fig)
            for name in section.lists:
                block = LIST_PROVIDERS[name](unit, period, today)
                if block is not None:
                    content.lists.append(block)
            if content.figures or content.lists:
                out[section.key] = content
    return out
