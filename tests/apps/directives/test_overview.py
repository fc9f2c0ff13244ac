"""Leader overview: what it shows equals a plain recount of the tasks, with a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.apps.directives import selectors
from cchc.apps.directives.models import Target, Task, TaskStatus
from cchc.apps.directives.services import TargetInput


def _mixed_tasks(make_directive, n: int, start: int = 0) -> None:
    """n directives × 2 units, with open, overdue, done on time and done late tasks, met and unmet targets."""
    today = date.today()
    for i in range(start, start + n):
        directive = make_directive(
            number=f"{i + 1}/SVHTTDL-VP",
            deadline=today + timedelta(days=(-20 if i % 2 else 40) + i),
            targets=[
                TargetInput(metric="tỷ lệ hồ sơ đúng hạn", value=Decimal(95)),
                TargetInput(metric="số TTHC cắt giảm", value=Decimal(3), comparator="<="),
            ],
        )
        for j, task in enumerate(directive.tasks.order_by("id")):
            if (i + j) % 3 == 0:
                late = j % 2 == 0
                Task.objects.filter(pk=task.pk).update(
                    status=TaskStatus.DONE,
                    progress=100,
                    completed_on=task.due_on + timedelta(days=2 if late else -1),
                )
            elif (i + j) % 3 == 1:
                Task.objects.filter(pk=task.pk).update(status=TaskStatus.IN_PROGRESS)
        for k, target in enumerate(Target.objects.filter(task__directive=directive).order_by("id")):
            if k % 3 == 0:
                Target.objects.filter(pk=target.pk).update(measured_value=target.value)


def test_overview_counts_and_colours_match_a_plain_recount(client, login, make_directive, units):
    _mixed_tasks(make_directive, 6)
    today = date.today()
    tasks = list(Task.objects.filter(is_template=False).select_related("unit"))
    login("giamdoc")
    response = client.get(reverse("directives:overview"))
    assert response.status_code == 200
    ctx = response.context
    assert ctx["counts"] == {
        "total": len(tasks),
        "done": sum(t.status == TaskStatus.DONE for t in tasks),
        "done_late": sum(t.on_time is False for t in tasks),
        "overdue": sum(t.is_overdue(today) for t in tasks),
    }
    late: dict[str, int] = {}
    for t in tasks:
        if t.is_overdue(today):
            late[t.unit.name] = late.get(t.unit.name, 0) + 1
    assert late and {r["unit__name"]: r["n"] for r in ctx["late_by_unit"]} == late
    # Every target of every directive, each with the colour target_status gives it, linked to its pages.
    targets = list(
        Target.objects.select_related("task__directive", "task__unit").order_by("task__directive_id")
    )
    assert len(ctx["target_rows"]) == len(targets) == 24
    expected = {
        (reverse("directives:task_detail", args=[g.task_id]), g.metric): selectors.target_status(
            g, today=today
        ).state.value
        for g in targets
    }
    assert {(r["task_url"], r["label"]): r["status"] for r in ctx["target_rows"]} == expected
    assert {r["status"] for r in ctx["target_rows"]} == {"met", "missed", "no_data"}
    html = response.content.decode()
    for g in targets:
        assert f'href="{reverse("directives:directive_detail", args=[g.task.directive_id])}"' in html
    overdue_ids = {t.pk for t in tasks if t.is_overdue(today)}
    assert {r["pk"] for r in ctx["overdue"]} == overdue_ids
    assert all(r["label"] == "Quá hạn" and r["colour"] == "red" for r in ctx["overdue"])
    assert {r["label"] for r in ctx["done"]} == {"Hoàn thành đúng hạn", "Hoàn thành trễ hạn"}


def test_overview_queries_do_not_grow_with_tasks_or_targets(client, login, make_directive):
    login("giamdoc")
    _mixed_tasks(make_directive, 2)
    client.get(reverse("directives:overview"))  # warm-up (session, content types)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("directives:overview"))
    _mixed_tasks(make_directive, 8, start=2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("directives:overview"))
    assert len(response.context["target_rows"]) == 40
    assert [q["sql"][:60] for q in many.captured_queries] == [q["sql"][:60] for q in few.captured_queries]


def test_overview_excel_lists_every_target(client, login, make_directive):
    import io

    import openpyxl

    _mixed_tasks(make_directive, 30)  # 120 targets: more than one page on screen, all of them in Excel
    login("giamdoc")
    response = client.get(reverse("directives:overview"))
    assert len(response.context["target_rows"]) == 50 and response.context["page"].paginator.count == 120
    xlsx = client.get(reverse("directives:overview") + "?export=xlsx").content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert sheet.max_row == 3 + 120
