"""Finance as measured sources (cchc.domain.measures): the share of the year's judged budget disclosures
(published, or past their due date) that were published on time (TT 61/2017/TT-BTC Điều 6)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from cchc.domain.measures import Measurement, Source, span


def _on_time(scope: Any, period: str) -> Measurement:
    from django.utils import timezone

    from cchc.apps.core.measures import detail_url

    from .selectors import on_time_share

    days = span(period)
    today = min(days.end, timezone.localdate())
    ok, judged, value = on_time_share(unit=scope, year=days.year, today=today)
    return Measurement(
        value=value,
        unit="%",
        period=period,
        detail_url=detail_url("finance:register", year=days.year),
        query_id="finance.selectors.on_time_share",
        numerator=ok,
        denominator=judged,
    )


def sources() -> list[Source]:
    return [
        Source(
            key="finance.disclosure_on_time_share",
            label=gettext_noop("Tỷ lệ nghĩa vụ công khai ngân sách được công khai đúng hạn"),
            unit="%",
            measure=_on_time,
            module="finance",
        )
    ]
