"""The director's overview: every figure equals its module's own measurement recomputed here, the targets carry
the one target_status, late tasks are counted per unit, and the page is scoped to the user's unit."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cchc.apps.core import measures
from cchc.apps.core.templatetags.vn_numbers import pct
from cchc.apps.directives import services
from cchc.apps.directives.models import Target, Task, TaskStatus
from cchc.apps.directives.services import DirectiveInput, TargetInput, TaskInput

URL = "/bao-cao/tong-quan/"


@pytest.fixture
def directive(cast, units):
    today = timezone.localdate()
    d = services.directive_create(
        user=cast["vanphong"],
        directive=DirectiveInput(
            subject="V/v thử nghiệm", unit=units["VP"], number="77/SVHTTDL-VP", issued_on=today
        ),
        tasks=[
            TaskInput(
                summary="Rà soát TTHC",
                number="1",
                units=[units["QLVH"], units["QLDL"]],
                coordinating=[units["VP"]],
                deadline=today + timedelta(days=30),
                targets=[TargetInput(metric="tỷ lệ hồ sơ đúng hạn", value=Decimal(95))],
            ),
        ],
    )
    # One task of Phòng Quản lý Du lịch overdue, one of Văn hóa done on time (both due this year).
    dl = d.tasks.get(unit=units["QLDL"])
    Task.objects.filter(pk=dl.pk).update(due_on=max(date(today.year, 1, 1), today - timedelta(days=3)))
    vh = d.tasks.get(unit=units["QLVH"])
    Task.objects.filter(pk=vh.pk).update(
        status=TaskStatus.DONE, completed_on=max(date(today.year, 1, 1), today - timedelta(days=3)),
        due_on=max(date(today.year, 1, 1), today - timedelta(days=2)),
    )  # fmt: skip
    return d


def _row(html: str, key: str) -> str:
    m = re.search(rf'<tr data-source="{re.escape(key)}">(.*?)</tr>', html, re.S)
    assert m, f"no row for {key}"
    return m[1]


def test_every_registered_source_is_on_the_page_with_its_own_figure(client, login, directive, units):
    login("giamdoc")
    year = str(timezone.localdate().year)
    html = client.get(URL).content.decode()
    root = units["VP"].root()
    shown = set(re.findall(r'<tr data-source="([^"]+)"', html))
    assert shown == {s.key for s in measures.sources()}
    for source in measures.sources():
        m = source.measure(root, year)
        row = _row(html, source.key)
        if m.unit == "%":
            assert pct(m.value) in row
        if m.detail_url:
            assert f'href="{m.detail_url.replace("&", "&amp;")}"' in row


def test_e_signed_share_equals_the_documents_kpi(client, login, directive, units):
    from cchc.apps.documents.selectors import e_signature_kpi

    login("giamdoc")
    year = timezone.localdate().year
    _rows, total = e_signature_kpi(
        user=None, start=date(year, 1, 1), end=date(year, 12, 31), unit=units["VP"].root()
    )
    row = _row(client.get(URL).content.decode(), "documents.e_signed_share")
    assert pct(None if total.share is None else Decimal(str(total.share))) in row


def test_on_time_share_recounted_from_the_tasks(client, login, directive, units):
    login("giamdoc")
    today = timezone.localdate()
    due = [t for t in Task.objects.all() if t.due_on and t.due_on.year == today.year and not t.is_template]
    on_time = [t for t in due if t.status == TaskStatus.DONE and t.completed_on <= t.due_on]
    assert len(due) == 2 and len(on_time) == 1
    row = _row(client.get(URL).content.decode(), "tasks.on_time_share")
    assert "50%" in row and "1/2" in row


def test_targets_carry_their_state_and_late_tasks_are_counted_by_unit(client, login, directive, units):
    login("giamdoc")
    html = client.get(URL).content.decode()
    targets = Target.objects.filter(task__directive=directive)
    assert targets.count() == 2
    from cchc.apps.directives.selectors import target_status

    for t in targets:  # the one rule (cchc.domain.target_status): the overdue task's target is missed
        state = target_status(t, today=timezone.localdate()).state.value
        assert f'data-target="{t.pk}" data-state="{state}"' in html
    states = {t.task.unit_id: target_status(t, today=timezone.localdate()).state.value for t in targets}
    assert states[units["QLDL"].pk] == "missed"
    late = re.findall(r'<tr data-unit="(\d+)">.*?<td class="num">(?:<a [^>]*>)?([^<]+)<', html, re.S)
    assert late == [(str(units["QLDL"].pk), "1")]
    assert f"?unit={units['QLDL'].pk}&amp;status=overdue" in html


def test_a_unit_head_sees_only_the_own_unit(client, login, directive, units):
    login("truongphong.vh")
    html = client.get(URL).content.decode()
    vh = Target.objects.get(task__directive=directive, task__unit=units["QLVH"])
    dl = Target.objects.get(task__directive=directive, task__unit=units["QLDL"])
    assert f'data-target="{vh.pk}"' in html and f'data-target="{dl.pk}"' not in html
    assert f'data-unit="{units["QLDL"].pk}"' not in html
    assert client.get(URL, {"unit": units["QLDL"].pk}).status_code == 403


def test_the_unit_filter_narrows_the_page(client, login, directive, units):
    login("giamdoc")
    html = client.get(URL, {"unit": units["QLVH"].pk}).content.decode()
    vh = Target.objects.get(task__directive=directive, task__unit=units["QLVH"])
    dl = Target.objects.get(task__directive=directive, task__unit=units["QLDL"])
    assert f'data-target="{vh.pk}"' in html and f'data-target="{dl.pk}"' not in html
    row = _row(html, "tasks.on_time_share")
    assert "100%" in row and "1/1" in row


def test_an_officer_may_not_open_it_and_the_home_links_it(client, login, cast):
    login("chuyenvien.vh")
    assert client.get(URL).status_code == 403
    login("giamdoc")
    assert reverse("reports:overview") in client.get("/").content.decode()


def test_a_group_not_listed_is_headed_by_its_app_name():
    from django.apps import apps

    from cchc.apps.reports.selectors import group_title

    assert group_title("people") == "Cán bộ, đào tạo, đánh giá"
    assert group_title("documents") != "documents"
    if apps.is_installed("cchc.apps.finance"):
        assert group_title("finance") == str(apps.get_app_config("finance").verbose_name)
    assert group_title("khong_co") == "khong_co"
