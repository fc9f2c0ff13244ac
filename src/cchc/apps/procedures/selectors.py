"""Reads: the scoped catalogue, plans and the portfolio of simplification targets.

Portfolio figures are computed by :func:`cchc.domain.procedures.plans.plan_summary` (aggregate rates,
Σ saving ÷ Σ before), never re-implemented here, so the dashboard, the API, the CLI and the figures
pushed to directive targets agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext

from cchc.apps.org.access import scope_queryset, visible_units
from cchc.apps.org.models import Unit, User
from cchc.domain.procedures.plans import PortfolioSummary, TargetCheck, Targets, plan_summary
from cchc.domain.target_status import COLOURS as STATE_COLOURS
from cchc.domain.target_status import LABELS as STATE_LABELS
from cchc.domain.target_status import TargetState, TargetStatus
from cchc.domain.target_status import target_status as compute_target_status

from .conversions import to_domain_plan
from .models import SOURCE_PREFIX, Procedure, SimplificationPlan, TargetKind
from .models import Status as ProcedureStatus

# Domain check keys (plans.plan_summary) per link kind.
CHECK_KEYS = {
    TargetKind.TIME_CUT: "time_cut",
    TargetKind.INTERNAL_TIME_CUT: "internal_time_cut",
    TargetKind.INTERNAL_COST_CUT: "internal_cost_cut",
    TargetKind.REVIEWED_SHARE: "review_share",
}

FILTERS = ("unit", "field", "level", "online_level", "internal", "status", "q")


def procedure_list(*, user: User, filters: dict[str, str] | None = None) -> QuerySet[Procedure]:
    qs = scope_queryset(user, Procedure.objects.select_related("unit"), unit_field="unit")
    f = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    if f.get("unit", "").isdigit():
        unit = Unit.objects.filter(pk=int(f["unit"])).first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    if f.get("field"):
        qs = qs.filter(field=f["field"])
    if f.get("level"):
        qs = qs.filter(level=f["level"])
    if f.get("online_level"):
        qs = qs.filter(online_level="" if f["online_level"] == "none" else f["online_level"])
    if f.get("internal") in ("1", "0"):
        qs = qs.filter(is_internal=f["internal"] == "1")
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    if f.get("q"):
        q = f["q"].strip()
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(code_as_published__icontains=q))
    return qs.order_by("unit__path", "field", "code")


def fields_for(*, user: User) -> list[str]:
    qs = scope_queryset(user, Procedure.objects.all(), unit_field="unit")
    return sorted({f for f in qs.values_list("field", flat=True) if f})


def units_with_procedures(*, user: User) -> QuerySet[Unit]:
    return visible_units(user).filter(procedures__isnull=False).distinct().order_by("path")


def one_stop_catalogue() -> list[tuple[str, str]]:
    """(code, handling unit's code) of every active procedure citizens file at the one-stop desk (not the
    internal ones), in code order — what the demo's synthetic dossiers are filed under."""
    qs = Procedure.objects.filter(is_internal=False, status=ProcedureStatus.ACTIVE).select_related("unit")
    return [(p.code, p.unit.code) for p in qs.order_by("code")]


def procedure_detail(*, user: User, pk: int) -> Procedure:
    """Raises Procedure.DoesNotExist when absent or outside the user's scope (same answer: 404)."""
    qs = scope_queryset(user, Procedure.objects.select_related("unit"), unit_field="unit")
    return qs.get(pk=pk)


def plan_years(*, user: User | None = None) -> list[int]:
    qs = SimplificationPlan.objects.all()
    if user is not None:
        qs = scope_queryset(user, qs, unit_field="procedure__unit")
    return sorted(set(qs.values_list("year", flat=True)), reverse=True)


def default_year(*, user: User | None = None) -> int:
    years = plan_years(user=user)
    return years[0] if years else timezone.localdate().year


def plans(*, user: User | None, year: int | None, root: Unit | None = None) -> QuerySet[SimplificationPlan]:
    qs = SimplificationPlan.objects.select_related("procedure__unit", "unit", "cost_parameter")
    if user is not None:
        qs = scope_queryset(user, qs, unit_field="procedure__unit")
    if root is not None:
        qs = qs.filter(procedure__unit__path__startswith=root.path)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("procedure__unit__path", "procedure__code")


def targets() -> Targets:
    """Thresholds: the value of the linked directive target where there is one, else the domain default
    (≥30 % time; internal −50 % time and cost; 100 % reviewed — the seed letter's figures)."""
    values = {kind: Decimal(target.value) for kind, target in linked_targets().items()}
    base = Targets()
    return Targets(
        time_cut_pct=values.get(TargetKind.TIME_CUT, base.time_cut_pct),
        internal_time_cut_pct=values.get(TargetKind.INTERNAL_TIME_CUT, base.internal_time_cut_pct),
        internal_cost_cut_pct=values.get(TargetKind.INTERNAL_COST_CUT, base.internal_cost_cut_pct),
        review_share_pct=values.get(TargetKind.REVIEWED_SHARE, base.review_share_pct),
    )


