"""What a dossier import reads from the web database, as plain SQL on a DB-API cursor: the column profile
saved for a source, the organisation's unit codes (with the aliases exports use) and the procedure
catalogue's codes.

The web (:mod:`cchc.apps.dossiers.selectors`) and ``cchc dossiers import`` read them here, alike. The
command needs nothing else of the web app, so it reads them on one connection (:func:`web_cursor`: the
SQLite file itself on the embedded default, else Django's settings and connection) instead of loading
the whole app registry, about half a second of a command whose figure is "within 2× a bare DuckDB read"
(docs/analytics.md). No model is imported: the tables are named here, and
tests/apps/dossiers/test_lookups.py checks the names against the models.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cchc import config
from cchc.domain.dossiers import read_saved_profiles
from cchc.domain.profiles import Profile

PROFILE_TABLE = "dossiers_columnprofile"
UNIT_TABLE = "org_unit"
ALIAS_TABLE = "dossiers_unitcodealias"
PROCEDURE_TABLE = "procedures_procedure"


def saved_profiles(cursor: Any, source: str) -> tuple[Profile, ...]:
    """The column profile saved for ``source`` (none: empty), tried before the built-in profiles."""
    cursor.execute(f"SELECT source, text FROM {PROFILE_TABLE} WHERE source = %s", [source.strip()])
    row = cursor.fetchone()
    if row is None:
        return ()
    return read_saved_profiles(str(row[1]), origin=f"đã lưu của nguồn “{row[0]}”")


def unit_codes(cursor: Any) -> frozenset[str]:
    """The organisation's unit codes with their aliases."""
    cursor.execute(f"SELECT code FROM {UNIT_TABLE} UNION SELECT external_code FROM {ALIAS_TABLE}")
    return frozenset(str(r[0]) for r in cursor.fetchall())


def procedure_codes(cursor: Any) -> frozenset[str]:
    """The codes of the procedure catalogue."""
    cursor.execute(f"SELECT code FROM {PROCEDURE_TABLE}")
    return frozenset(str(r[0]) for r in cursor.fetchall())


@contextmanager
def web_cursor(settings_module: str = "cchc.settings.dev") -> Iterator[Any]:
    """A cursor on the web database outside the web app (a command): its settings, not its app registry.

    With cchc's own settings on the embedded default (SQLite), the database file is read directly
    (:func:`_sqlite_cursor`): Django's settings and its SQLite backend cost a command about 0,15 s to
    load, for one or two SELECTs. Otherwise (PostgreSQL, another settings module, or Django already set
    up in this process, as under the tests) the cursor is Django's, on the same settings. Django warns
    against queries while its apps are not loaded (meant for code run at start-up); here no app is
    loaded on purpose, so that warning is silenced for these reads only."""
    module = os.environ.get("DJANGO_SETTINGS_MODULE", settings_module)
    if module.startswith("cchc.settings.") and "django.conf" not in sys.modules:
        # Every cchc settings module takes its database from config.database_url (cchc.settings.base).
        url = config.database_url()
        if url.startswith("sqlite:"):
            with _sqlite_cursor(url) as cursor:
                yield cursor
            return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    from django.db import connections

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Accessing the database during app initialization")
        with connections["default"].cursor() as cursor:
            yield cursor


class _QmarkCursor:
    """A sqlite3 cursor taking the ``%s`` placeholders these reads share with Django's cursors."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._cursor.execute(sql.replace("%s", "?"), params)

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()


@contextmanager
def _sqlite_cursor(url: str) -> Iterator[_QmarkCursor]:
    """A read-only cursor on the SQLite file of ``url`` (named as Django's settings name it). A missing
    file is not created: the caller is told there is no database (sqlite3.OperationalError)."""
    import dj_database_url

    name = str(dj_database_url.parse(url)["NAME"])
    path = Path(name)
    if not path.is_file():
        raise sqlite3.OperationalError(f"no web database at {path}")
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        yield _QmarkCursor(con.cursor())
    finally:
        con.close()
