"""Read-only queries for directives and tasks, always through the user's scope (cchc.apps.org.access)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cchc.apps.core.calendar import memoised
from cchc.apps.core.selectors import audit_changes
from cchc.apps.org.access import check_unit, is_unit_manager, scope_for, scope_queryset, visible_units
from cchc.apps.org.models import Unit, User
from cchc.apps.org.selectors import history_owners, predecessor_ids
from cchc.domain.target_status import COLOURS as STATE_COLOURS
from cchc.domain.target_status import LABELS as STATE_LABELS
from cchc.domain.target_status import TargetState, TargetStatus
from cchc.domain.target_status import target_status as compute_target_status

from .models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Directive,
    Evidence,
    ReportDecision,
    Target,
    TargetSource,
    Task,
    TaskStatus,
)

AT_RISK_WORKING_DAYS = 10  # a target not met this close to its task's due date is shown red


def task_queryset(*, user: User) -> QuerySet[Task]:
    """Tasks in the user's scope. Recurring templates are left out: people work on their instances.

    The scope is resolved to unit ids first (a Sở has tens of units), so the filter is ``unit_id IN (…)`` on
    an index instead of a join on the unit path for each of 100 000 tasks.
    """
    qs = Task.objects.filter(is_template=False)
    if not scope_for(user).everything:
        unit_ids = list(visible_units(user).values_list("id", flat=True))
        # An organisation-wide role in a one-Sở installation sees every unit: no filter at all, so the
        # planner can walk the list-order index instead of sorting the user's whole subset.
        if len(unit_ids) < Unit.objects.count():
            qs = qs.filter(unit_id__in=unit_ids)
    return qs.select_related("unit", "assignee", "directive")


def task_list(
    *,
    user: User,
    today: date,
    unit_id: int | None = None,
    status: str = "",
    directive_id: int | None = None,
    assignee_id: int | None = None,
    query: str = "",
    mapped: bool = True,
) -> QuerySet[Task]:
    """``status`` is a stored status or one of the derived ones: "overdue", "done_late", "open". Neither
    overdue nor open counts a cancelled task (it is shown with status "cancelled").

    ``mapped`` (default): a unit's tasks include those of the units whose history it carries on today's
    tree (two merged phòng's tasks under the new one, docs/org-history.md); False: as it was."""
    qs = task_queryset(user=user)
    if unit_id:
        qs = qs.filter(unit_id__in=[unit_id, *(predecessor_ids(unit_id) if mapped else ())])
    if directive_id:
        qs = qs.filter(directive_id=directive_id)
    if assignee_id:
        qs = qs.filter(assignee_id=assignee_id)
    if status == "overdue":
        qs = qs.exclude(status__in=CLOSED_STATUSES).filter(due_on__lt=today)
    elif status == "done_late":
        qs = qs.filter(status=TaskStatus.DONE, completed_on__gt=F("due_on"))
    elif status == "open":
        qs = qs.exclude(status__in=CLOSED_STATUSES)
    elif status in TaskStatus.values:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(Q(summary__icontains=query) | Q(directive__number__icontains=query))
    return qs.order_by("due_sort", "id")


def my_tasks(*, user: User, today: date) -> QuerySet[Task]:
    """Tasks assigned to me; for a unit head also the unit's tasks nobody has been given yet."""
    cond = Q(assignee=user)
    if is_unit_manager(user):
        cond |= Q(unit_id=user.unit_id, assignee__isnull=True)
    return (
        task_queryset(user=user).filter(cond).exclude(status__in=CLOSED_STATUSES).order_by("due_sort", "id")
    )


def task_detail(*, user: User, pk: int) -> Task:
    task = get_object_or_404(Task.objects.select_related("unit", "assignee", "directive", "parent"), pk=pk)
    coordinating = list(task.coordinating_units.all())
    scope = scope_for(user)
    if not (
        scope.everything or any(u.path.startswith(scope.unit_path or "") for u in [task.unit, *coordinating])
    ):
        check_unit(user, task.unit)
    return task


def directive_list(*, user: User, query: str = "") -> QuerySet[Directive]:
    scope = scope_for(user)
    qs = Directive.objects.select_related("unit")
    if scope.unit_path is not None:  # not everything
        in_scope = Task.objects.filter(directive=OuterRef("pk"), unit__path__startswith=scope.unit_path)
        qs = qs.filter(Q(unit__path__startswith=scope.unit_path) | Exists(in_scope))
    if query:
        qs = qs.filter(Q(number__icontains=query) | Q(subject__icontains=query))
    return qs.annotate(
        task_count=Count(
            "tasks", filter=Q(tasks__is_template=False) & ~Q(tasks__status=TaskStatus.CANCELLED)
        ),
        done_count=Count("tasks", filter=Q(tasks__status=TaskStatus.DONE)),
    ).order_by(F("issued_on").desc(nulls_last=True), "-id")


def directive_detail(*, user: User, pk: int) -> tuple[Directive, QuerySet[Task]]:
    directive = get_object_or_404(Directive.objects.select_related("unit", "created_by"), pk=pk)
    tasks = (
        scope_queryset(user, directive.tasks.all())
        .select_related("unit", "assignee")
        .prefetch_related("coordinating_units", "targets")
        .order_by("id")
    )
    if not tasks.exists():
        check_unit(user, directive.unit)
    return directive, tasks


def assignable_users(*, task: Task) -> QuerySet[User]:
    # Shown in Vietnamese order by the form (org.forms.sort_people_field).
    return User.objects.filter(unit__path__startswith=task.unit.path, is_active=True)


def _at_risk_from(deadline: date) -> date:
    # Cached with the calendar (core.calendar.memoised): an edited day gives a new limit at once.
    return memoised(
        ("at-risk-from", deadline), lambda cal: cal.subtract_working_days(deadline, AT_RISK_WORKING_DAYS)
    )


# The label and badge colour of each state, on every page and in every export (labels through gettext).
# (the one table of cchc.domain.target_status, the label translated when shown)
TARGET_STATE_LABELS: dict[TargetState, tuple[Any, str]] = {
    state: (_(STATE_LABELS[state]), STATE_COLOURS[state]) for state in TargetState
}


def target_deadline(target: Target) -> date | None:
    """The task's due date, or else the last day of the target's year ("đến năm 2030")."""
    if target.task.due_on:
        return target.task.due_on
    return date(target.target_year, 12, 31) if target.target_year else None


def target_start(target: Target) -> date | None:
    """When the work on a target began: the directive's date, or else the day its task was created."""
    if target.task.directive_id and target.task.directive.issued_on:
        return target.task.directive.issued_on
    created = target.task.created_at
    return timezone.localdate(created) if created else None


def target_trends(target_ids: Iterable[int]) -> dict[int, list[tuple[date, Decimal]]]:
    """Earlier measured values of each target, read from the audit trail (every measurement is a save of
    ``measured_value`` through services.target_record_measurement, logged by auditlog): one query."""
    ids = [int(i) for i in target_ids]
    out: dict[int, list[tuple[date, Decimal]]] = {i: [] for i in ids}
    if not ids:
        return out
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Target), object_id__in=ids
    ).order_by("timestamp", "id")
    for object_id, timestamp, changes in entries.values_list("object_id", "timestamp", "changes"):
        change = (changes or {}).get("measured_value") if isinstance(changes, dict) else None
        if not change or change[-1] in (None, "None", ""):
            continue
        try:
            value = Decimal(str(change[-1]))
        except ArithmeticError:
            continue
        on = (changes.get("measured_on") or [None])[-1]
        try:
            day = date.fromisoformat(on) if on and on != "None" else timezone.localdate(timestamp)
        except ValueError:
            day = timezone.localdate(timestamp)
        out.setdefault(int(object_id), []).append((day, value))
    return out


