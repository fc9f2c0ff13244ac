"""Duties ``cchc worker`` runs every few seconds beside its queue (the watch of the dossier drop folders).

Why a thread of the worker and not a task that enqueues itself again: a self-rescheduling chain breaks for
good when one link is lost (a worker killed between running the task and enqueueing the next one, a task
failed after its retries) and doubles when two links are enqueued (two workers starting at once); and a
queued scan waits behind a long import, which is when files keep arriving. A thread of every worker, each
duty guarded by a lease in the database when only one process may run it at a time (the feed scanner's
:class:`~cchc.apps.dossiers.models.FeedLock`), needs neither: a worker restarted (systemd, the demo's
supervisor) starts watching again, and two workers never scan together. It is not the heartbeat thread
either: a slow duty (hashing a large file) must never delay a running job's lease.

An app registers its duty in ``AppConfig.ready``: ``register(name, seconds, func)``; ``seconds`` is a
callable so a test's settings apply. A duty that raises is logged and tried again at its next turn.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import close_old_connections, connections

log = logging.getLogger("cchc.jobs")


@dataclass(frozen=True)
class Duty:
    name: str
    seconds: Callable[[], float]
    func: Callable[[], object]


_DUTIES: dict[str, Duty] = {}


def register(name: str, seconds: Callable[[], float], func: Callable[[], object]) -> None:
    _DUTIES[name] = Duty(name, seconds, func)


def duties() -> list[Duty]:
    return list(_DUTIES.values())


def run_once(duty: Duty) -> None:
    """Run one duty as the system account; an exception is logged, never raised."""
    from .jobs import acting_as

    try:
        with acting_as():
            duty.func()
    except Exception:
        log.exception("Periodic duty %s failed; tried again at its next turn", duty.name)
    finally:
        close_old_connections()


def run_all_once() -> None:
    for duty in duties():
        run_once(duty)


def loop(stop: threading.Event) -> None:
    """Run every duty at its interval until ``stop`` is set (the worker's periodic thread)."""
    due: dict[str, float] = {}
    try:
        while not stop.is_set():
            now = time.monotonic()
            for duty in duties():
                if now >= due.get(duty.name, 0.0):
                    run_once(duty)
                    due[duty.name] = time.monotonic() + max(0.1, float(duty.seconds()))
            wait = min((d - time.monotonic() for d in due.values()), default=1.0)
            stop.wait(max(0.05, min(wait, 5.0)))
    finally:
        connections.close_all()
