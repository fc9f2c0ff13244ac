"""Reads of the disclosure register, scoped by role and unit (cchc.apps.org.access)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from cchc.apps.org.access import scope_queryset
from cchc.apps.org.models import Unit, User
from cchc.domain.finance import assets as ar
from cchc.domain.finance import autonomy as au
from cchc.domain.finance import disclosure as dr
from cchc.domain.measures import share

from .models import Asset, AutonomyRecord, Disclosure, ImportBatch


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


# --- autonomy ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AutonomyRow:
    record: AutonomyRecord
    group_label: str
    estimate: Decimal | None  # revenue ÷ spending (%)
    basis: Decimal | None  # the approved share, else the estimate
    consistent: str  # '' or why the group does not fit the share
    meets_target: bool | None
    band: au.Band | None


def autonomy_row(r: AutonomyRecord) -> AutonomyRow:
    rules = au.load_rules()
    estimate = au.estimated_share(r.revenue, r.spending)
    basis = r.share if r.share is not None else estimate
    return AutonomyRow(
        r, rules.groups[r.group].label if r.group in rules.groups else str(r.group), estimate, basis,
        au.check(r.group, basis, self_finances_investment=r.finances_investment) if basis is not None else "",
        au.meets_target(r.group, r.target_group), au.band(basis) if basis is not None and r.group == 3 else None,
    )  # fmt: skip


def autonomy_register(*, user: User, year: int) -> list[AutonomyRow]:
    qs = scope_queryset(user, AutonomyRecord.objects.filter(year=year)).select_related("unit")
    return [autonomy_row(r) for r in qs]


def autonomy_detail(*, user: User, pk: int) -> AutonomyRecord:
    return get_object_or_404(scope_queryset(user, AutonomyRecord.objects.select_related("unit")), pk=pk)


def autonomy_trend(*, record: AutonomyRecord) -> list[AutonomyRow]:
    """Every year of the record's unit (the trend chart), oldest first."""
    return [autonomy_row(r) for r in AutonomyRecord.objects.filter(unit=record.unit).order_by("year")]


def autonomy_target_share(*, unit: Unit | None, year: int) -> tuple[int, int, Decimal | None]:
    """(units at or above their target group, units with a target, share %) of a subtree (None: all)."""
    qs = AutonomyRecord.objects.filter(year=year, target_group__isnull=False)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    met = judged = 0
    for group, target in qs.values_list("group", "target_group"):
        judged += 1
        met += bool(au.meets_target(group, target))
    return met, judged, share(met, judged)


def self_financing_share(*, unit: Unit | None, year: int) -> tuple[int, int, Decimal | None]:
    """(units of nhóm 1 or 2 — tự bảo đảm chi thường xuyên —, units with an autonomy record, share %) of a
    subtree (None: every unit) for a year."""
    qs = AutonomyRecord.objects.filter(year=year)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    groups = list(qs.values_list("group", flat=True))
    selfish = sum(1 for g in groups if g in (1, 2))
    return selfish, len(groups), share(selfish, len(groups))


# --- public assets -----------------------------------------------------------------------------------------


def _state(a: Asset) -> ar.AssetState:
    return ar.AssetState(
        a.status, a.value, a.handling_form, a.progress, a.idle_since, a.handover_on, a.decided_on
    )


@dataclass(frozen=True)
class AssetRow:
    asset: Asset
    kind_label: str
    status_label: str
    handling_label: str
    progress_label: str
    pending: bool
    warnings: list[str]


def asset_row(a: Asset, today: date) -> AssetRow:
    rules = ar.load_rules()
    state = _state(a)
    return AssetRow(
        a, rules.kinds.get(a.kind, a.kind), rules.statuses.get(a.status, a.status),
        rules.handling.get(a.handling_form, a.handling_form), rules.progress.get(a.progress, a.progress),
        ar.needs_handling(state, rules), [gettext(msg) % values for msg, values in ar.warnings(state, today, rules)],
    )  # fmt: skip


def assets(
    *, user: User, unit_id: int | None = None, kind: str = "", pending: bool = False
) -> QuerySet[Asset]:
    qs = scope_queryset(user, Asset.objects.select_related("unit"))
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    if kind:
        qs = qs.filter(kind=kind)
    rows = qs
    if pending:
        rules = ar.load_rules()
        rows = qs.filter(Q(status__in=rules.surplus) | ~Q(handling_form="")).exclude(progress="da_xu_ly")
    return rows


def asset_detail(*, user: User, pk: int) -> Asset:
    return get_object_or_404(scope_queryset(user, Asset.objects.select_related("unit")), pk=pk)


@dataclass(frozen=True)
class UnitTotals:
    unit: Unit | None
    totals: ar.Totals


def asset_totals(qs: QuerySet[Asset]) -> list[UnitTotals]:
    """Totals per unit (count, value, surplus, handled, pending), then the total of all of them (unit None)."""
    by_unit: dict[int, list[Asset]] = {}
    units: dict[int, Unit] = {}
    for a in qs.select_related("unit"):
        by_unit.setdefault(a.unit_id, []).append(a)
        units[a.unit_id] = a.unit
    out = [UnitTotals(units[k], ar.totals(_state(a) for a in v)) for k, v in by_unit.items()]
    out.sort(key=lambda t: t.unit.path if t.unit else "")
    out.append(UnitTotals(None, ar.totals(_state(a) for a in qs)))
    return out


def surplus_handled_share(*, unit: Unit | None) -> tuple[int, int, Decimal | None]:
    """(surplus assets handled, surplus assets, share %) of a subtree (None: every unit) — the measured source."""
    qs = Asset.objects.all()
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    t = ar.totals(_state(a) for a in qs)
    return t.handled, t.handled + t.pending, t.handled_share


def batches(*, user: User, kind: str) -> QuerySet[ImportBatch]:
    return scope_queryset(user, ImportBatch.objects.filter(kind=kind).select_related("unit"))


def batch_detail(*, user: User, pk: int) -> ImportBatch:
    return get_object_or_404(scope_queryset(user, ImportBatch.objects.select_related("unit")), pk=pk)


def issued_documents(*, user: User) -> list[Any]:
    """Issued documents the user may see (newest first), offered as proof of publication."""
    from cchc.apps.documents.selectors import issued_documents as issued

    return list(issued(user=user)[:100])


def issued_document(*, user: User, pk: int | None) -> Any:
    """The issued document ``pk`` if the user may see it, else None."""
    if pk is None:
        return None
    from cchc.apps.documents.selectors import issued_documents as issued

    return issued(user=user).filter(pk=pk).first()