def target_status(
    target: Target, *, today: date, trend: list[tuple[date, Decimal]] | None = None
) -> TargetStatus:
    """The one rule of cchc.domain.target_status applied to a stored target; ``trend`` (from
    :func:`target_trends`) is read here when not given."""
    if trend is None:
        trend = target_trends([target.pk]).get(target.pk, []) if target.pk else []
    deadline = target_deadline(target)
    return compute_target_status(
        value=target.measured_value,
        value_on=target.measured_on,
        target=target.value,
        direction=target.comparator,
        deadline=deadline,
        today=today,
        start=target_start(target),
        trend=trend,
        at_risk_from=_at_risk_from(deadline) if deadline else None,
    )


def task_state(task: Task, *, today: date) -> tuple[str, str]:
    """(label, colour) of a task as a person reads it, with quá hạn / đúng hạn / trễ hạn derived."""
    if task.status == TaskStatus.CANCELLED:
        return gettext("Đã hủy"), ""
    if task.status == TaskStatus.DONE:
        if task.on_time is not False:
            return gettext("Hoàn thành đúng hạn"), "green"
        return gettext("Hoàn thành trễ hạn"), "amber"
    if task.is_overdue(today):
        return gettext("Quá hạn"), "red"
    return str(task.get_status_display()), "amber" if task.status == TaskStatus.PENDING else ""


