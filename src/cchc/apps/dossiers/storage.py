"""Opening the DuckDB dossier store from Django: where it lives, its calendar, the file lock, and the
pages' snapshot.

DuckDB lets one process at a time open a database file for writing. The web server and the worker are
two processes, so nobody keeps the store open: each request or job opens it, works, and closes it. When
the other process holds the lock (an import running), we wait a little and then report "busy".

The scorecard pages do not open the store when they can help it: they read the snapshot each commit
publishes (:func:`open_snapshot`, :mod:`cchc.analytics.snapshot`), which any number of processes read
while an import holds the store, so they keep answering with the last committed figures.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import duckdb
from django.conf import settings
from django.utils.translation import gettext as _

from cchc import config
from cchc.analytics import snapshot
from cchc.analytics.snapshot import Snapshot
from cchc.analytics.store import DossierStore
from cchc.domain.calendar import WorkingCalendar
from cchc.domain.errors import UserError


class StoreBusy(UserError):
    """The store file is locked by another process (Vietnamese message)."""


def store_path() -> Path:
    """``CCHC_ANALYTICS_PATH`` if set, else ``DATA_DIR/analytics.duckdb``: the rule of
    :func:`cchc.config.analytics_path` (the CLI's default) on this process's settings."""
    return config.analytics_path(
        {"CCHC_ANALYTICS_PATH": settings.CCHC_ANALYTICS_PATH}, data=Path(settings.DATA_DIR)
    )


def working_calendar() -> WorkingCalendar:
    """The domain calendar with the editable overrides of the database on top."""
    from cchc.apps.core.calendar import working_calendar as application_calendar

    return application_calendar()


def _has_overrides() -> bool:
    from cchc.apps.core.calendar import has_overrides

    return has_overrides()


def _connect(path: Path, wait_seconds: float) -> DossierStore:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return DossierStore(path)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise StoreBusy(
                    _("Kho hồ sơ đang bận (một lô nhập đang chạy). Vui lòng thử lại sau ít phút.")
                ) from exc
            time.sleep(0.2)


@dataclass
class _Page:
    """What a page opened (:func:`one_store`), each on first use, all closed when the page ends."""

    stack: ExitStack
    store: DossierStore | None = None
    snapshot: Snapshot | None = None
    snapshot_tried: bool = False


# The page's opened stores (:func:`one_store`); None outside such a page.
_shared: ContextVar[_Page | None] = ContextVar("cchc_dossier_store", default=None)


@contextmanager
def _open_store(wait_seconds: float | None) -> Iterator[DossierStore]:
    path = store_path()
    fresh = not path.exists()
    wait = settings.DOSSIERS_STORE_WAIT_SECONDS if wait_seconds is None else wait_seconds
    store = _connect(path, wait)
    try:
        if fresh and _has_overrides():
            # A new store starts with the default calendar; the overrides of the database apply at once.
            store.refresh_calendar(working_calendar())
        yield store
    finally:
        store.close()


@contextmanager
def open_store(*, wait_seconds: float | None = None) -> Iterator[DossierStore]:
    """The store, opened for writing (the lock: :class:`StoreBusy` while another process holds it).
    Inside :func:`one_store`, the page's one store, opened on first use."""
    page = _shared.get()
    if page is None:
        with _open_store(wait_seconds) as store:
            yield store
        return
    if page.store is None:
        page.store = page.stack.enter_context(_open_store(wait_seconds))
    yield page.store


@contextmanager
def open_snapshot() -> Iterator[Snapshot | None]:
    """The pages' snapshot of the store, read-only, never waiting for an import (None when none has
    been published yet: read the store). Inside :func:`one_store`, the page's one snapshot."""
    page = _shared.get()
    if page is None:
        with snapshot.open_snapshot(store_path()) as snap:
            yield snap
        return
    if not page.snapshot_tried:
        page.snapshot_tried = True
        page.snapshot = page.stack.enter_context(snapshot.open_snapshot(store_path()))
    yield page.snapshot


@contextmanager
def one_store() -> Iterator[None]:
    """Inside the block every :func:`open_store` reuses one store and every :func:`open_snapshot` one
    snapshot, each opened on first use: a page reading several scorecards opens a file once (opening
    the store costs ~20 ms on a 1 M-row store), and a page the snapshot serves never opens the store."""
    with ExitStack() as stack:
        token = _shared.set(_Page(stack))
        try:
            yield
        finally:
            _shared.reset(token)
