"""The periodic CCHC reports as a measured source (cchc.domain.measures): of the reports whose due date (the
20th of the period's last month, standards §8) falls in the period and has passed — or that were issued —,
the share issued by that date. The PAR criterion "báo cáo đúng hạn" reads ``reports.on_time_share``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from cchc.domain.measures import Measurement, Source, share, span


def _on_time(scope: Any, period: str) -> Measurement:
    from cchc.apps.core.measures import detail_url

    from .periodic_selectors import on_time_counts

    days = span(period)
    on_time, judged = on_time_counts(unit=scope, start=days.start, end=days.end)
    return Measurement(
        value=share(on_time, judged),
        unit="%",
        period=period,
        detail_url=detail_url("reports:report_list"),
        query_id="reports.periodic_selectors.on_time_counts",
        numerator=on_time,
        denominator=judged,
    )


def sources() -> list[Source]:
    return [
        Source(
            key="reports.on_time_share",
            label=gettext_noop("Tỷ lệ báo cáo CCHC định kỳ ban hành đúng hạn"),
            unit="%",
            measure=_on_time,
            module="reports",
        )
    ]
