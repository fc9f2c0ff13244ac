"""The dossier store: a DuckDB file holding dossiers, import jobs, staging, quarantine, the calendar and
the counts of closed periods (``counts_rollup`` and its month tables, :mod:`cchc.analytics.rollup`).

The table DDL uses only types both DuckDB and PostgreSQL know, so the same indicator SQL runs on a
PostgreSQL copy (tests/analytics/test_postgres_parity.py) and on Spark/Trino (docs/distributed.md).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from cchc import config
from cchc.analytics import rollup, snapshot
from cchc.analytics.transaction import transaction
from cchc.domain.calendar import WorkingCalendar
from cchc.domain.dossiers import FIELDS

SQL_TYPES = {
    "text": "VARCHAR",
    "status": "VARCHAR",
    "datetime": "TIMESTAMP",
    "int": "INTEGER",
    "channel": "INTEGER",
    "paid": "INTEGER",
    "number": "NUMERIC(18,2)",
    "fee": "NUMERIC(18,2)",
    "bool": "BOOLEAN",
}
CALENDAR_START = date(2015, 1, 1)
CALENDAR_END = date(2035, 12, 31)


def dossier_columns() -> list[tuple[str, str]]:
    """(name, SQL type) of the dossiers table, in order."""
    cols = [("source", "VARCHAR")]
    cols += [(f.name, SQL_TYPES[f.kind]) for f in FIELDS]
    cols += [("due_derived", "BOOLEAN"), ("job_id", "BIGINT")]
    return cols


def dossiers_ddl(table: str = "dossiers", extra: str = "") -> str:
    body = ",\n  ".join(f"{n} {t}" for n, t in dossier_columns())
    return f"CREATE TABLE IF NOT EXISTS {table} (\n  {extra}{body}\n)"


CALENDAR_DDL = "CREATE TABLE IF NOT EXISTS calendar (day DATE, is_working BOOLEAN, wd_index INTEGER)"

_STORE_SCHEMA = [
    dossiers_ddl(),
    dossiers_ddl("staging_dossiers", extra="row_no BIGINT,\n  "),
    """CREATE TABLE IF NOT EXISTS import_jobs (
      job_id BIGINT, source VARCHAR, path VARCHAR, file_key VARCHAR, profile VARCHAR, mapping VARCHAR,
      status VARCHAR, total_rows BIGINT, chunk_rows BIGINT, chunks_done INTEGER, staged BIGINT,
      quarantined BIGINT, inserted BIGINT, updated BIGINT, duplicates BIGINT,
      started_at TIMESTAMP, finished_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS quarantine (
      job_id BIGINT, source VARCHAR, row_no BIGINT, dossier_code VARCHAR, reason VARCHAR, raw VARCHAR,
      resolved_by_job BIGINT)""",
    CALENDAR_DDL,
]


def default_path() -> Path:
    """``$CCHC_ANALYTICS_PATH``, else ``<data dir>/analytics.duckdb`` (:mod:`cchc.config`, the web app's
    rule): the project's ``var/`` when ``CCHC_DATA_DIR`` is unset, whatever the current directory."""
    return config.analytics_path()


class DossierStore:
    """Owns one DuckDB connection to the store file (``":memory:"`` for tests)."""

    def __init__(self, path: str | Path | None = None, *, calendar: WorkingCalendar | None = None) -> None:
        self.path = str(path) if path is not None else str(default_path())
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(self.path)
        for ddl in [*_STORE_SCHEMA, *rollup.ddl()]:
            self.con.execute(ddl)
        rollup.ensure(self.con)
        snapshot.ensure_generation(self.con)
        row = self.con.execute("SELECT count(*) FROM calendar").fetchone()
        if calendar is not None or not row or row[0] == 0:
            self.refresh_calendar(calendar or WorkingCalendar.default())
        if self.path != ":memory:":
            # The pages read a snapshot of the store (cchc.analytics.snapshot); one left behind by a crash
            # between a commit and its publication, or by an upgrade, is replaced now.
            snapshot.publish_if_stale(self.con, self.path)

    def publish_snapshot(self) -> None:
        """Publish what the pages read (after a commit; nothing for an in-memory store)."""
        if self.path != ":memory:":
            snapshot.publish(self.con, self.path)

    def refresh_calendar(self, calendar: WorkingCalendar) -> None:
        """Rebuild the calendar table (day, is_working, cumulative working index) from ``calendar``."""
        rows = calendar.calendar_rows(CALENDAR_START, CALENDAR_END)
        # Three lists unnested by DuckDB: no Arrow table to register (that imports pandas, ~0.5 s of an
        # import's start-up on a fresh store).
        columns = {
            "days": [r[0] for r in rows],
            "working": [bool(r[1]) for r in rows],
            "index": [int(r[2]) for r in rows],
        }
        with transaction(self.con):
            self.con.execute("DELETE FROM calendar")
            self.con.execute(
                "INSERT INTO calendar SELECT unnest(CAST($days AS DATE[])), "
                "unnest(CAST($working AS BOOLEAN[])), unnest(CAST($index AS INTEGER[]))",
                columns,
            )

    def stored_path(self, path: str | Path) -> str:
        """A source file's path as ``import_jobs`` keeps it: relative to the store's folder (the data
        directory by default) when the file lies under it, so a restored copy of that folder can still
        resume an interrupted import; absolute otherwise."""
        p = Path(path).resolve()
        if self.path != ":memory:":
            try:
                return p.relative_to(Path(self.path).resolve().parent).as_posix()
            except ValueError:
                pass
        return str(p)

    def source_path(self, stored: str) -> Path:
        """The file on this machine of a path kept by :meth:`stored_path`."""
        p = Path(stored)
        if p.is_absolute() or self.path == ":memory:":
            return p
        return Path(self.path).resolve().parent / p

    def count(self, source: str | None = None) -> int:
        if source is None:
            row = self.con.execute("SELECT count(*) FROM dossiers").fetchone()
        else:
            row = self.con.execute("SELECT count(*) FROM dossiers WHERE source = ?", [source]).fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> DossierStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
