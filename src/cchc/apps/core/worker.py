"""``cchc worker``: django-tasks-db's worker loop plus a lease per running job.

A periodic thread runs the duties apps register (:mod:`cchc.apps.core.periodic`: the watch of the
dossier drop folders). A beat thread, started with the worker, (1) refreshes the heartbeat of the job being run and
(2) recovers jobs abandoned by dead workers (:func:`cchc.apps.core.jobs.recover_abandoned`), so a job
killed with its worker is taken back by the next worker that is alive — the same one restarted, or
another. The worker is therefore safe to kill and restart at any moment (systemd ``Restart=always``,
the supervisor of ``cchc demo``).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from typing import Any

from django.db import close_old_connections, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from . import jobs, periodic
from .models import JobLease

log = logging.getLogger("cchc.jobs")


def new_worker_id() -> str:
    """host:pid:random — readable in the job list, unique across restarts (at most 64 characters)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


class LeasedWorker(Worker):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.current: Any = None  # pk of the job being run
        self._stop = threading.Event()
        self._lock = threading.Lock()

    # -- the beat thread ----------------------------------------------------------------------------

    def beat_once(self) -> None:
        with self._lock:  # held while writing, so a lease is never written after its job ended
            if self.current is not None:
                self._lease(self.current)
        jobs.recover_abandoned()

    def _lease(self, task_id: Any) -> None:
        JobLease.objects.update_or_create(
            task_id=task_id, defaults={"worker_id": self.worker_id, "heartbeat_at": timezone.now()}
        )

    def _beat_loop(self) -> None:
        try:
            while not self._stop.wait(jobs.heartbeat_seconds()):
                try:
                    self.beat_once()
                except Exception:  # a locked database, a lost connection: try again next beat
                    log.exception("Heartbeat of worker %s failed", self.worker_id)
                    close_old_connections()
        finally:
            connections.close_all()

    def run(self) -> None:
        recovered = jobs.recover_abandoned()
        if recovered:
            log.warning("Worker %s took back %s abandoned job(s)", self.worker_id, len(recovered))
        beat = threading.Thread(target=self._beat_loop, name="cchc-heartbeat", daemon=True)
        beat.start()
        if self.batch:  # one turn of each periodic duty (a file waiting in a drop folder), then the queue
            periodic.run_all_once()
        else:
            watch = threading.Thread(
                target=periodic.loop, args=(self._stop,), name="cchc-periodic", daemon=True
            )
            watch.start()
        try:
            super().run()
        finally:
            self._stop.set()

    # -- one job --------------------------------------------------------------------------------------

    def run_task(self, db_task_result: DBTaskResult) -> None:
        with self._lock:
            self.current = db_task_result.pk
        try:
            self._lease(db_task_result.pk)
        except Exception:  # a locked database: the next beat writes it, well within the lease
            log.exception("Lease of job %s not written yet", db_task_result.pk)
        try:
            with jobs.acting_as():  # the audit trail names "Hệ thống (tác vụ tự động)", not nobody
                super().run_task(db_task_result)
        finally:
            with self._lock:
                self.current = None
            try:
                JobLease.objects.filter(task_id=db_task_result.pk, worker_id=self.worker_id).delete()
            except Exception:  # left behind, it is harmless: the job is no longer RUNNING
                log.exception("Lease of job %s not removed", db_task_result.pk)


def run(*, batch: bool = False, interval: float = 1.0, worker_id: str | None = None) -> None:
    """Run the worker in this process until SIGTERM/SIGINT (or, with ``batch``, until the queue is empty)."""
    from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME

    worker = LeasedWorker(
        queue_names=[DEFAULT_TASK_QUEUE_NAME],
        interval=interval,
        batch=batch,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id or new_worker_id(),
        excluded_queue_names=[],
    )
    worker.configure_signals()
    worker.run()
