"""Directive tasks as measured sources (cchc.domain.measures): of the tasks due in the period, the share done
on time and the share overdue (not done, past the due date today), as the units' scorecard counts them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop

from cchc.domain.measures import Measurement, Source, share, span


def _share(part: str, url_name: str) -> Callable[[Any, str], Measurement]:
    def measure(scope: Any, period: str) -> Measurement:
        from cchc.apps.core.measures import detail_url

        from .selectors import task_timeliness

        days = span(period)
        counts = task_timeliness(unit=scope, start=days.start, end=days.end, today=timezone.localdate())
        numerator = getattr(counts, part)
        query = {"start": f"{days.start:%d/%m/%Y}", "end": f"{days.end:%d/%m/%Y}"}
        return Measurement(
            value=share(numerator, counts.due),
            unit="%",
            period=period,
            detail_url=detail_url(url_name, **(query if url_name == "directives:scorecard" else {})),
            query_id=f"directives.selectors.task_timeliness#{part}",
            numerator=numerator,
            denominator=counts.due,
        )

    return measure


def sources() -> list[Source]:
    return [
        Source(
            key="tasks.on_time_share",
            label=gettext_noop("Tỷ lệ nhiệm vụ hoàn thành đúng hạn"),
            unit="%",
            measure=_share("on_time", "directives:scorecard"),
            module="directives",
        ),
        Source(
            key="tasks.overdue_share",
            label=gettext_noop("Tỷ lệ nhiệm vụ quá hạn"),
            unit="%",
            measure=_share("overdue", "directives:overdue_list"),
            module="directives",
        ),
    ]
