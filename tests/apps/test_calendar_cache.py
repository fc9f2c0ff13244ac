"""The calendar's caches follow the edited days: no restart needed after a coordinator changes a day.

Before, ``directives.selectors`` kept "today + 10 working days" in an ``lru_cache`` for the life of the
process, so a day off added in the UI did not turn a target red until the server restarted.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from cchc.apps.core.calendar import override_delete, override_save, working_calendar
from cchc.apps.directives import selectors
from cchc.apps.directives.models import Target, Task, TaskStatus

TODAY = date(2026, 10, 1)  # a Thursday


def _save_day_off(cast, capture, day: date):
    with capture(execute=True):
        with transaction.atomic():
            return override_save(user=cast["vanphong"], day=day, working=False, name="Nghỉ thử")


def test_a_new_day_off_turns_a_target_red_without_restart(cast, django_capture_on_commit_callbacks):
    limit = working_calendar().add_working_days(TODAY, selectors.AT_RISK_WORKING_DAYS)
    due = working_calendar().next_working_day(limit + timedelta(days=1))
    target = Target(
        task=Task(status=TaskStatus.IN_PROGRESS, due_on=due), value=30, comparator=">=", measured_value=10
    )
    assert selectors.target_status(target, today=TODAY).state == "not_due"  # fills every cache

    day_off = working_calendar().next_working_day(TODAY + timedelta(days=1))
    override = _save_day_off(cast, django_capture_on_commit_callbacks, day_off)

    assert selectors.target_status(target, today=TODAY).state == "at_risk"

    with django_capture_on_commit_callbacks(execute=True):
        override_delete(user=cast["vanphong"], pk=override.pk)
    assert selectors.target_status(target, today=TODAY).state == "not_due"


def test_the_working_day_count_follows_an_edit(cast, django_capture_on_commit_callbacks):
    before = working_calendar().working_days_between(date(2026, 10, 1), date(2026, 10, 31))
    _save_day_off(cast, django_capture_on_commit_callbacks, date(2026, 10, 14))
    assert working_calendar().working_days_between(date(2026, 10, 1), date(2026, 10, 31)) == before - 1


@pytest.mark.django_db(transaction=True)
def test_moving_the_model_to_core_keeps_the_table_and_its_rows():
    """dossiers.CalendarOverride → core.CalendarOverride: same table, same rows, content type followed."""
    from django.contrib.contenttypes.models import ContentType

    from cchc.apps.core.models import CalendarOverride

    executor = MigrationExecutor(connection)
    old = [("dossiers", "0003_import_job_lease"), ("core", "0001_initial")]
    executor.migrate(old)
    state = executor.loader.project_state(old).apps
    OldOverride = state.get_model("dossiers", "CalendarOverride")
    OldOverride.objects.create(day=date(2026, 10, 14), working=False, name="Nghỉ bù", source="TB 1/TB-UBND")
    OldContentType = state.get_model("contenttypes", "ContentType")
    OldContentType.objects.get_or_create(app_label="dossiers", model="calendaroverride")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    row = CalendarOverride.objects.get()
    assert (row.day, row.working, row.name, row.source) == (
        date(2026, 10, 14),
        False,
        "Nghỉ bù",
        "TB 1/TB-UBND",
    )
    assert CalendarOverride._meta.db_table in connection.introspection.table_names()
    assert ContentType.objects.get_for_model(CalendarOverride).app_label == "core"
    assert not ContentType.objects.filter(app_label="dossiers", model="calendaroverride").exists()
    assert not working_calendar().is_working_day(date(2026, 10, 14))
