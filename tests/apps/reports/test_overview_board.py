"""The director's board: a target fed by a measured source shows the registry's live figure, its quarterly
trend and the projection drawn through the same points as its state; the leader's home is the overview; a
kept figure is measured again once the data changes."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from cchc.apps.core import measures
from cchc.apps.directives import services
from cchc.apps.directives.models import Target, Task, TaskStatus
from cchc.apps.directives.services import DirectiveInput, TargetInput, TaskInput
from cchc.apps.directives.services.sources import set_target_source
from cchc.apps.reports import measure_cache, selectors
from cchc.domain.reports.trend import project, trend_periods
from cchc.domain.target_status import target_status

URL = "/bao-cao/tong-quan/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def linked(cast, units):
    today = timezone.localdate()
    d = services.directive_create(
        user=cast["vanphong"],
        directive=DirectiveInput(subject="V/v CCHC", unit=units["VP"], number="88/SVHTTDL-VP", issued_on=today),
        tasks=[
            TaskInput(
                summary="Hoàn thành nhiệm vụ đúng hạn",
                number="1",
                units=[units["QLVH"]],
                deadline=today + timedelta(days=40),
                targets=[TargetInput(metric="tỷ lệ nhiệm vụ đúng hạn", value=Decimal(90))],
            ),
            TaskInput(summary="Việc đã xong", number="2", units=[units["QLVH"]], deadline=today + timedelta(days=5)),
        ],
    )  # fmt: skip
    done = d.tasks.get(number="2")
    Task.objects.filter(pk=done.pk).update(status=TaskStatus.DONE, completed_on=today, due_on=today)
    target = Target.objects.get(task__directive=d)
    set_target_source(source_key="tasks.on_time_share", target_id=target.pk, unit=units["QLVH"])
    measure_cache.renew()
    return target


def _row(html: str, pk: int) -> str:
    m = re.search(rf'<tr data-target="{pk}"(.*?)</tr>', html, re.S)
    assert m, f"no row for target {pk}"
    return m[1]


def test_a_linked_target_shows_the_live_figure_its_quarters_and_the_projection(client, login, linked, units):
    login("giamdoc")
    today = timezone.localdate()
    html = client.get(URL).content.decode()
    row = _row(html, linked.pk)
    live = measures.measure("tasks.on_time_share", units["QLVH"], str(today.year))
    assert live.value is not None and f'href="{live.detail_url.replace("&", "&amp;")}"' in row
    quarters = []
    for p in trend_periods(today):
        m = measures.measure("tasks.on_time_share", units["QLVH"], p.window)
        quarters.append((p, m.value))
        assert p.text in row
    earlier = [(p.day, v) for p, v in quarters if v is not None and p.day < today]
    expected = project([*earlier, (today, live.value)], deadline=today + timedelta(days=40), today=today)
    state = target_status(value=live.value, value_on=today, target=90, deadline=linked.task.due_on,
                          today=today, trend=earlier).state  # fmt: skip
    assert f'data-state="{state.value}"' in row and 'data-source-key="tasks.on_time_share"' in row
    shown = re.search(r'class="num ov-projection"[^>]*>(.*?)</td>', row, re.S)[1]
    if expected.value is None:
        assert "không đủ số liệu" in shown
    else:
        from cchc.apps.core.templatetags.vn_numbers import num

        assert num(expected.value) in shown


def test_board_rows_agree_with_the_domain(linked, cast, units):
    today = timezone.localdate()
    blocks = selectors.target_board(user=cast["giamdoc"], unit=None, today=today)
    rows = [r for b in blocks for r in b.rows if r.target.pk == linked.pk]
    assert len(rows) == 1 and rows[0].source_key == "tasks.on_time_share"
    assert [t.period.text for t in rows[0].trend] == [p.text for p in trend_periods(today)]
    if rows[0].projection.value is not None and rows[0].status.projected is not None:
        assert rows[0].status.projected.quantize(Decimal("0.01")) == rows[0].projection.value


def test_the_leader_lands_on_the_overview_and_other_roles_keep_their_home(client, login, linked):
    login("giamdoc")
    html = client.get("/").content.decode()
    assert "<h1>Tổng quan của lãnh đạo</h1>" in html and f'data-target="{linked.pk}"' in html
    assert "Nhiệm vụ của tôi" in html  # the home cards follow
    login("vanphong")
    html = client.get("/").content.decode()
    assert "<h1>Tổng quan của lãnh đạo</h1>" not in html and "Nhiệm vụ của tôi" in html


@override_settings(REPORTS_CACHE_SECONDS=300)
def test_a_kept_figure_is_measured_again_after_a_write(linked, units, cast):
    today = timezone.localdate()
    year = str(today.year)
    first = measure_cache.measure("tasks.on_time_share", units["QLVH"], year)
    assert measure_cache.measure("tasks.on_time_share", units["QLVH"], year) == first
    task = Task.objects.get(targets=linked)
    task.status, task.completed_on = TaskStatus.DONE, today + timedelta(days=60)  # done late
    task.save()  # a saved row of a measuring app renews the data version
    again = measure_cache.measure("tasks.on_time_share", units["QLVH"], year)
    assert again == measures.measure("tasks.on_time_share", units["QLVH"], year)


def test_the_key_figures_are_the_registry_s(client, login, linked, units):
    login("giamdoc")
    today = timezone.localdate()
    html = client.get(URL).content.decode()
    root = units["VP"].root()
    for key, anchor in (
        ("documents.e_signed_share", "overview-e-signed"),
        ("people.digital_skills_share", "overview-training"),
    ):
        section = re.search(rf'<section class="ov-card" id="{anchor}".*?</section>', html, re.S)[0]
        m = measures.measure(key, root, str(today.year))
        from cchc.apps.core.templatetags.vn_numbers import pct

        assert (pct(m.value) if m.value is not None else "chưa có") in section
    cuts = re.search(r'id="overview-simplification".*?</section>', html, re.S)[0]
    assert "−30%" in cuts or "−30 %" in cuts
    assert "−50%" in cuts or "−50 %" in cuts


def test_a_write_renews_its_own_app_s_figures_only(linked):
    documents, directives, everything = (
        measure_cache.data_version("documents"),
        measure_cache.data_version("directives"),
        measure_cache.data_version(),
    )
    Task.objects.get(targets=linked).save()
    assert measure_cache.data_version("documents") == documents  # the 766 and document figures stay kept
    assert measure_cache.data_version("directives") != directives
    assert measure_cache.data_version() != everything  # the board (all apps) is rendered again
