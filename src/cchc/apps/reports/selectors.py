"""What the director's overview reads: the figures of every registered measured source (cchc.apps.core.measures)
over a unit and a period, the directive targets with their one ``target_status`` and the late tasks by unit —
all through the registry and the directives app's selectors, never another app's tables."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils.translation import gettext, gettext_noop

from cchc.apps.core import measures
from cchc.apps.org.access import check_unit, is_admin, is_organisation_wide, visible_units
from cchc.domain.errors import UserError
from cchc.domain.measures import Measurement, Source
from cchc.domain.reports.trend import Projection, TrendPeriod, direction, project, trend_periods
from cchc.domain.target_status import TargetState, TargetStatus
from cchc.domain.target_status import target_status as compute_target_status

from . import measure_cache

if TYPE_CHECKING:
    from cchc.apps.org.models import Unit, User

# The registry's key prefix → the heading its figures are shown under (a prefix not listed shows its module).
GROUPS = {
    "documents": gettext_noop("Văn bản điện tử, chữ ký số"),
    "tasks": gettext_noop("Thực hiện nhiệm vụ"),
    "procedures": gettext_noop("Đơn giản hóa thủ tục hành chính"),
    "index766": gettext_noop("Bộ chỉ số phục vụ người dân, doanh nghiệp (QĐ 766)"),
    "people": gettext_noop("Cán bộ, đào tạo, đánh giá"),
}


@dataclass(frozen=True)
class Figure:
    source: Source
    measurement: Measurement


def default_scope(user: User) -> Unit | None:
    """The unit the figures are measured over when none is chosen: the whole organisation for an
    organisation-wide role (None for the administrator), the user's own unit otherwise."""
    if is_admin(user):
        return None
    if user.unit is None:
        raise PermissionDenied("Tài khoản chưa thuộc đơn vị nào.")
    return user.unit.root() if is_organisation_wide(user) else user.unit


def chosen_scope(user: User, unit_id: int | None) -> Unit | None:
    if not unit_id:
        return default_scope(user)
    from cchc.apps.org.selectors import unit_or_404

    unit = unit_or_404(unit_id)
    check_unit(user, unit)  # a unit outside the user's scope: 403
    return unit


