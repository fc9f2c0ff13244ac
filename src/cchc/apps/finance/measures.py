"""Finance as measured sources (cchc.domain.measures): the share of the year's judged budget disclosures
(published, or past their due date) that were published on time (TT 61/2017/TT-BTC Điều 6); the share of
public-service units at or above the autonomy group their directive targets and of those that finance their
recurrent spending (nhóm 1, 2 — NĐ 60/2021; the sample PAR criterion 6.3 reads it); the share of surplus
public assets whose handling is finished (§11)."""

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


def _autonomy(scope: Any, period: str) -> Measurement:
    from cchc.apps.core.measures import detail_url

    from .selectors import autonomy_target_share

    days = span(period)
    met, judged, value = autonomy_target_share(unit=scope, year=days.year)
    return Measurement(
        value=value, unit="%", period=period, detail_url=detail_url("finance:autonomy", year=days.year),
        query_id="finance.selectors.autonomy_target_share", numerator=met, denominator=judged,
    )  # fmt: skip


def _self_financing(scope: Any, period: str) -> Measurement:
    from cchc.apps.core.measures import detail_url

    from .selectors import self_financing_share

    days = span(period)
    n, total, value = self_financing_share(unit=scope, year=days.year)
    return Measurement(
        value=value, unit="%", period=period, detail_url=detail_url("finance:autonomy", year=days.year),
        query_id="finance.selectors.self_financing_share", numerator=n, denominator=total,
    )  # fmt: skip


def _assets(scope: Any, period: str) -> Measurement:
    from cchc.apps.core.measures import detail_url

    from .selectors import surplus_handled_share

    handled, surplus, value = surplus_handled_share(unit=scope)
    return Measurement(
        value=value, unit="%", period=period, detail_url=detail_url("finance:assets"),
        query_id="finance.selectors.surplus_handled_share", numerator=handled, denominator=surplus,
    )  # fmt: skip


def sources() -> list[Source]:
    return [
        Source(
            key="finance.disclosure_on_time_share",
            label=gettext_noop("Tỷ lệ nghĩa vụ công khai ngân sách được công khai đúng hạn"),
            unit="%",
            measure=_on_time,
            module="finance",
        ),
        Source(
            key="finance.autonomy_target_share",
            label=gettext_noop("Tỷ lệ đơn vị sự nghiệp đạt nhóm tự chủ tài chính theo chỉ tiêu"),
            unit="%",
            measure=_autonomy,
            module="finance",
        ),
        Source(
            key="finance.autonomy_self_financing_share",
            label=gettext_noop("Tỷ lệ đơn vị sự nghiệp công lập tự bảo đảm chi thường xuyên (nhóm 1, 2)"),
            unit="%",
            measure=_self_financing,
            module="finance",
        ),
        Source(
            key="finance.surplus_assets_handled_share",
            label=gettext_noop("Tỷ lệ tài sản công dôi dư đã xử lý xong"),
            unit="%",
            measure=_assets,
            module="finance",
        ),
    ]
