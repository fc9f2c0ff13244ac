"""Opening the DuckDB dossier store from Django: where it lives, its calendar, and the file lock.

DuckDB lets one process at a time open a database file for writing. The web server and the worker are
two processes, so nobody keeps the store open: each request or job opens it, works, and closes it. When
the other process holds the lock (an import running), we wait a little and then report "busy".
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import duckdb
from django.conf import settings
from django.utils.translation import gettext as _

from cchc import config
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


# The store a page holds open for all its reads (:func:`one_store`); None outside such a page.
_shared: ContextVar[DossierStore | None] = ContextVar("cchc_dossier_store", default=None)


@contextmanager
def open_store(*, wait_seconds: float | None = None) -> Iterator[DossierStore]:
    shared = _shared.get()
    if shared is not None:
        yield shared
        return
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
def one_store() -> Iterator[None]:
    """Inside the block every :func:`open_store` reuses one open store: a page reading several
    scorecards opens the file once (opening costs ~20 ms on a 1 M-row store)."""
    with open_store() as store:
        token = _shared.set(store)
        try:
            yield
        finally:
            _shared.reset(token)
