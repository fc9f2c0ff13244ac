"""The evaluation period a page or an endpoint is asked about: "2026-Q1" (quarter) or "2026-03" (month)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core.params import BadParameter
from cchc.domain.people import evaluation as ev

PERIOD = re.compile(r"\d{4}-(Q[1-4]|0[1-9]|1[0-2])")


def current_period(kind: str | None = None) -> str:
    kind = kind or settings.PEOPLE_EVALUATION_PERIOD
    today = timezone.localdate()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}" if kind == "quarter" else f"{today:%Y-%m}"


def period_param(data: Mapping[str, Any], name: str = "period") -> str:
    """The period of the query string or form (the current one when absent); a bad one is a 400."""
    raw = str(data.get(name) or "").strip().upper()
    if not raw:
        return current_period()
    if not PERIOD.fullmatch(raw):
        raise BadParameter(_("Kỳ đánh giá phải có dạng 2026-Q1 (quý) hoặc 2026-03 (tháng)."))
    return raw


def periods_around(period: str) -> list[str]:
    """The periods offered in a period selector: the last two of the year before, then the year's."""
    year = int(period[:4])
    kind = "quarter" if "Q" in period else "month"
    return [*ev.periods_of(year - 1, kind)[-2:], *ev.periods_of(year, kind)]
