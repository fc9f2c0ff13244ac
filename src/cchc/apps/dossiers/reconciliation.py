"""Read side of the reconciliation with the national portal: the imports a user may see, the portal's
scores of a unit × period beside cchc's, every gap explained (:mod:`cchc.domain.reconcile766`).

cchc's figures come from the scorecard's public functions (:func:`selectors.unit_cards`,
:func:`selectors.dossier_lines`), read as the scorecard page reads them: the default judging (open
dossiers judged at the period end, cut-off now) and, for the cut-off kind, the same with the other options.
The views check the capability and the units before calling these.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.analytics.indicators import DRILL_INDICATORS
from cchc.analytics.periods import JudgeOpen, midnight, parse_period
from cchc.apps.org.access import scope_queryset
from cchc.apps.org.models import Unit, User
from cchc.domain.portal766 import PortalRow, PortalSheet
from cchc.domain.reconcile766 import DossierFact, LocalCard, Reconciliation, Variant, reconcile

from . import selectors
from .models import PortalImport, PortalScore
from .storage import working_calendar


def portal_imports(*, user: User) -> QuerySet[PortalImport]:
    """The imports whose unit lies in the user's scope, newest first."""
    return scope_queryset(user, PortalImport.objects.select_related("unit", "user"), "unit")


def _row(s: PortalScore) -> PortalRow:
    return PortalRow(
        s.where, s.unit_code, s.unit_name, s.period, s.level, s.group, s.indicator,  # type: ignore[arg-type]
        float(s.score), None if s.numerator is None else float(s.numerator),
        None if s.denominator is None else float(s.denominator), s.dossiers,
    )  # fmt: skip


@dataclass
class PortalEntry:
    """One unit × period of an import: the portal's sheet and, once compared, cchc's total."""

    unit: Unit | None
    period: str
    sheet: PortalSheet
    local_total: float | None = None

    @property
    def portal_total(self) -> float | None:
        if self.sheet.total is not None:
            return self.sheet.total
        return round(sum(self.sheet.groups.values()), 2) if self.sheet.groups else None

    @property
    def gap(self) -> float | None:
        if self.portal_total is None or self.local_total is None:
            return None
        return round(self.portal_total - self.local_total, 2)


def entries(imp: PortalImport) -> list[PortalEntry]:
    """The unit × period sheets of an import, matched units first (by the tree), then the unmatched."""
    found: dict[tuple[Any, str], PortalEntry] = {}
    for s in imp.scores.select_related("unit").order_by("id"):
        key = (s.unit_id if s.unit_id else f"?{s.unit_code or s.unit_name}", s.period)
        if key not in found:
            found[key] = PortalEntry(s.unit, s.period, PortalSheet(s.unit_code, s.unit_name, s.period))
        found[key].sheet.add(_row(s))
    return sorted(
        found.values(),
        key=lambda e: (e.unit is None, e.unit.path if e.unit else e.sheet.unit_code, e.period),
    )


def with_local_totals(*, user: User | None, items: list[PortalEntry]) -> list[PortalEntry]:
    """cchc's total beside each matched entry, as the scorecard page shows it: the units without
    sub-units of one period from one scorecard of every unit (``per_unit``), a unit with sub-units (the Sở)
    from its own card (its whole subtree)."""
    parents = set(Unit.objects.filter(parent__isnull=False).values_list("parent_id", flat=True))
    by_period: dict[str, list[PortalEntry]] = defaultdict(list)
    for e in items:
        if e.unit is not None:
            by_period[e.period].append(e)
    for period, group in by_period.items():
        leaves = [e for e in group if e.unit is not None and e.unit.pk not in parents]
        if leaves:
            cards = selectors.unit_cards(user=user, period=period, per_unit=True)
            totals = {c.unit.pk: c.total for c in cards if c.unit is not None}
            for e in leaves:
                e.local_total = totals.get(e.unit.pk, 0.0) if e.unit is not None else None
        for e in group:
            if e.unit is not None and e.unit.pk in parents:
                own = selectors.unit_cards(user=user, period=period, unit=e.unit, per_unit=False)
                e.local_total = own[0].total if own else 0.0
    return items