@dataclass
class ScoreRow:
    unit: Unit
    due: int
    done_on_time: int
    done_late: int
    overdue_now: int


def unit_scorecard(*, user: User, start: date, end: date, today: date, mapped: bool = True) -> list[ScoreRow]:
    """Per unit: tasks due in [start, end], of which done on time / late, and open overdue ones now.

    ``mapped`` (default): the counts of a unit that ended (merged, split with its history named) are added
    to the unit carrying its history today and it has no row of its own; False: as it was."""
    # A cancelled task is neither due nor overdue: it leaves every count.
    cancelled = Q(tasks__status=TaskStatus.CANCELLED)
    in_period = (
        Q(tasks__due_on__gte=start, tasks__due_on__lte=end)
        & (Q(tasks__recurrence="") | Q(tasks__parent__isnull=False))
        & ~cancelled
    )
    done = Q(tasks__status=TaskStatus.DONE)
    units = (
        visible_units(user)
        .annotate(
            due=Count("tasks", filter=in_period),
            on_time=Count("tasks", filter=in_period & done & Q(tasks__completed_on__lte=F("tasks__due_on"))),
            late=Count("tasks", filter=in_period & done & Q(tasks__completed_on__gt=F("tasks__due_on"))),
            overdue=Count(
                "tasks", filter=~done & ~cancelled & Q(tasks__due_on__lt=today, tasks__is_template=False)
            ),
        )
        .order_by("path")
    )
    rows = [ScoreRow(u, u.due, u.on_time, u.late, u.overdue) for u in units if u.due or u.overdue]
    return _folded(rows, history_owners()) if mapped else rows


def _folded(rows: list[ScoreRow], owners: dict[int, int]) -> list[ScoreRow]:
    """Rows of historical units added to the unit carrying their history (when it is in the list)."""
    if not owners:
        return rows
    by_unit = {r.unit.pk: r for r in rows}
    missing = {owners[r.unit.pk] for r in rows if r.unit.pk in owners} - set(by_unit)
    for unit in Unit.objects.filter(pk__in=missing):
        by_unit[unit.pk] = ScoreRow(unit, 0, 0, 0, 0)
    for old, new in owners.items():
        if old in by_unit and new in by_unit:
            src, dst = by_unit.pop(old), by_unit[new]
            dst.due, dst.done_on_time = dst.due + src.due, dst.done_on_time + src.done_on_time
            dst.done_late, dst.overdue_now = dst.done_late + src.done_late, dst.overdue_now + src.overdue_now
    return sorted(by_unit.values(), key=lambda r: r.unit.path)


@dataclass(frozen=True)
class Timeliness:
    due: int  # tasks due in the period (instances of recurring tasks, not their templates)
    on_time: int  # of which done by their due date
    late: int  # done after it
    overdue: int  # not done and past their due date today


def _tasks_due(unit: Unit | None, start: date, end: date) -> QuerySet[Task]:
    """Tasks due in [start, end] in ``unit``'s subtree (None: every unit): occurrences of recurring tasks, not
    their templates; cancelled ones left out."""
    qs = (
        Task.objects.filter(due_on__gte=start, due_on__lte=end)
        .filter(Q(recurrence="") | Q(parent__isnull=False))
        .exclude(status=TaskStatus.CANCELLED)
    )
    return qs if unit is None else qs.filter(unit__path__startswith=unit.path)


def _timeliness_counts(today: date) -> dict[str, Count]:
    """The aggregates of :class:`Timeliness` (due, on time, late, overdue today)."""
    done = Q(status=TaskStatus.DONE)
    return {
        "due": Count("id"),
        "on_time": Count("id", filter=done & Q(completed_on__lte=F("due_on"))),
        "late": Count("id", filter=done & Q(completed_on__gt=F("due_on"))),
        "overdue": Count("id", filter=~done & Q(due_on__lt=today)),
    }


