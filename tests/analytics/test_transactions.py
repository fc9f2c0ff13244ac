"""Every hand-written DuckDB transaction (importer, rollup, calendar) rolls back when it fails midway.

A failure is injected at a statement inside each transaction (a connection wrapper raises on it); the
store, read through the same connection, must then hold exactly what it held before, and the connection
must have no transaction left open.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cchc.analytics import rollup
from cchc.analytics.importer import import_file, resume_import, rollback_import
from cchc.analytics.store import DossierStore
from cchc.analytics.transaction import transaction
from cchc.domain.calendar import WorkingCalendar

from .conftest import ROWS, write_csv


class Injected(Exception):
    pass


class FailingConnection:
    """The store's connection, except that a statement matching ``pattern`` raises :class:`Injected`."""

    def __init__(self, con: Any, pattern: str) -> None:
        self._con, self._pattern = con, re.compile(pattern)
        self.failed = False

    def execute(self, sql: str, *args: Any, **kwargs: Any) -> Any:
        if self._pattern.search(sql):
            self.failed = True
            raise Injected(sql)
        return self._con.execute(sql, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def snapshot(con: Any) -> dict[str, Any]:
    """Every table of the store (names and sorted rows), read through ``con``."""
    names = sorted(r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall())
    out: dict[str, Any] = {"tables": names}
    for t in names:
        out[t] = sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall()))
    return out


def assert_no_open_transaction(con: Any) -> None:
    con.execute("BEGIN")  # DuckDB refuses BEGIN inside a transaction
    con.execute("ROLLBACK")


def fail_inside(store: DossierStore, pattern: str, action: Callable[[], object]) -> None:
    """Run ``action`` with the statement ``pattern`` failing; the store must be left as it was."""
    real = store.con
    before = snapshot(real)
    store.con = FailingConnection(real, pattern)  # type: ignore[assignment]
    try:
        with pytest.raises(Injected):
            action()
        assert store.con.failed  # type: ignore[attr-defined]
    finally:
        store.con = real
    assert_no_open_transaction(real)
    assert snapshot(real) == before


@pytest.fixture
def csv(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "hoso.csv", ["X,P3,U,1,31/02/2026 08:00,,,0,0,,,,Không,Không,Không,Không", *ROWS]
    )


@pytest.fixture
def loaded(store: DossierStore, csv: Path) -> DossierStore:
    import_file(store, csv, source="mc")
    return store


def _staged_job(store: DossierStore, csv: Path, *, every_chunk: bool = False) -> int:
    """A job stopped after its first chunk (status staging, a row quarantined), or before its commit."""

    def stop(done: int, total: int) -> None:
        if done == total or not every_chunk:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(store, csv, source="khac", chunk_rows=3, progress=stop)
    row = store.con.execute("SELECT max(job_id) FROM import_jobs").fetchone()
    assert row is not None
    return int(row[0])


def test_import_load_stage_rolls_back(loaded: DossierStore, csv: Path) -> None:
    loaded.con.execute(
        "INSERT INTO import_jobs (job_id, source, path, file_key, status, chunk_rows, chunks_done, staged,"
        " quarantined, inserted, updated, duplicates) SELECT 2, 'khac', path, file_key, 'loading', 3, 0, 0,"
        " 0, 0, 0, 0 FROM import_jobs WHERE job_id = 1"
    )
    fail_inside(loaded, r"^UPDATE import_jobs SET status", lambda: resume_import(loaded, 2))


def test_import_chunk_rolls_back(loaded: DossierStore, csv: Path) -> None:
    job = _staged_job(loaded, csv)
    fail_inside(loaded, r"chunks_done = chunks_done \+ 1", lambda: resume_import(loaded, job))


def test_import_commit_rolls_back(loaded: DossierStore, csv: Path) -> None:
    job = _staged_job(loaded, csv, every_chunk=True)
    fail_inside(loaded, r"^DROP TABLE IF EXISTS staging_job_", lambda: resume_import(loaded, job))


def test_rollback_of_a_job_rolls_back(loaded: DossierStore, csv: Path) -> None:
    job = _staged_job(loaded, csv)
    assert loaded.con.execute("SELECT count(*) FROM quarantine WHERE job_id = ?", [job]).fetchone() == (1,)
    fail_inside(loaded, r"^DROP TABLE IF EXISTS staging_job_", lambda: rollback_import(loaded, job))


def test_rollup_rebuild_rolls_back(loaded: DossierStore) -> None:
    fail_inside(loaded, r"^INSERT INTO counts_rollup", lambda: rollup.rebuild(loaded.con))


def test_rollup_upgrade_on_opening_rolls_back(loaded: DossierStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rollup, "signature", lambda: "phien-ban-moi")
    fail_inside(loaded, r"^CREATE TABLE IF NOT EXISTS rollup_months", lambda: rollup.ensure(loaded.con))


def test_calendar_refresh_rolls_back(loaded: DossierStore) -> None:
    fail_inside(loaded, r"^INSERT INTO calendar", lambda: loaded.refresh_calendar(WorkingCalendar.default()))


def test_transaction_commits_a_block_that_ends_normally(store: DossierStore) -> None:
    with transaction(store.con):
        store.con.execute("INSERT INTO rollup_meta VALUES ('x', FALSE)")
    assert_no_open_transaction(store.con)
    assert store.con.execute("SELECT count(*) FROM rollup_meta WHERE signature = 'x'").fetchone() == (1,)