def entry(imp: PortalImport, unit: Unit, period: str) -> PortalEntry | None:
    return next(
        (e for e in entries(imp) if e.unit is not None and e.unit.pk == unit.pk and e.period == period), None
    )


def _variants(*, user: User, unit: Unit, period: str, exported_on: date | None) -> list[Variant]:
    """cchc's card under the other judging options (kind c): open dossiers judged as of the portal's
    export date, as of today, and the cut-off moved to the export date when it falls inside the period."""
    p = parse_period(period)
    today = timezone.localdate()
    options: list[tuple[str, str, datetime, JudgeOpen]] = []
    if exported_on is not None:
        at = midnight(exported_on + timedelta(days=1))  # the export day included (parse_as_of)
        label = _("hồ sơ chưa xong đánh giá tại ngày Cổng xuất số liệu (%(d)s)") % {
            "d": f"{exported_on:%d/%m/%Y}"
        }
        options.append(("as_of_export", label, at, "as_of"))
        if exported_on < p.last_day:
            label = _("mốc đánh giá đến hết ngày Cổng xuất số liệu (%(d)s)") % {
                "d": f"{exported_on:%d/%m/%Y}"
            }
            options.append(("cutoff_export", label, at, "period_end"))
    if exported_on != today:
        label = _("hồ sơ chưa xong đánh giá tại hôm nay (%(d)s)") % {"d": f"{today:%d/%m/%Y}"}
        options.append(("as_of_today", label, midnight(today + timedelta(days=1)), "as_of"))
    out = []
    for key, label, at, how in options:
        cards = selectors.unit_cards(
            user=user, period=period, unit=unit, per_unit=False, as_of=at, judge_open=how
        )
        if cards:
            out.append(Variant(key, label, cards[0].card))
    return out


def _facts(*, user: User, unit: Unit, period: str) -> Any:
    def facts(indicator: str) -> list[DossierFact]:
        if indicator not in DRILL_INDICATORS:
            return []
        lines = selectors.dossier_lines(
            user=user, unit=unit, period=period, indicator=indicator, subset="denominator"
        )
        out = []
        for ln in lines:
            r = ln.row
            meets = r.meets if r.meets is not None else r.on_time
            out.append(
                DossierFact(
                    r.dossier_code, r.unit, r.received_at, bool(meets), r.due_at, r.end_at, r.finished,
                    r.supplement_count, r.fields.get("synced"), r.fields.get("paid_online"),
                )
            )  # fmt: skip
        return out

    return facts


def reconciliation(*, user: User, imp: PortalImport, unit: Unit, period: str) -> Reconciliation | None:
    """The portal's scores of ``unit`` × ``period`` in ``imp`` beside cchc's, every gap explained."""
    found = entry(imp, unit, period)
    if found is None:
        return None
    cards = selectors.unit_cards(user=user, period=period, unit=unit, per_unit=False)
    if cards:
        local = LocalCard(cards[0].card, int(cards[0].counts.get("received", 0)))
    else:
        from cchc.domain.index766 import score

        local = LocalCard(score({}), 0)  # no dossier of the unit in the period
    return reconcile(
        found.sheet,
        local,
        variants=_variants(user=user, unit=unit, period=period, exported_on=imp.exported_on),
        facts=_facts(user=user, unit=unit, period=period),
        calendar=working_calendar(),
        period_last_day=parse_period(period).last_day,
    )


def unmatched(imp: PortalImport) -> list[tuple[str, str, int]]:
    """(code, name, scores) of the file's units no unit of the import's subtree matched."""
    counted: dict[tuple[str, str], int] = defaultdict(int)
    for code, name in imp.scores.filter(unit=None).values_list("unit_code", "unit_name"):
        counted[(code, name)] += 1
    return [(c, n, k) for (c, n), k in counted.items()]
