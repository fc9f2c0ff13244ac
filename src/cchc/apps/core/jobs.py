"""Background jobs that outlive their worker: leases, heartbeats and the recovery of abandoned jobs.

django-tasks-db has no heartbeat (upstream issue RealOrangeOne/django-tasks-db#5: "unclean exits of the
worker leave tasks in limbo"), so ``cchc worker`` keeps one :class:`~cchc.apps.core.models.JobLease` per
running job and refreshes it every :func:`heartbeat_seconds`. A RUNNING job whose heartbeat is older than
:func:`lease_seconds` (``CCHC_JOB_LEASE_SECONDS``) — or that never got a lease and started ten leases ago —
was abandoned by a dead worker. :func:`recover_abandoned` (run by every worker at start and then every
heartbeat, and by the pages that show a job) then:

- puts it back in the queue, the same row, when it has run fewer than :func:`max_attempts` times
  (``CCHC_JOB_MAX_ATTEMPTS``): every job of the project is idempotent or resumable (imports continue
  the store's job, loading the file again, and are idempotent by dossier code; reminders by task × kind
  × day; issuing by the document's status inside one transaction);
- otherwise marks it failed (``WorkerLost``) — a job that kills its worker every time (a file that eats
  the memory) must not loop for ever — and lets its app hand it to a person (an import becomes
  "Bị gián đoạn — có thể tiếp tục").

Both are one conditional UPDATE, so two workers (or a worker and a page) never recover a job twice.
Apps say what happens to their job's own rows with :func:`on_recovery`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from .models import JobLease

log = logging.getLogger("cchc.jobs")

RUNNING, READY, FAILED = "RUNNING", "READY", "FAILED"
WORKER_LOST = "cchc.apps.core.jobs.WorkerLost"


class WorkerLost(Exception):
    """The worker running the job stopped sending heartbeats (killed, out of memory, machine down)."""


@contextlib.contextmanager
def acting_as(actor: Any | None = None) -> Iterator[Any]:
    """Name ``actor`` (default: :func:`~cchc.apps.org.access.system_actor`) as the author of every audit
    entry written inside the block. The worker runs each job as the system; a job done on a person's behalf
    (issuing for the văn thư, an import someone uploaded) names that person inside it. Nested blocks give
    the outer actor back on leaving (auditlog's own ``set_actor`` does not)."""
    from auditlog.context import auditlog_value, set_actor

    if actor is None:
        from django.db import DatabaseError

        from cchc.apps.org.access import system_actor

        try:
            actor = system_actor()
        except DatabaseError:  # a locked database must not stop the job: its entries name nobody then
            log.exception("System actor not available; audit entries of this job name no actor")
            yield None
            return
    outer = auditlog_value.get(None)
    try:
        with set_actor(actor):
            yield actor
    finally:
        if outer is not None:
            auditlog_value.set(outer)


def lease_seconds() -> float:
    return float(settings.JOB_LEASE_SECONDS)


def heartbeat_seconds() -> float:
    # Four beats per lease: one slow or locked write does not make a live job look dead.
    return max(0.2, lease_seconds() / 4)


def max_attempts() -> int:
    return max(1, int(settings.JOB_MAX_ATTEMPTS))


@dataclass(frozen=True)
class Hooks:
    requeued: Callable[[dict[str, Any]], None] | None = None
    given_up: Callable[[dict[str, Any]], None] | None = None


_HOOKS: dict[str, Hooks] = {}


def on_recovery(
    task: Any,
    *,
    requeued: Callable[[dict[str, Any]], None] | None = None,
    given_up: Callable[[dict[str, Any]], None] | None = None,
) -> None:
    """Register what an app does to its own rows when ``task``'s run is recovered (called with the
    job's keyword arguments): ``requeued`` when it goes back in the queue, ``given_up`` when it is failed."""
    _HOOKS[task.module_path] = Hooks(requeued, given_up)


def _hooks(task_path: str) -> Hooks:
    if task_path not in _HOOKS:
        try:  # importing the task's module registers its hooks
            import_string(task_path)
        except Exception:  # a task that no longer exists: recover it without hooks
            log.warning("Background job %s cannot be imported", task_path)
    return _HOOKS.get(task_path, Hooks())


UNLEASED_GRACE = 10  # leases: a job with no lease at all is taken back after 10 leases


def _stale(now: datetime) -> Q:
    # A job without a lease was claimed by a worker killed before it wrote one, by a worker of an older
    # version, or by `cchc manage db_worker` (no heartbeats): it gets a long grace, not to take a long
    # job from a live worker that does not beat.
    lease = lease_seconds()
    return Q(status=RUNNING) & (
        Q(lease__heartbeat_at__lt=now - timedelta(seconds=lease))
        | Q(lease__isnull=True, started_at__lt=now - timedelta(seconds=lease * UNLEASED_GRACE))
    )


def abandoned(task_ids: list[Any] | None = None, *, now: datetime | None = None) -> list[DBTaskResult]:
    qs = DBTaskResult.objects.filter(_stale(now or timezone.now()))
    if task_ids is not None:
        qs = qs.filter(pk__in=task_ids)
    return list(qs.select_related("lease"))


def is_abandoned(task_id: Any) -> bool:
    return task_id is not None and bool(abandoned([task_id]))


@dataclass(frozen=True)
class Recovered:
    task_id: str
    task_path: str
    worker_id: str
    requeued: bool


def recover_abandoned(task_ids: list[Any] | None = None, *, now: datetime | None = None) -> list[Recovered]:
    """Take back every abandoned job (or those of ``task_ids``): re-queue it, or fail it after
    :func:`max_attempts` runs. Returns what was recovered by this call."""
    now = now or timezone.now()
    done: list[Recovered] = []
    for job in abandoned(task_ids, now=now):
        worker = job.worker_ids[-1] if job.worker_ids else "?"
        retry = len(job.worker_ids) < max_attempts()
        # The filter repeats the staleness test: a heartbeat written since, or another recoverer, wins.
        row = DBTaskResult.objects.filter(_stale(now), pk=job.pk)
        if retry:
            won = row.update(status=READY, started_at=None)
        else:
            won = row.update(
                status=FAILED,
                finished_at=now,
                exception_class_path=WORKER_LOST,
                traceback=(
                    f"{WORKER_LOST}: worker {worker} stopped sending heartbeats; "
                    f"{len(job.worker_ids)} runs, none finished\n"
                ),
            )
        if not won:
            continue
        JobLease.objects.filter(task_id=job.pk).delete()
        kwargs = (job.args_kwargs or {}).get("kwargs", {})
        hooks = _hooks(job.task_path)
        hook = hooks.requeued if retry else hooks.given_up
        if hook is not None:
            hook(kwargs)
        log.warning(
            "Background job %s (%s) abandoned by worker %s after run %s: %s",
            job.pk,
            job.task_path,
            worker,
            len(job.worker_ids),
            "queued again" if retry else "failed, needs a person",
        )
        done.append(Recovered(str(job.pk), job.task_path, worker, retry))
    return done
