"""Reads of the disclosure register, scoped by role and unit (cchc.apps.org.access)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from cchc.apps.org.access import scope_queryset
from cchc.apps.org.models import Unit, User
from cchc.domain.finance import disclosure as dr

from .models import Disclosure


@dataclass(frozen=True)
class Row:
    disclosure: Disclosure
    label: str
    period_label: str
    status: dr.Status
    status_label: str
    form_label: str


def _rows(qs: QuerySet[Disclosure], today: date) -> list[Row]:
    rules = dr.load_rules()
    out = []
    for d in qs.select_related("unit"):
        duty = rules.duties.get(d.duty)
        s = dr.status(d.due_date, d.published_on, today, remind_days_before=rules.remind_days_before)
        out.append(
            Row(
                d, duty.label if duty else d.duty, gettext(dr.PERIODS[d.period][0]) if d.period in dr.PERIODS else "",
                s, gettext(dr.STATUS_LABELS[s]), rules.forms[d.form].label if d.form in rules.forms else "",
            )
        )  # fmt: skip
    return out


def register(*, user: User, year: int, today: date | None = None) -> list[Row]:
    qs = scope_queryset(user, Disclosure.objects.filter(year=year))
    return _rows(qs, today or timezone.localdate())


def late_or_missing(*, user: User, year: int, today: date | None = None) -> list[Row]:
    """The disclosures of the year published late or overdue and not published, for the leader."""
    return [
        r
        for r in register(user=user, year=year, today=today)
        if r.status in (dr.Status.OVERDUE, dr.Status.LATE)
    ]


def disclosure_detail(*, user: User, pk: int) -> Disclosure:
    return get_object_or_404(scope_queryset(user, Disclosure.objects.select_related("unit")), pk=pk)


def unit_rows(*, unit: Unit | None, year: int, today: date) -> list[Row]:
    """Unscoped rows of a unit's subtree (None: every unit) — for measured sources and the CLI."""
    qs = Disclosure.objects.filter(year=year)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return _rows(qs, today)


def on_time_share(*, unit: Unit | None, year: int, today: date) -> tuple[int, int, Decimal | None]:
    return dr.on_time_share(r.status for r in unit_rows(unit=unit, year=year, today=today))
