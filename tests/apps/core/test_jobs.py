"""Leases of background jobs: a job whose worker died is found and taken back; a live one is left alone.

On the old code a RUNNING job stayed RUNNING for ever (django-tasks-db has no heartbeat); these tests
drive the recovery in-process, tests/apps/core/test_worker_crash.py does it with kill -9 of real workers.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cchc.apps.core import jobs
from cchc.apps.core.models import JobLease
from cchc.apps.core.worker import LeasedWorker, new_worker_id
from cchc.apps.directives import jobs as directive_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _lease(settings):
    settings.JOB_LEASE_SECONDS = 60
    settings.JOB_MAX_ATTEMPTS = 3


def running(*, heartbeat_age: float | None, runs: int = 1, started_age: float = 600) -> DBTaskResult:
    """A reminder job claimed by ``runs`` workers, the last one with a heartbeat ``heartbeat_age`` s old."""
    now = timezone.now()
    result = directive_jobs.send_task_reminder.enqueue(task_id=1, kind="overdue_head", day="2026-06-23")
    workers = [f"host:{100 + i}:dead" for i in range(runs)]
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", started_at=now - timedelta(seconds=started_age), worker_ids=workers
    )
    if heartbeat_age is not None:
        JobLease.objects.create(
            task_id=result.id, worker_id=workers[-1], heartbeat_at=now - timedelta(seconds=heartbeat_age)
        )
    return DBTaskResult.objects.get(pk=result.id)


def test_a_job_whose_heartbeat_stopped_is_queued_again_and_a_live_one_is_left_alone():
    dead = running(heartbeat_age=61)
    alive = running(heartbeat_age=5)
    recovered = jobs.recover_abandoned()
    assert [(r.task_id, r.requeued) for r in recovered] == [(str(dead.pk), True)]
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert (dead.status, dead.started_at) == ("READY", None)
    assert dead in DBTaskResult.objects.ready()  # a worker claims it next
    assert dead.worker_ids == ["host:100:dead"]  # the history of runs is kept
    assert not JobLease.objects.filter(task_id=dead.pk).exists()
    assert alive.status == "RUNNING" and JobLease.objects.filter(task_id=alive.pk).exists()
    assert jobs.recover_abandoned() == []  # a second recoverer finds nothing


def test_a_job_claimed_but_never_leased_is_recovered_after_ten_leases():
    # Killed between the claim and the lease, left RUNNING by a worker from before leases existed, or run
    # by `cchc manage db_worker` (no heartbeat): a long grace, so a live one is not taken away.
    old, fresh = running(heartbeat_age=None, started_age=601), running(heartbeat_age=None, started_age=120)
    assert [r.task_id for r in jobs.recover_abandoned()] == [str(old.pk)]
    assert DBTaskResult.objects.get(pk=fresh.pk).status == "RUNNING"


def test_a_job_that_killed_its_worker_max_attempts_times_fails_for_a_person_to_decide(settings):
    poison = running(heartbeat_age=300, runs=3)
    (r,) = jobs.recover_abandoned()
    assert not r.requeued
    poison.refresh_from_db()
    assert poison.status == "FAILED" and poison.exception_class_path == jobs.WORKER_LOST
    assert "host:102:dead" in poison.traceback and poison.finished_at is not None


def test_the_worker_beat_refreshes_the_lease_of_its_job_and_recovers_the_others():
    mine, other = running(heartbeat_age=50), running(heartbeat_age=61)
    worker = LeasedWorker(
        queue_names=["default"], interval=1, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id=JobLease.objects.get(task_id=mine.pk).worker_id, excluded_queue_names=[],
    )  # fmt: skip
    worker.current = mine.pk
    worker.beat_once()
    assert timezone.now() - JobLease.objects.get(task_id=mine.pk).heartbeat_at < timedelta(seconds=5)
    assert DBTaskResult.objects.get(pk=other.pk).status == "READY"
    assert len(new_worker_id()) <= 64
