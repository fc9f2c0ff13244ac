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


def sources() -> list[Source]:
    return [
        Source(key=key, label=str(label), unit="%", measure=_measure(key), module="procedures")
        for key, (_check, label) in CHECKS.items()
    ]
