"""access.py answers "who" as well as "may": the people each rule names, and the system actor of jobs."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from cchc.apps.core.jobs import acting_as
from cchc.apps.directives import reminders, services
from cchc.apps.directives.models import Recurrence, Task
from cchc.apps.directives.services import DirectiveInput, TaskInput
from cchc.apps.org import access
from cchc.apps.org.models import Role, Unit

SRC = Path(access.__file__).resolve().parents[2]


def _names(users) -> set[str]:
    return {u.username for u in users}


def test_no_role_query_outside_access_py():
    """Adding a role means editing access.py only: nobody else names a role (the Role class itself and the
    demo loader's table of demo people excepted)."""
    allowed = {"apps/org/access.py", "apps/org/models.py", "apps/org/demo.py"}
    offenders = [
        f"{path.relative_to(SRC)}:{n}"
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.parts and str(path.relative_to(SRC)) not in allowed
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bRole\.|role\s*==\s*\"|role__in=\[\"", line)
    ]
    assert not offenders


def test_unit_managers_and_leadership(cast, units):
    assert _names(access.unit_managers(units["QLVH"])) == {"truongphong.vh"}
    assert access.unit_managers(units["VP"]) == []
    assert _names(access.leadership(units["QLDL"])) == {"giamdoc", "phogiamdoc", "vanphong"}
    assert _names(access.leadership(units["QLDL"], exclude=cast["vanphong"])) == {"giamdoc", "phogiamdoc"}
    assert access.is_unit_manager(cast["truongphong.vh"]) and not access.is_unit_manager(cast["giamdoc"])
    cast["truongphong.vh"].is_active = False
    cast["truongphong.vh"].save()
    assert access.unit_managers(units["QLVH"]) == []  # only active people are named


def test_approvers_go_up_when_the_head_submitted(cast, units):
    assert _names(access.approvers(units["QLVH"])) == {"truongphong.vh"}
    # The head's own report goes to the heads above (none: phòng are under the Sở), then the leadership.
    above = access.approvers(units["QLVH"], submitted_by=cast["truongphong.vh"])
    assert _names(above) == {"giamdoc", "phogiamdoc", "vanphong"}


def test_deciders_hold_the_capability(cast, units):
    assert _names(access.deciders(units["QLVH"], "tasks.extend")) == {"giamdoc", "phogiamdoc", "vanphong"}
    # Only the coordinator may manage procedures among the leadership.
    assert _names(access.deciders(units["QLVH"], "procedures.manage")) == {"vanphong"}


def test_signers_and_archive_keepers(cast, units):
    root = units["QLVH"].root()
    offered = access.signers(organisation=root, units=Unit.objects.filter(pk=units["QLVH"].pk))
    assert _names(offered) == {"giamdoc", "phogiamdoc", "truongphong.vh"}
    assert _names(access.organisation_signers(root)) == {
        "giamdoc",
        "phogiamdoc",
        "truongphong.vh",
        "truongphong.dl",
    }
    assert _names(access.archive_keepers()) == {"vanphong"}
    assert access.archive_keepers({"/nowhere/"}) == []


def test_the_system_actor_is_a_real_inactive_account_without_rights(db):
    actor = access.system_actor()
    assert actor.pk and actor == access.system_actor()  # one row
    assert actor.role == Role.SYSTEM and not actor.is_active and not actor.has_usable_password()
    assert not actor.is_superuser and not access.is_admin(actor)
    assert not any(access.has_capability(actor, c) for c in access.CAPABILITY_NAMES)
    assert Role.SYSTEM not in access.grantable_roles(access.User(role=Role.ADMIN, is_superuser=True))
    assert f"{actor.last_name} {actor.first_name}" == "Hệ thống (tác vụ tự động)"


def _recurring(cast, units) -> Task:
    directive = services.directive_create(
        user=cast["vanphong"],
        directive=DirectiveInput(subject="V/v báo cáo", unit=units["VP"], issued_on=date(2026, 1, 5)),
        tasks=[
            TaskInput(
                summary="Báo cáo CCHC hằng quý",
                number="1",
                units=[units["VP"]],
                recurrence=Recurrence.QUARTERLY,
                recurrence_day=15,
            )
        ],
    )
    return directive.tasks.get()


def _creation_actor(task: Task):
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Task), object_pk=str(task.pk), action=0
    )
    return entry.actor


def test_what_a_job_creates_is_authored_by_the_system_in_the_audit_trail(cast, units):
    template = _recurring(cast, units)
    with acting_as():
        [instance] = reminders.recurring_instances_create(today=date(2026, 5, 2))
    assert _creation_actor(instance) == access.system_actor()
    assert template.pk != instance.pk


def test_the_cli_acts_as_the_system(cast, units):
    from cchc.cli import main as cli

    template = _recurring(cast, units)
    assert cli(["tasks", "recur", "--date", "02/05/2026"]) == 0
    instance = template.instances.get()
    assert _creation_actor(instance) == access.system_actor()


def test_a_person_named_inside_a_job_is_the_author_and_the_system_is_back_after(cast, units):
    with acting_as() as system:
        with acting_as(cast["vanphong"]):
            first = _recurring(cast, units)
        second = services.directive_create(
            user=cast["vanphong"],
            directive=DirectiveInput(subject="V/v khác", unit=units["VP"], issued_on=date(2026, 1, 6)),
            tasks=[TaskInput(summary="Việc khác", number="1", units=[units["VP"]])],
        ).tasks.get()
    assert _creation_actor(first) == cast["vanphong"]
    assert _creation_actor(second) == system


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_jobs_as_the_system(cast, units, tmp_path):
    from cchc.apps.directives import jobs

    from ..worker import run_worker

    template = _recurring(cast, units)
    jobs.create_recurring_instances.enqueue(day="2026-05-02")
    proc = run_worker(tmp_path)
    assert proc.returncode == 0, proc.stderr
    instance = template.instances.get()
    assert _creation_actor(instance).username == access.SYSTEM_USERNAME