def _catalogue_size(qs: QuerySet[Procedure]) -> int:
    return qs.filter(status=ProcedureStatus.ACTIVE).count()


def department_summary(*, root: Unit | None, year: int | None) -> PortfolioSummary:
    """``root``'s subtree — the whole Sở, or one unit; everything when None — without a user's scope: the
    figures the registry of measured sources gives (procedures/measures.py)."""
    year = year or default_year()
    members = [to_domain_plan(p) for p in plans(user=None, year=year, root=root)]
    catalogue = Procedure.objects.all()
    if root is not None:
        catalogue = catalogue.filter(unit__path__startswith=root.path)
    return plan_summary(
        members, targets(), catalogue_size=_catalogue_size(catalogue), group=root.name if root else ""
    )


@dataclass(frozen=True)
class CheckRow:
    check: TargetCheck
    status: TargetStatus  # cchc.domain.target_status: met / on track / at risk / missed; not due apart
    target_label: str  # the directive target it serves, "" when not linked
    target_url: str

    @property
    def state(self) -> TargetState:
        return self.status.state

    @property
    def label(self) -> str:
        return gettext(STATE_LABELS[self.status.state])

    @property
    def colour(self) -> str:
        return STATE_COLOURS[self.status.state]


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    summary: PortfolioSummary
    checks: list[CheckRow]


@dataclass(frozen=True)
class Portfolio:
    year: int
    years: list[int]
    summary: PortfolioSummary
    checks: list[CheckRow]
    units: list[UnitRow]


def check_status(check: TargetCheck, *, year: int, today: date, deadline: date | None = None) -> TargetStatus:
    """Where a portfolio figure stands, by the one rule every target follows: the threshold must be reached
    (≥) by ``deadline`` — the linked directive target's, or else the end of the plan's year."""
    return compute_target_status(
        value=check.actual,
        target=check.threshold,
        direction=">=",
        deadline=deadline or date(year, 12, 31),
        today=today,
    )


def linked_targets() -> dict[str, Any]:
    """kind → the directive target its portfolio figure feeds (directives.TargetSource "procedures.<kind>")."""
    from cchc.apps.directives.selectors import source_links

    return {
        link.source.removeprefix(SOURCE_PREFIX): link.target
        for link in source_links(prefix=SOURCE_PREFIX)
        if link.source.removeprefix(SOURCE_PREFIX) in TargetKind.values
    }


def _rows(
    summary: PortfolioSummary, links: dict[str, Any], *, year: int, today: date | None = None
) -> list[CheckRow]:
    from cchc.apps.directives.selectors import target_deadline

    today = today or timezone.localdate()
    by_key = {v: k for k, v in CHECK_KEYS.items()}
    rows = []
    for check in summary.checks:
        target = links.get(by_key[check.key])
        label, url = "", ""
        deadline = None
        if target is not None:
            task = target.task
            label = f"{target} — {task.directive}"
            deadline = target_deadline(target)
            try:
                url = reverse("directives:task_detail", args=[task.pk])
            except NoReverseMatch:  # the directives app may not publish this page yet
                url = ""
        status = check_status(check, year=year, today=today, deadline=deadline)
        rows.append(CheckRow(check, status, label, url))
    return rows


def portfolio(*, user: User, year: int | None = None, today: date | None = None) -> Portfolio:
    """Department totals and one row per unit owning procedures, within the user's scope."""
    year = year or default_year(user=user)
    thresholds = targets()
    links = linked_targets()
    rows = list(plans(user=user, year=year))
    catalogue = scope_queryset(user, Procedure.objects.all(), unit_field="unit")
    sizes = dict(
        catalogue.filter(status=ProcedureStatus.ACTIVE)
        .values_list("unit")
        .annotate(n=Count("id"))
        .values_list("unit", "n")
    )
    summary = plan_summary([to_domain_plan(p) for p in rows], thresholds, catalogue_size=sum(sizes.values()))
    by_unit: dict[int, list[SimplificationPlan]] = {}
    for plan in rows:
        by_unit.setdefault(plan.procedure.unit_id, []).append(plan)
    units = []
    for unit in Unit.objects.filter(pk__in=set(sizes) | set(by_unit)).order_by("path", "order"):
        members = [to_domain_plan(p) for p in by_unit.get(unit.pk, [])]
        unit_summary = plan_summary(
            members, thresholds, catalogue_size=sizes.get(unit.pk, 0), group=unit.name
        )
        units.append(UnitRow(unit, unit_summary, _rows(unit_summary, {}, year=year, today=today)))
    return Portfolio(
        year, plan_years(user=user) or [year], summary, _rows(summary, links, year=year, today=today), units
    )


def linkable_targets(*, user: User | None) -> Any:
    """The directive targets ``user`` may link a portfolio figure to (their scope; all when None)."""
    from cchc.apps.directives.selectors import linkable_targets as targets_in_scope

    return targets_in_scope(user=user)
