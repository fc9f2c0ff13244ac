"""The organisation as a measured source (cchc.domain.measures): the share of assigned biên chế cut
since the baseline year of the staffing phase holding the period (standards.md §15, targets in
cchc.domain.staffing), read onto today's tree (merged units' quotas under their successor)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from cchc.domain.measures import Measurement, Source, share, span


def _reduction(scope: Any, period: str) -> Measurement:
    from cchc.apps.core.measures import detail_url

    from .staffing import reduction_share

    days = span(period)
    cut, baseline = reduction_share(unit=scope, year=days.year)
    return Measurement(
        value=share(cut, baseline),
        unit="%",
        period=period,
        detail_url=detail_url("org:staffing", year=days.year),
        query_id="org.staffing.reduction_share",
        numerator=cut,
        denominator=baseline,
    )


def sources() -> list[Source]:
    return [
        Source(
            key="org.staffing_reduction_share",
            label=gettext_noop("Tỷ lệ biên chế được giao đã tinh giản so với năm gốc của giai đoạn"),
            unit="%",
            measure=_reduction,
            module="org",
        )
    ]
