from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "cchc.apps.directives"
    label = "directives"
    verbose_name = _("Chỉ đạo và nhiệm vụ")
    nav_module = (_("Chỉ đạo, nhiệm vụ"), 10)
    nav_items = [
        (_("Nhiệm vụ của tôi"), "directives:my_tasks", "tasks.view", 10),
        (_("Văn bản chỉ đạo"), "directives:directive_list", "directives.view", 11),
        (_("Nhiệm vụ"), "directives:task_list", "tasks.view", 12),
        (_("Theo dõi chỉ tiêu"), "directives:overview", "dashboard.view", 13),
        (_("Kết quả đơn vị"), "directives:scorecard", "tasks.view", 14),
    ]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Directive, exclude_fields=["source_text", "parsed"])
        auditlog.register(models.Task, m2m_fields={"coordinating_units"})
        for model in (
            models.ProgressReport,
            models.Evidence,
            models.ExtensionRequest,
            models.Comment,
            models.Target,
        ):
            auditlog.register(model)
        auditlog.register(models.TargetSource, exclude_fields=["last_value", "last_synced_at"])

        from cchc.apps.core.calendar import calendar_changed

        calendar_changed.connect(_recompute_due_dates, dispatch_uid="directives-due-dates")
        _register_downloads()

        from cchc.apps.core.measures import register

        from .measures import sources

        register(*sources())

    def home_widget(self, user) -> list[dict] | None:
        from django.db.models import Count
        from django.urls import reverse
        from django.utils import timezone

        from cchc.apps.org.access import has_capability, is_organisation_wide, is_unit_manager
        from cchc.domain.numbers import format_number

        from . import selectors

        if not has_capability(user, "tasks.view"):
            return None
        today = timezone.localdate()
        mine = selectors.my_tasks(user=user, today=today)
        overdue = mine.filter(due_on__lt=today).count()
        cards = [
            {
                "title": _("Nhiệm vụ của tôi"),
                "value": mine.count(),
                "detail": _("%(n)s nhiệm vụ quá hạn") % {"n": format_number(overdue)}
                if overdue
                else _("Không có nhiệm vụ quá hạn"),
                "url": reverse("directives:my_tasks"),
            }
        ]
        if is_organisation_wide(user) or is_unit_manager(user):
            # Leaders and unit heads look at the tasks of everyone in their scope, not only their own:
            # the overdue ones and the units behind, each a link to its list.
            late = selectors.task_list(user=user, today=today, status="overdue")
            behind = late.values("unit_id", "unit__name").annotate(n=Count("id")).order_by("-n", "unit__name")
            base = reverse("directives:task_list")
            cards.append(
                {
                    "title": _("Nhiệm vụ quá hạn trong phạm vi theo dõi"),
                    "value": late.count(),
                    "detail": _("Đơn vị chậm tiến độ:") if behind else _("Không có đơn vị nào chậm tiến độ"),
                    "links": [
                        (
                            f"{row['unit__name']}: {format_number(row['n'])}",
                            f"{base}?unit={row['unit_id']}&status=overdue",
                        )
                        for row in behind[:8]
                    ],
                    "url": reverse("directives:overdue_list"),
                }
            )
        if has_capability(user, "directives.view") and (is_organisation_wide(user) or is_unit_manager(user)):
            cards.append(_targets_card(user, today))
        return cards


def _targets_card(user, today) -> dict:  # type: ignore[no-untyped-def]
    """Targets at risk (and missed) apart from those not yet due or without a figure, each a link to its
    row on its task's page; the card itself opens the overview filtered on "at risk"."""
    from django.urls import reverse

    from cchc.domain.numbers import format_number
    from cchc.domain.target_status import TargetState

    from . import selectors

    rows = selectors.target_rows(selectors.targets_in_scope(user=user), today=today)
    by_state: dict[TargetState, list] = {s: [] for s in TargetState}
    for r in rows:
        by_state[r.state].append(r)
    overview = reverse("directives:overview")
    task_url = reverse("directives:task_detail", args=[2147483647]).split("2147483647")
    worst = by_state[TargetState.MISSED] + by_state[TargetState.AT_RISK]
    counts = {s: format_number(len(by_state[s])) for s in TargetState}
    return {
        "title": _("Chỉ tiêu có nguy cơ không đạt"),
        "value": len(by_state[TargetState.AT_RISK]),
        "detail": _(
            "%(missed)s không đạt · %(on)s đúng tiến độ · %(met)s đạt · %(not_due)s chưa đến hạn · "
            "%(no_data)s chưa có số liệu"
        )
        % {
            "missed": counts[TargetState.MISSED],
            "on": counts[TargetState.ON_TRACK],
            "met": counts[TargetState.MET],
            "not_due": counts[TargetState.NOT_DUE],
            "no_data": counts[TargetState.NO_DATA],
        },
        "links": [
            (
                f"{r.label}: {str(r.target.text or r.target.metric)[:70]}",
                f"{task_url[0]}{r.target.task_id}{task_url[1]}#target-{r.target.pk}",
            )
            for r in worst[:8]
        ]
        + (
            [(_("Tất cả chỉ tiêu không đạt"), f"{overview}?state={TargetState.MISSED.value}")]
            if by_state[TargetState.MISSED]
            else []
        ),
        "url": f"{overview}?state={TargetState.AT_RISK.value}",
    }


def _recompute_due_dates(sender, *, day, **kwargs) -> None:
    from .services import tasks_recompute_due_dates

    tasks_recompute_due_dates(around=day)


def _register_downloads() -> None:
    """Letters, evidence and import drafts: downloadable only by those who may open their directive or
    task (the same scope as those pages), an import draft only by the person who uploaded it."""
    from django.db.models import Q

    from cchc.apps.core.downloads import StoredFile, register
    from cchc.apps.org.access import visible_units

    from . import models, selectors

    def directives(user):  # type: ignore[no-untyped-def]
        units = visible_units(user)
        tasks = selectors.task_queryset(user=user)
        return models.Directive.objects.filter(Q(unit__in=units) | Q(tasks__in=tasks)).distinct()

    def evidence(user):  # type: ignore[no-untyped-def]
        tasks = selectors.task_queryset(user=user)
        coordinated = Q(report__task__coordinating_units__in=visible_units(user))
        return models.Evidence.objects.filter(Q(report__task__in=tasks) | coordinated).distinct()

    register(
        StoredFile("van-ban-chi-dao", "directives.Directive", "source_file", "directives.view", directives),
        StoredFile(
            "minh-chung", "directives.Evidence", "file", "tasks.view", evidence, unit="report__task__unit",
            filename=lambda e: e.name or e.file.name,
        ),
        StoredFile(
            "van-ban-nhap", "directives.ImportDraft", "file", "directives.import",
            lambda user: models.ImportDraft.objects.filter(created_by=user), unit=None, owner="created_by",
            filename=lambda d: d.name,
        ),
    )  # fmt: skip