def task_timeliness(*, unit: Unit | None, start: date, end: date, today: date) -> Timeliness:
    """The counts of :func:`unit_scorecard` over ``unit``'s subtree (None: every unit), without a user's
    scope — the measured sources directives/measures.py gives; ``overdue`` counts the period's tasks only."""
    counts = _tasks_due(unit, start, end).aggregate(**_timeliness_counts(today))
    return Timeliness(counts["due"], counts["on_time"], counts["late"], counts["overdue"])


# What the overview's rows (and task_state / target_status) read; everything else stays deferred.
SHORT_TASK_FIELDS = ("id", "number", "summary", "status", "due_on", "completed_on", "unit__abbreviation")
TARGET_FIELDS = (
    "id",
    "task_id",
    "metric",
    "comparator",
    "value",
    "unit",
    "text",
    "measured_value",
    "measured_on",
    "target_year",
    "task__id",
    "task__created_at",
    "task__number",
    "task__summary",
    "task__status",
    "task__due_on",
    "task__directive__id",
    "task__directive__number",
    "task__directive__issued_on",
    "task__unit__abbreviation",
    "task__unit__name",
)


@dataclass
class OverviewTarget:
    target: Target
    status: TargetStatus

    @property
    def state(self) -> TargetState:
        return self.status.state

    @property
    def label(self) -> str:
        return str(TARGET_STATE_LABELS[self.status.state][0])

    @property
    def colour(self) -> str:
        return TARGET_STATE_LABELS[self.status.state][1]


def targets_in_scope(*, user: User) -> QuerySet[Target]:
    """Every target of a (non-template) task in the user's scope, in directive and task order."""
    # Only the columns the pages and the Excel export show: a directive's letter text can be long.
    return (
        scope_queryset(
            user,
            # A cancelled task's targets are no longer pursued: they leave the overview and its counts.
            Target.objects.filter(task__is_template=False).exclude(task__status=TaskStatus.CANCELLED),
            unit_field="task__unit",
        )
        .select_related("task__directive", "task__unit")
        .only(*TARGET_FIELDS)
        .order_by("task__directive_id", "task_id", "id")
    )


def leader_overview(*, user: User, today: date) -> dict[str, Any]:
    """Every target of every directive in scope with its colour, and open overdue tasks counted by unit."""
    tasks = task_queryset(user=user)
    targets = targets_in_scope(user=user)
    # Separate counts, each answered from an index, are faster than one aggregate scanning every row.
    open_statuses = list(OPEN_STATUSES)
    base = tasks.select_related(None).exclude(status=TaskStatus.CANCELLED)
    overdue = base.filter(status__in=open_statuses, due_on__lt=today)
    # Overdue tasks by unit, grouped on (unit, status): grouping on unit_id alone lets SQLite pick the
    # (unit, is_template, due_sort) index for its order and look up all 100 000 rows (≈ 250 ms); with the
    # status in the key it reads only the overdue range of the covering (status, due_on, …, unit) index.
    by_unit: dict[int, int] = {}
    for row in overdue.values("unit_id", "status").annotate(n=Count("id")).order_by():
        by_unit[row["unit_id"]] = by_unit.get(row["unit_id"], 0) + row["n"]
    counts = {
        "total": base.count(),
        "done": base.filter(status=TaskStatus.DONE).count(),
        "done_late": base.filter(status=TaskStatus.DONE, completed_on__gt=F("due_on")).count(),
        "overdue": sum(by_unit.values()),
    }
    late_by_unit = [{"unit_id": u, "n": n} for u, n in by_unit.items()]
    overdue_tasks = overdue.select_related("unit").only(*SHORT_TASK_FIELDS).order_by("due_sort", "id")[:50]
    recent_done = (
        base.filter(status=TaskStatus.DONE)
        .select_related("unit")
        .only(*SHORT_TASK_FIELDS)
        .order_by("-completed_on", "-id")[:20]
    )
    return {
        "targets": targets,
        "late_by_unit": _with_unit_names(late_by_unit),
        "counts": counts,
        "overdue_tasks": list(overdue_tasks),
        "recent_done": list(recent_done),
    }


