"""The documents KPI as a measured source (cchc.domain.measures): the share of non-secret outgoing documents
issued in the period that were issued electronically with a digital signature (selectors.e_signature_kpi)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop

from cchc.domain.measures import Measurement, Source, span


def _e_signed_share(scope: Any, period: str) -> Measurement:
    from cchc.apps.core.measures import detail_url

    from .selectors import e_signature_kpi

    days = span(period)
    _rows, total = e_signature_kpi(user=None, start=days.start, end=days.end, unit=scope)
    return Measurement(
        value=None if total.share is None else Decimal(str(total.share)),  # the KPI page's own figure
        unit="%",
        period=period,
        detail_url=detail_url("documents:kpi", year=days.year),
        query_id="documents.selectors.e_signature_kpi",
        numerator=total.electronic_signed,
        denominator=total.issued,
    )


def sources() -> list[Source]:
    return [
        Source(
            key="documents.e_signed_share",
            label=gettext_noop("Tỷ lệ văn bản đi phát hành điện tử có ký số"),
            unit="%",
            measure=_e_signed_share,
            module="documents",
        )
    ]
