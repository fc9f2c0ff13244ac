"""Targets in the app: one rule (cchc.domain.target_status) on the task page, the overview, its Excel
export, the API and the leader's home; "not met" and "not yet due" no longer look the same."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
from django.urls import reverse

from cchc.apps.directives import selectors, services
from cchc.apps.directives.models import Target, Task
from cchc.apps.directives.services import TargetInput
from cchc.domain.target_status import TargetState
from cchc.domain.target_status import target_status as rule

TODAY = date.today()


def _fifteen(make_directive):
    """The reported case: 15 targets, one met; before, the other 14 all read "Chưa đạt". Each directive
    has two tasks (two units) with one target each: target value 100, at least."""
    # (deadline offset in days, measured value or None) of the first task's target; the second task's
    # target of each directive stays without a figure.
    plan = [
        (90, Decimal(100)),
        (-10, Decimal(80)),
        (400, Decimal(80)),
        (5, Decimal(80)),
        (60, None),
        (-30, None),
        (200, Decimal(10)),
        (300, Decimal(99)),
    ]
    made = []
    for i, (days, value) in enumerate(plan):
        d = make_directive(
            number=f"{i + 1}/KH-SVHTTDL",
            deadline=TODAY + timedelta(days=days),
            targets=[TargetInput(metric=f"chỉ tiêu {i + 1}", value=Decimal(100))],
        )
        first = d.tasks.order_by("id").first()
        target = first.targets.get()
        if value is not None:
            services.target_record_measurement(target_id=target.pk, value=value, measured_on=TODAY)
        made.append(target)
    targets = list(Target.objects.select_related("task__directive", "task__unit").order_by("id"))
    return targets[:15]


def test_the_fifteen_targets_get_the_state_of_the_one_rule(client, login, make_directive):
    targets = _fifteen(make_directive)
    Target.objects.exclude(pk__in=[t.pk for t in targets]).delete()
    login("giamdoc")
    response = client.get(reverse("directives:overview"))
    rows = response.context["target_rows"]
    assert len(rows) == 15
    by_task = {(r["task_url"], r["label"]): r["status"] for r in rows}
    for g in targets:
        due = g.task.due_on
        # The rule computed here from the stored fields, independently of selectors.target_status.
        expected = rule(
            value=g.measured_value,
            value_on=g.measured_on,
            target=g.value,
            direction=g.comparator,
            deadline=due,
            today=TODAY,
            at_risk_from=selectors._at_risk_from(due),
        ).state
        assert by_task[(reverse("directives:task_detail", args=[g.task_id]), g.metric)] == expected.value
    states = {r["status"] for r in rows}
    assert {"met", "missed", "not_due", "at_risk", "no_data"} <= states
    html = response.content.decode()
    assert "Chưa đạt" not in html
    for state, (label, _colour) in selectors.TARGET_STATE_LABELS.items():
        if state.value in states:
            assert f'data-state="{state.value}">{label}<' in html


def test_overview_filters_on_a_state_and_the_export_names_each_state(client, login, make_directive):
    _fifteen(make_directive)
    login("giamdoc")
    all_rows = client.get(reverse("directives:overview")).context["target_rows"]
    at_risk = [r for r in all_rows if r["status"] == "at_risk"]
    response = client.get(reverse("directives:overview") + "?state=at_risk")
    assert [r["task_url"] for r in response.context["target_rows"]] == [r["task_url"] for r in at_risk]
    assert client.get(reverse("directives:overview") + "?state=xyz").status_code == 200  # ignored
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("directives:overview") + "?export=xlsx").content)
    ).active
    header = [c.value for c in sheet[3]]
    assert header[-3:] == ["Hạn", "Đánh giá", "Dự báo đến hạn"]
    states = {sheet.cell(row=r, column=8).value for r in range(4, sheet.max_row + 1)}
    assert {"Đạt", "Không đạt", "Chưa đến hạn", "Chưa có số liệu", "Có nguy cơ không đạt"} <= states
    assert "Chưa đạt" not in states


def test_two_measurements_make_a_trend_projected_to_the_deadline(cast, make_directive, client, login):
    d = make_directive(
        deadline=TODAY + timedelta(days=100), targets=[TargetInput(metric="tỷ lệ", value=Decimal(90))]
    )
    task = d.tasks.order_by("id").first()
    target = task.targets.get()
    services.target_record_measurement(target_id=target.pk, value=40, measured_on=TODAY - timedelta(days=50))
    services.target_record_measurement(target_id=target.pk, value=60, measured_on=TODAY)
    target = Target.objects.select_related("task__directive").get(pk=target.pk)
    assert selectors.target_trends([target.pk])[target.pk] == [
        (TODAY - timedelta(days=50), Decimal("40.00")),
        (TODAY, Decimal("60.00")),
    ]
    # 40 → 60 in 50 days: +0,4 a day; at the deadline, 100 days on (task due_on may be moved to a
    # working day), 60 + 0,4 × days left.
    days_left = (task.due_on - TODAY).days
    st = selectors.target_status(target, today=TODAY)
    assert st.projected == Decimal(60) + Decimal("0.4") * days_left
    assert st.state is TargetState.ON_TRACK
    login("giamdoc")
    page = client.get(reverse("directives:task_detail", args=[task.pk])).content.decode()
    assert f'id="target-{target.pk}"' in page and 'data-state="on_track">Đúng tiến độ<' in page
    # The API gives the same state and projection.
    api = client.get("/api/directives/targets?limit=50").json()
    mine = next(r for r in api if r["id"] == target.pk)
    assert mine["state"] == "on_track" and Decimal(str(mine["projected"])) == st.projected
    assert mine["deadline"] == task.due_on.isoformat()
    bad = client.get("/api/directives/targets?state=chua-dat")
    assert bad.status_code == 400 and "Trạng thái chỉ tiêu không hợp lệ" in bad.json()["detail"]


def test_leader_home_lists_targets_at_risk_apart_from_not_yet_due(client, login, make_directive):
    targets = _fifteen(make_directive)
    rows = selectors.target_rows(targets, today=TODAY)
    at_risk = [r for r in rows if r.state in (TargetState.AT_RISK, TargetState.MISSED)]
    not_due = [r for r in rows if r.state in (TargetState.NOT_DUE, TargetState.NO_DATA)]
    assert at_risk and not_due
    login("giamdoc")
    html = client.get(reverse("home")).content.decode()
    assert "Chỉ tiêu có nguy cơ không đạt" in html
    for r in at_risk:
        link = reverse("directives:task_detail", args=[r.target.task_id]) + f"#target-{r.target.pk}"
        assert f'href="{link}"' in html
    for r in not_due:
        assert f"#target-{r.target.pk}" not in html
    assert f'href="{reverse("directives:overview")}?state=at_risk"' in html
    # A person without the overview does not get the card.
    login("chuyenvien.vh")
    assert "Chỉ tiêu có nguy cơ không đạt" not in client.get(reverse("home")).content.decode()


def test_a_target_of_a_task_without_due_date_uses_its_year(make_directive):
    d = make_directive()
    task = d.tasks.order_by("id").first()
    Task.objects.filter(pk=task.pk).update(due_on=None, deadline=None)
    target = Target.objects.select_related("task__directive").get(task=task)
    target.target_year = 2030
    assert selectors.target_deadline(target) == date(2030, 12, 31)
    target.target_year = None
    assert selectors.target_deadline(target) is None
    assert selectors.target_status(target, today=TODAY).state is TargetState.NO_DATA