def target_rows(targets, *, today: date) -> list[OverviewTarget]:
    targets = list(targets)
    trends = target_trends(t.pk for t in targets)
    return [OverviewTarget(t, target_status(t, today=today, trend=trends[t.pk])) for t in targets]


def _with_unit_names(rows: list[dict]) -> list[dict]:
    # Grouping on unit_id alone (no join) keeps the count on the (status, due_on) index; names are few.
    names = dict(Unit.objects.filter(pk__in=[r["unit_id"] for r in rows]).values_list("pk", "name"))
    out = [{**r, "unit__name": names.get(r["unit_id"], "")} for r in rows]
    return sorted(out, key=lambda r: (-r["n"], r["unit__name"]))


def task_with_history(*, task: Task) -> dict[str, object]:
    return {
        "reports": task.reports.select_related("author", "decided_by").prefetch_related(Prefetch("evidence")),
        "extensions": task.extensions.select_related("requested_by", "decided_by"),
        "comments": task.comments.select_related("author"),
        "targets": task.targets.all(),
        "coordinating": task.coordinating_units.all(),
    }


def unread_notifications(*, user: User) -> QuerySet:
    return user.notifications.filter(read_at__isnull=True).select_related("task")


def pending_report_author_id(task: Task) -> int | None:
    """Who submitted the final report now waiting for a decision (they may not decide on it)."""
    return (
        task.reports.filter(decision=ReportDecision.PENDING)
        .order_by("-created_at")
        .values_list("author_id", flat=True)
        .first()
    )


def same_letter(*, number: str, issuer: str, issued_on: date | None, text: str) -> Directive | None:
    """A directive already imported that is this letter: the same number, issuer and date, or the same text.
    Looked up in the whole organisation (a second copy is a duplicate whoever imported the first)."""
    from cchc.domain.directives.normalize import fold

    number = (number or "").strip()
    if number and issued_on:
        for d in Directive.objects.filter(number__iexact=number, issued_on=issued_on).order_by("id"):
            if not issuer or not d.issuer or fold(d.issuer) == fold(issuer):
                return d
    if text and text.strip():
        return Directive.objects.filter(source_text=text).order_by("id").first()
    return None


# --- targets fed by measured sources ---------------------------------------------------------------------


def linkable_targets(*, user: User | None) -> QuerySet[Target]:
    """The targets ``user`` may feed from a measured source (those of tasks in their scope; all for the
    CLI and the demo loader, ``user`` None)."""
    qs = Target.objects.select_related("task__directive", "task__unit")
    return qs if user is None else scope_queryset(user, qs, unit_field="task__unit")


def source_links(*, prefix: str = "") -> list[TargetSource]:
    """The links from measured sources (keys starting with ``prefix``) to targets, with their task and letter."""
    return list(
        TargetSource.objects.filter(source__startswith=prefix)
        .select_related("target__task__directive", "target__task__unit", "unit")
        .order_by("source", "id")
    )


@dataclass(frozen=True)
class WorkItem:
    """One task a person was given, as the evaluation of people reads it (cchc.apps.people)."""

    task_id: int
    assignee_id: int
    unit_id: int
    label: str  # "1036/SVHTTDL-VP · 2.1: summary"
    due_on: date | None
    completed_on: date | None
    done: bool
    returned: int  # final reports the approver returned (failed quality assessments)

    @property
    def late(self) -> bool:
        return (
            self.done
            and self.due_on is not None
            and self.completed_on is not None
            and self.completed_on > self.due_on
        )


def work_items(*, assignee_ids: list[int], start: date, end: date) -> list[WorkItem]:
    """The tasks assigned to these people that belong to the period [start, end]: due in it, or without a
    due date and completed in it. No user scope: the caller (people's selectors) decides who may see whose
    evaluation."""
    qs = (
        Task.objects.filter(is_template=False, assignee_id__in=assignee_ids)
        .exclude(status=TaskStatus.CANCELLED)  # a cancelled task is nobody's work to evaluate
        .filter(
            Q(due_on__gte=start, due_on__lte=end)
            | Q(due_on__isnull=True, completed_on__gte=start, completed_on__lte=end)
        )
        .select_related("directive")
        .annotate(returned=Count("reports", filter=Q(reports__decision=ReportDecision.RETURNED)))
        .order_by("due_sort", "id")
    )
    items = []
    for t in qs:
        head = f"{t.directive.number} · {t.number}" if t.directive.number else t.number
        items.append(
            WorkItem(
                task_id=t.pk,
                assignee_id=t.assignee_id or 0,
                unit_id=t.unit_id,
                label=f"{head}: {t.summary}" if head else t.summary,
                due_on=t.due_on,
                completed_on=t.completed_on,
                done=t.status == TaskStatus.DONE,
                returned=t.returned,  # type: ignore[attr-defined]
            )
        )
    return items


