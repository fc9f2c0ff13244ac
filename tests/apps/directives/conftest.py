"""Factories for directive tests: one small directive with tasks for the two phòng of the cast."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from cchc.apps.directives import services
from cchc.apps.directives.services import DirectiveInput, TargetInput, TaskInput

SEED = "cv-1036-svhttdl-vp-2026-laichau-cchc.txt"


@pytest.fixture
def seed_bytes() -> bytes:
    from cchc.apps.directives.demo import seed_bytes

    return seed_bytes()


@pytest.fixture
def make_directive(cast, units):
    def _make(
        *,
        deadline: date | None = None,
        number: str = "99/SVHTTDL-VP",
        issued_on: date = date(2026, 3, 27),
        targets=None,
    ):
        deadline = deadline or (date.today() + timedelta(days=30))
        return services.directive_create(
            user=cast["vanphong"],
            directive=DirectiveInput(
                subject="V/v thử nghiệm", unit=units["VP"], number=number, issued_on=issued_on
            ),
            tasks=[
                TaskInput(
                    summary="Rà soát TTHC",
                    number="1",
                    units=[units["QLVH"], units["QLDL"]],
                    coordinating=[units["VP"]],
                    deadline=deadline,
                    targets=targets or [TargetInput(metric="thời gian giải quyết", value=Decimal(30))],
                ),
            ],
        )

    return _make


@pytest.fixture
def directive(make_directive):
    return make_directive()


@pytest.fixture
def task_vh(directive, units):
    return directive.tasks.get(unit=units["QLVH"])


@pytest.fixture
def task_dl(directive, units):
    return directive.tasks.get(unit=units["QLDL"])


@pytest.fixture(autouse=True)
def confirmed_dir(settings, tmp_path):
    """Confirmed letters are kept as gold files in a folder of the test's own."""
    settings.DIRECTIVES_CONFIRMED_DIR = tmp_path / "confirmed"
    return settings.DIRECTIVES_CONFIRMED_DIR
