"""People as measured sources (cchc.domain.measures): the share of active staff trained in digital skills
(Kế hoạch 01-KH/BCĐTW: 80 % in 2025, 100 % in 2026) — the figure a directive's "100 % cán bộ được bồi dưỡng
kỹ năng số" target reads — and the share of the period's evaluated staff rated HTTNV or above."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from cchc.domain.measures import Measurement, Source, share, span


def _digital_skills(scope: Any, period: str) -> Measurement:
    from cchc.apps.core.measures import detail_url

    from .selectors import digital_skills_share

    days = span(period)
    result = digital_skills_share(unit=scope, year=days.year, on=days.end)
    return Measurement(
        value=result.value,
        unit="%",
        period=period,
        detail_url=detail_url("people:training", year=days.year),
        query_id="people.selectors.digital_skills_share",
        numerator=result.trained,
        denominator=result.staff,
    )


def _good_or_better(scope: Any, period: str) -> Measurement:
    from cchc.apps.core.measures import detail_url

    from .selectors import rated_counts

    good, rated = rated_counts(unit=scope, period=period)
    return Measurement(
        value=share(good, rated),
        unit="%",
        period=period,
        detail_url=detail_url("people:evaluation_list", period=period),
        query_id="people.selectors.rated_counts",
        numerator=good,
        denominator=rated,
    )


def sources() -> list[Source]:
    return [
        Source(
            key="people.digital_skills_share",
            label=gettext_noop("Tỷ lệ cán bộ, công chức, viên chức được bồi dưỡng kỹ năng số"),
            unit="%",
            measure=_digital_skills,
            module="people",
        ),
        Source(
            key="people.good_rating_share",
            label=gettext_noop("Tỷ lệ công chức được xếp loại hoàn thành tốt nhiệm vụ trở lên"),
            unit="%",
            measure=_good_or_better,
            module="people",
        ),
    ]