def period_choices(today: date) -> list[tuple[str, str]]:
    """This year, its quarters so far and last year: the periods the page offers."""
    year = today.year
    out = [(str(year), gettext("Năm %(year)s") % {"year": year})]
    out += [
        (f"{year}-Q{q}", gettext("Quý %(q)s/%(year)s") % {"q": q, "year": year})
        for q in range(1, (today.month - 1) // 3 + 2)
    ]
    out.append((str(year - 1), gettext("Năm %(year)s") % {"year": year - 1}))
    return out


def figures(scope: Unit | None, period: str) -> dict[str, list[Figure]]:
    """Every registered source measured over ``scope`` in ``period``, grouped by the key's first part. A source
    whose measurement refuses this scope or period (a Vietnamese UserError) is left out, not shown as 0."""
    grouped: dict[str, list[Figure]] = {}
    for source in measures.sources():
        try:
            m = measure_cache.measure(source.key, scope, period)
        except UserError:
            continue
        grouped.setdefault(source.key.split(".", 1)[0], []).append(Figure(source, m))
    return grouped


def group_title(prefix: str) -> str:
    """The heading of a group: listed above, else the owning app's name (its verbose_name), else the prefix."""
    if prefix in GROUPS:
        return gettext(GROUPS[prefix])
    for config in apps.get_app_configs():
        if config.label == prefix:
            return str(config.verbose_name)
    return prefix


def directive_targets(*, user: User, unit: Unit | None, today: date, limit: int = 300) -> list[Any]:
    """The targets of the directives in scope with their state (cchc.domain.target_status through the
    directives app), restricted to ``unit`` and the units under it when one is chosen."""
    if not apps.is_installed("cchc.apps.directives"):
        return []
    from cchc.apps.directives import selectors as directives

    targets = directives.targets_in_scope(user=user)
    if unit is not None:
        targets = targets.filter(task__unit__path__startswith=unit.path)
    return directives.target_rows(targets[:limit], today=today)


def late_by_unit(*, user: User, unit: Unit | None, today: date) -> list[dict[str, Any]]:
    """Open tasks past their deadline, counted per unit (largest first), from the directives app's own list."""
    if not apps.is_installed("cchc.apps.directives"):
        return []
    from cchc.apps.directives import selectors as directives

    tasks = directives.task_list(user=user, today=today, status="overdue")
    if unit is not None:
        tasks = tasks.filter(unit__path__startswith=unit.path)
    # Counted in the database, grouped on (unit, status) so the overdue range of the status index is read.
    counts: Counter[int] = Counter()
    for row in tasks.select_related(None).values("unit_id", "status").annotate(n=Count("id")).order_by():
        counts[row["unit_id"]] += row["n"]
    names = dict(visible_units(user).filter(pk__in=counts).values_list("pk", "name"))
    rows = [{"unit_id": u, "name": names.get(u, ""), "n": n} for u, n in counts.items()]
    return sorted(rows, key=lambda r: (-r["n"], r["name"]))


# --- the director's screen: targets with their trend and projection, the key figures -----------------------

TREND_QUARTERS = 4  # the quarters a target's or a figure's trend is drawn over


@dataclass(frozen=True)
class TrendValue:
    period: TrendPeriod
    value: Decimal | None
    url: str  # the rows behind this period's value ("" when the source has no page)


@dataclass(frozen=True)
class TargetRow:
    target: Any  # directives.Target (task and directive selected)
    status: TargetStatus
    value: Decimal | None  # the live value: the linked source's figure, else the recorded measurement
    value_url: str  # the rows behind the value (the source's page, else the task)
    source_key: str  # "" when the target is filled by hand
    trend: list[TrendValue]  # the linked source per quarter, else the recorded measurements
    projection: Projection
    direction: str

    @property
    def state(self) -> TargetState:
        return self.status.state

    @property
    def label(self) -> str:
        return gettext(STATE_LABELS[self.status.state][0])

    @property
    def css(self) -> str:
        return STATE_LABELS[self.status.state][1]


# The four judged states (and the two "not yet" ones, shown apart) with a label and a pattern class: the
# state is read from its word and the pattern, never from colour alone.
STATE_LABELS: dict[TargetState, tuple[str, str]] = {
    TargetState.MET: (gettext_noop("Đạt"), "st-met"),
    TargetState.ON_TRACK: (gettext_noop("Đúng tiến độ"), "st-on-track"),
    TargetState.AT_RISK: (gettext_noop("Có nguy cơ không đạt"), "st-at-risk"),
    TargetState.MISSED: (gettext_noop("Không đạt"), "st-missed"),
    TargetState.NOT_DUE: (gettext_noop("Chưa đến hạn"), "st-not-due"),
    TargetState.NO_DATA: (gettext_noop("Chưa có số liệu"), "st-no-data"),
}


@dataclass(frozen=True)
class DirectiveBlock:
    directive: Any
    rows: list[TargetRow]

    def count(self, state: str) -> int:
        return sum(1 for r in self.rows if r.state == state)


def _measured(key: str, scope: Any, period: str) -> Measurement | None:
    try:
        return measure_cache.measure(key, scope, period)
    except UserError:
        return None


def source_trend(key: str, scope: Any, today: date, count: int = TREND_QUARTERS) -> list[TrendValue]:
    """The figure of ``key`` over ``scope`` in each of the ``count`` reporting quarters (§8 windows) up to
    today."""
    out = []
    for p in trend_periods(today, count):
        m = _measured(key, scope, p.window)
        out.append(TrendValue(p, None if m is None else m.value, "" if m is None else m.detail_url))
    return out


def _linked_row(target: Any, link: Any, today: date, deadline: date | None, start: date | None) -> TargetRow:
    period = link.period or str(today.year)
    m = _measured(link.source, link.unit, period)
    value = None if m is None else m.value
    trend = source_trend(link.source, link.unit, today)
    # The trend's quarters and today's figure are the observations of both the projection and the state.
    earlier = [(t.period.day, t.value) for t in trend if t.value is not None and t.period.day < today]
    points = [*earlier, (today, value)] if value is not None else earlier
    status = compute_target_status(
        value=value,
        value_on=today,
        target=target.value,
        direction=target.comparator,
        deadline=deadline,
        today=today,
        start=start,
        trend=earlier,
    )
    return TargetRow(
        target,
        status,
        value,
        (m.detail_url if m is not None else "") or _task_url(target),
        link.source,
        trend,
        project(points, deadline=deadline, today=today),
        direction([t.value for t in trend]),
    )


def _task_url(target: Any) -> str:
    from django.urls import reverse

    return reverse("directives:task_detail", args=[target.task_id])


def target_board(*, user: User, unit: Unit | None, today: date, limit: int = 300) -> list[DirectiveBlock]:
    """Every directive with targets in scope, each target as value vs target with its trend, the projection
    to the deadline drawn from that trend and its ``target_status``. A target fed by a measured source
    (directives.TargetSource) is read live from the registry, per quarter for its trend; one filled by hand
    shows its recorded measurements (the audit trail)."""
    if not apps.is_installed("cchc.apps.directives"):
        return []
    from cchc.apps.directives import selectors as directives

    targets = directives.targets_in_scope(user=user)
    if unit is not None:
        targets = targets.filter(task__unit__path__startswith=unit.path)
    chosen = list(targets[:limit])
    ids = {t.pk for t in chosen}
    links: dict[int, Any] = {}
    for link in directives.source_links():
        if link.target_id in ids:
            links.setdefault(link.target_id, link)
    recorded = directives.target_trends(t.pk for t in chosen if t.pk not in links)
    blocks: dict[int, DirectiveBlock] = {}
    for t in chosen:
        deadline = directives.target_deadline(t)
        if t.pk in links:
            row = _linked_row(t, links[t.pk], today, deadline, directives.target_start(t))
        else:
            history = recorded.get(t.pk, [])
            status = directives.target_status(t, today=today, trend=history)
            points = [*history]
            if t.measured_value is not None:
                points.append((t.measured_on or today, t.measured_value))
            trend = [TrendValue(TrendPeriod("", d, d, d), v, "") for d, v in sorted(points)[-TREND_QUARTERS:]]
            row = TargetRow(
                t,
                status,
                t.measured_value,
                _task_url(t),
                "",
                trend,
                project(points, deadline=deadline, today=today),
                direction([v for _d, v in sorted(points)]),
            )
        directive = t.task.directive
        key = directive.pk if directive is not None else 0
        blocks.setdefault(key, DirectiveBlock(directive, [])).rows.append(row)
    return list(blocks.values())


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str  # msgid (translated in the template)
    measurement: Measurement | None
    goal: Decimal | None = None
    trend: list[TrendValue] | None = None

    @property
    def value(self) -> Decimal | None:
        return None if self.measurement is None else self.measurement.value

    @property
    def met(self) -> bool | None:
        if self.goal is None or self.value is None:
            return None
        return self.value >= self.goal


def _source_label(key: str) -> str:
    try:
        return measures.source(key).label
    except UserError:
        return key


def key_figure(
    key: str, scope: Any, period: str, today: date, *, goal: Decimal | None = None
) -> KeyFigure | None:
    """One source's figure over the period with its quarterly trend; None when the source is not registered
    (its module is absent)."""
    if key not in {s.key for s in measures.sources()}:
        return None
    return KeyFigure(
        key, _source_label(key), _measured(key, scope, period), goal, source_trend(key, scope, today)
    )


# The simplification checks shown against their goals (NQ 66/NQ-CP: −30 % TTHC time; −50 % internal).
SIMPLIFICATION = ("procedures.time_cut", "procedures.internal_time_cut", "procedures.internal_cost_cut")


def simplification(scope: Any, period: str) -> list[KeyFigure]:
    """The procedures module's cuts against their goals (empty when the module is absent)."""
    from cchc.domain.procedures.plans import Targets

    goals = Targets()
    goal_of = {
        "procedures.time_cut": goals.time_cut_pct,
        "procedures.internal_time_cut": goals.internal_time_cut_pct,
        "procedures.internal_cost_cut": goals.internal_cost_cut_pct,
    }
    known = {s.key for s in measures.sources()}
    return [
        KeyFigure(key, _source_label(key), _measured(key, scope, period), goal_of[key])
        for key in SIMPLIFICATION
        if key in known
    ]


@dataclass(frozen=True)
class ScorePoint:
    label: str  # "03/2026"
    total: float
    url: str  # that month's scorecard of the unit shown


def scorecard_trend(scope: Unit | None, year: int) -> list[ScorePoint]:
    """The 766 total of ``scope`` per month of ``year`` (the dossiers app's own monthly cards)."""
    if not apps.is_installed("cchc.apps.dossiers"):
        return []

    def compute() -> list[ScorePoint]:
        from urllib.parse import urlencode

        from django.urls import reverse

        from cchc.apps.dossiers import selectors as dossiers
        from cchc.apps.dossiers.forms import vn_period_label

        try:
            cards = dossiers.trend(user=None, unit=scope, period=str(year))  # type: ignore[arg-type]
        except UserError:
            return []
        base = reverse("dossiers:scorecard")
        unit = scope.pk if scope is not None else ""
        return [
            ScorePoint(
                vn_period_label(c.period),
                round(float(c.total), 2),
                f"{base}?{urlencode({'period': vn_period_label(c.period), 'unit': unit})}",
            )
            for c in cards
        ]

    return measure_cache.kept(
        f"score766:{'all' if scope is None else scope.pk}:{year}", compute, apps=("dossiers",)
    )


@dataclass(frozen=True)
class ParStatus:
    year: int
    organisation: str
    state: str  # the workflow step's label
    points: Decimal
    maximum: Decimal
    index: Decimal | None
    percent: Decimal
    url: str


def par_status(scope: Unit | None, year: int) -> ParStatus | None:
    """This year's PAR self-assessment of the scope's organisation: its step and self-score (None when the
    assessment module is absent, the scope is everything, or no assessment was opened this year)."""
    if scope is None or not apps.is_installed("cchc.apps.assessment"):
        return None
    organisation = scope.root()

    def compute() -> ParStatus | None:
        from django.urls import reverse

        from cchc.apps.assessment import selectors as assessment
        from cchc.domain.assessment import workflow

        found = assessment.year_assessments(year=year, organisation=organisation.code)
        if not found:
            return None
        a = found[0]
        score = assessment.self_score(a)
        return ParStatus(
            year,
            a.organisation.name,
            workflow.STATES.get(a.state, a.state),
            score.points,
            score.self_max,
            score.index,
            score.percent,
            reverse("assessment:year", args=[year]),
        )

    return measure_cache.kept(f"par:{organisation.pk}:{year}", compute, apps=("assessment",))
