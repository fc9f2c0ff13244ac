"""One working-day calendar for the whole application: a day changed by the coordinator moves task due dates."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from cchc.apps.core.calendar import override_delete as calendar_override_delete
from cchc.apps.core.calendar import override_save as calendar_override_save
from cchc.apps.core.calendar import working_calendar
from cchc.apps.directives import services
from cchc.apps.directives.services import DirectiveInput, TaskInput

FRIDAY = date(2026, 10, 16)  # an ordinary working Friday
MONDAY = date(2026, 10, 19)


def test_an_extra_day_off_moves_the_due_date_of_an_open_task(
    cast, units, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    directive = services.directive_create(
        user=cast["vanphong"],
        directive=DirectiveInput(subject="V/v thử lịch", unit=units["VP"], number="97/SVHTTDL-VP", issued_on=date(2026, 10, 1)),
        tasks=[TaskInput(summary="Báo cáo", number="1", units=[units["QLVH"]], coordinating=[], deadline=FRIDAY, targets=[])],
    )  # fmt: skip
    task = directive.tasks.get()
    assert task.due_on == FRIDAY
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            override = calendar_override_save(
                user=cast["vanphong"], day=FRIDAY, working=False, name="Nghỉ bù thử"
            )
    assert not working_calendar().is_working_day(FRIDAY)
    task.refresh_from_db()
    assert task.due_on == MONDAY
    with django_capture_on_commit_callbacks(execute=True):
        calendar_override_delete(user=cast["vanphong"], pk=override.pk)
    task.refresh_from_db()
    assert task.due_on == FRIDAY