# --- the task's history of changes (audit trail) -----------------------------------------------------------

# Derived or bookkeeping columns: their change is told by another line of the same entry.
_HIDDEN_CHANGES = {
    "due_sort",
    "is_template",
    "status_before_cancel",
    "cancelled_with",
    "cancelled_at",
    "cancelled_by",
    "task",
    "id",
    "text",
}


@dataclass(frozen=True)
class HistoryEntry:
    """One change of a task or of one of its targets, as the task page lists it."""

    when: Any  # datetime, shown dd/mm/yyyy HH:MM in Asia/Ho_Chi_Minh
    who: str
    what: str
    changes: list  # core.selectors.AuditChange


def task_history(*, task: Task, limit: int = 100) -> list[HistoryEntry]:
    """The audit trail of ``task`` and its targets (a removed target's too), newest first: who changed
    what, from which value to which."""
    task_ct = ContentType.objects.get_for_model(Task)
    target_ct = ContentType.objects.get_for_model(Target)
    target_ids = [str(pk) for pk in task.targets.values_list("pk", flat=True)]
    entries = (
        LogEntry.objects.filter(
            Q(content_type=task_ct, object_pk=str(task.pk))
            | Q(content_type=target_ct) & (Q(object_pk__in=target_ids) | Q(additional_data__task_id=task.pk))
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-id")[:limit]
    )
    out: list[HistoryEntry] = []
    for e in entries:
        is_task = e.content_type_id == task_ct.pk
        who = str(e.actor) if e.actor is not None else gettext("Hệ thống")
        if e.action == LogEntry.Action.CREATE:
            what = (
                gettext("Nhiệm vụ được tạo")
                if is_task
                else gettext("Thêm chỉ tiêu: %(g)s") % {"g": e.object_repr}
            )
            out.append(HistoryEntry(e.timestamp, who, what, []))
            continue
        if e.action == LogEntry.Action.DELETE:
            what = (
                gettext("Xóa nhiệm vụ") if is_task else gettext("Bỏ chỉ tiêu: %(g)s") % {"g": e.object_repr}
            )
            out.append(HistoryEntry(e.timestamp, who, what, []))
            continue
        if e.action != LogEntry.Action.UPDATE:
            continue
        changes = e.changes_dict
        if isinstance(changes, dict):
            changes = {k: v for k, v in changes.items() if k not in _HIDDEN_CHANGES}
            if not changes:
                continue
            e.changes = changes  # in memory only: the lines a person reads
        what = gettext("Sửa nhiệm vụ") if is_task else gettext("Sửa chỉ tiêu: %(g)s") % {"g": e.object_repr}
        out.append(HistoryEntry(e.timestamp, who, what, audit_changes(e)))
    return out


def task_evidence(*, user: User, query: str = "") -> QuerySet[Evidence]:
    """Evidence files of progress reports on tasks in the user's scope, newest first (the PAR evidence
    library offers them)."""
    qs = Evidence.objects.select_related("report__task__unit").filter(
        report__task__in=task_queryset(user=user)
    )
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(report__task__summary__icontains=query))
    return qs.order_by("-report__created_at", "-pk")


def tasks_by_directive(*, unit: Unit | None, start: date, end: date, today: date) -> list[dict[str, Any]]:
    """Per directive, the counts of :func:`task_timeliness` (``on_time`` as ``done_on_time``: a Task attribute
    has that name) — the list "Nhiệm vụ theo văn bản chỉ đạo" of the periodic CCHC report."""
    counts = _timeliness_counts(today)
    counts["done_on_time"] = counts.pop("on_time")
    rows = (
        _tasks_due(unit, start, end)
        .values("directive_id", "directive__number", "directive__subject")
        .annotate(**counts)
        .order_by("directive__number", "directive_id")
    )
    return [dict(r) for r in rows]
