"""What a dossier import reads from the web database, as plain SQL on a DB-API cursor: the column profile
saved for a source, the organisation's unit codes (with the aliases exports use) and the procedure
catalogue's codes.

The web (:mod:`cchc.apps.dossiers.selectors`) and ``cchc dossiers import`` read them here, alike. The
command needs nothing else of the web app, so it reads them with Django's settings and one connection
(:func:`web_cursor`) instead of loading the whole app registry, about half a second of a command whose
figure is "within 2× a bare DuckDB read" (docs/analytics.md). No model is imported: the tables are
named here, and tests/apps/dossiers/test_lookups.py checks the names against the models.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

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

    Django warns against queries while its apps are not loaded (meant for code run at start-up); here
    no app is loaded on purpose, so that warning is silenced for these reads only."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    from django.db import connections

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Accessing the database during app initialization")
        with connections["default"].cursor() as cursor:
            yield cursor
