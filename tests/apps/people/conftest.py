"""Staff records for the cast (tests/apps/cast.py) and a helper to give a person directive tasks."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.apps.directives.models import Directive, ProgressReport, ReportDecision, Task, TaskStatus
from cchc.apps.people.models import StaffRecord

CODES = {
    "giamdoc": "LC001", "vanphong": "LC003", "truongphong.vh": "LC007", "chuyenvien.vh": "LC008",
    "truongphong.dl": "LC011", "chuyenvien.dl": "LC012", "motcua": "LC004",
}  # fmt: skip


@pytest.fixture
def staff(cast, units):
    """A staff record per cast member (linked to the account), plus colleagues without an account."""
    records = {}
    for i, (username, code) in enumerate(CODES.items()):
        user = cast[username]
        records[username] = StaffRecord.objects.create(
            code=code, user=user, family_name=user.last_name, given_name=user.first_name, unit=user.unit,
            position=user.position, rank="Chuyên viên", job_position="Vị trí " + code,
            birth_date=date(1980 + i, 1, 1 + i), id_number=f"01208{i:07d}", phone=f"09120000{i:02d}",
        )  # fmt: skip
    records["dua"] = StaffRecord.objects.create(
        code="LC009", family_name="Tẩn", given_name="Thị Dua", unit=units["QLVH"], id_number="012000000999"
    )
    return records


@pytest.fixture
def make_task(cast, units):
    directive = Directive.objects.create(subject="Kế hoạch CCHC", unit=units["VP"], number="12/KH-SVHTTDL")

    def _make(
        assignee, number: str, due: date | None, done: date | None = None, returned: int = 0, unit=None
    ):
        task = Task.objects.create(
            directive=directive, unit=unit or assignee.unit, number=number, summary=f"Nhiệm vụ {number}",
            assignee=assignee, deadline=due, due_on=due, completed_on=done,
            status=TaskStatus.DONE if done else TaskStatus.IN_PROGRESS, progress=100 if done else 50,
        )  # fmt: skip
        for _ in range(returned):
            ProgressReport.objects.create(
                task=task, author=assignee, percent=100, text="Xong.", decision=ReportDecision.RETURNED
            )
        return task

    return _make
