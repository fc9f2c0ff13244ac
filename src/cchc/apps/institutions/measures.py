"""The legal-document review as a measured source: the share of the documents of the review rounds due in a
period that have been reviewed (have a finding on their effect)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from cchc.domain.measures import Measurement, Source, share, span


def _reviewed_share(scope: Any, period: str) -> Measurement:
    from .selectors import reviewed_counts

    days = span(period)
    reviewed, total = reviewed_counts(scope, days.start, days.end)
    return Measurement(
        value=share(reviewed, total),
        unit="%",
        period=period,
        detail_url="",
        query_id="institutions.selectors.reviewed_counts",
        numerator=reviewed,
        denominator=total,
    )


def sources() -> list[Source]:
    return [
        Source(
            key="institutions.reviewed_share",
            label=gettext_noop("Tỷ lệ văn bản quy phạm pháp luật đã được rà soát trong đợt"),
            unit="%",
            measure=_reviewed_share,
            module="institutions",
        )
    ]
