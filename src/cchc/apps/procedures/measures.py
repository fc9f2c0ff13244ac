"""The simplification portfolio's figures as measured sources (cchc.domain.measures): the time cut of
procedures, the internal procedures' time and cost cut and the share reviewed, over a unit's subtree and the
plans of the period's year (plans are yearly)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from cchc.domain.measures import Measurement, Source, span

# source key → the portfolio check it reads (domain.procedures.plans: plan_summary's checks)
CHECKS = {
    "procedures.time_cut": ("time_cut", _("Cắt giảm thời gian giải quyết TTHC")),
    "procedures.internal_time_cut": ("internal_time_cut", _("Cắt giảm thời gian TTHC nội bộ")),
    "procedures.internal_cost_cut": ("internal_cost_cut", _("Cắt giảm chi phí TTHC nội bộ")),
    "procedures.reviewed_share": ("review_share", _("Tỷ lệ TTHC được rà soát")),
}


def _measure(key: str) -> Any:
    check_key = CHECKS[key][0]

    def measure(scope: Any, period: str) -> Measurement:
        from cchc.apps.core.measures import detail_url

        from .selectors import department_summary

        year = span(period).year
        summary = department_summary(root=scope, year=year)
        check = next(c for c in summary.checks if c.key == check_key)
        return Measurement(
            value=check.actual,
            unit="%",
            period=period,
            detail_url=detail_url("procedures:dashboard", year=year),
            query_id=f"procedures.selectors.department_summary#{check_key}",
        )

    return measure


# Cost by channel (channels.py): the year's social cost of the dossiers received and what the online share
# saved, in đồng, over the dossiers of a unit's subtree whose procedure has a compliance-cost record.
CHANNEL_SOURCES = {
    "procedures.channel_social_cost": ("social_cost", _("Chi phí xã hội của hồ sơ TTHC (theo kênh)")),
    "procedures.online_saving": ("online_saving", _("Chi phí tiết kiệm nhờ nộp hồ sơ trực tuyến")),
}


def _channel_measure(key: str) -> Any:
    figure = CHANNEL_SOURCES[key][0]

    def measure(scope: Any, period: str) -> Measurement:
        from decimal import Decimal

        from cchc.apps.core.measures import detail_url, shared
        from cchc.apps.dossiers.forms import vn_period_label

        from .channels import channel_report

        report = shared(
            ("procedures.channel_report", None if scope is None else scope.pk, period),
            lambda: channel_report(user=None, period=period, unit=scope),
        )
        summary = report.summary
        has = summary is not None and summary.with_cost > 0
        return Measurement(
            value=Decimal(getattr(summary, figure)) if has else None,
            unit="đồng",
            period=period,
            detail_url=detail_url(
                "dossiers:channel_costs",
                period=vn_period_label(period),
                unit=None if scope is None else scope.pk,
            ),
            query_id=f"procedures.channels.channel_report#{figure}",
        )

    return measure


def sources() -> list[Source]:
    return [
        Source(key=key, label=str(label), unit="%", measure=_measure(key), module="procedures")
        for key, (_check, label) in CHECKS.items()
    ] + [
        Source(key=key, label=str(label), unit="đồng", measure=_channel_measure(key), module="procedures")
        for key, (_figure, label) in CHANNEL_SOURCES.items()
    ]
