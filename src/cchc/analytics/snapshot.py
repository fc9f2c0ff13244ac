"""The pages' snapshot: what the scorecard pages read, in a small file of its own, so they never wait
for an import.

DuckDB lets one process open a database file for writing, and no other process may open it at all
meanwhile, not even to read (docs/analytics.md, "Pages never wait for an import"). An import holds the
store for its whole run. The pages therefore do not read the store: after every commit the writer
copies, from its own connection, what they need into a new file next to the store, and points the
pages at it:

- ``counts_rollup``: every unit × month / quarter / year cell (:mod:`cchc.analytics.rollup`);
- ``open_dossiers``: the rows a period still open at the cut-off judges again
  (:func:`cchc.analytics.scorecard._rejudge_open_periods`): those received since the start of the year of
  ``horizon`` and not finished before ``horizon`` (the start of the month of the latest receipt, at
  the latest today's). For any cut-off at or after ``horizon`` they hold every row the correction
  reads, so a card computed here equals the store's (tests/analytics/test_snapshot.py);
- ``open_changes``: the instants at which one of those rows may be judged differently, sorted (where a
  page's kept result ends, :class:`cchc.analytics.scorecard.ResultCache`);
- ``snapshot_meta``: the store's state it was taken from (``key``), the rollup's signature and
  validity, ``horizon`` and ``open_from``.

Files: ``<store>.pages/pages-<generation>-<random>.duckdb``, and ``current``, a one-line pointer to the
file in use, replaced atomically (``os.replace``) after the new file is complete. A reader reads the
pointer and opens that file read-only: many processes may. A file is never written once published, so a
reader holding the previous one keeps a consistent state; the writer deletes files older than the
previous one. Each file has a name of its own because DuckDB shares one database instance per path
inside a process: a reused name would keep serving the old file to a process that still had it open.

The store records its state (``store_meta.generation``, bumped by each import commit, with the rollup's
signature and validity): a writer opening the store republishes when the pointer's key differs, so a
crash between a commit and its publication is repaired by the next opening (the worker's rerun).
"""

from __future__ import annotations

import json
import os
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb

from cchc.analytics import rollup
from cchc.analytics.periods import Grain, JudgeOpen, Period
from cchc.analytics.sql import late_at_sql, prejudged_sql

POINTER = "current"
FILE_PREFIX = "pages-"
# What a published file holds: 2 adds ``open_dossiers.late_at`` (when each row turns late), 3 the table
# ``open_changes``, 4 each open row's period starts and its judging at their ends
# (cchc.analytics.sql.prejudged_sql). A pointer to an older file is republished by the next writer; until
# then readers compute what it lacks (cchc.analytics.scorecard).
FORMAT = 4
CHANGES_TABLE = "open_changes"
OPEN_TABLE = "open_dossiers"
# Rows per row group of a published file (DuckDB's default is 122 880). The open rows of a year are a few
# hundred thousand at 10 M dossiers: in default groups that is 4–5 groups for the two cores to share,
# and one core ends up with the larger part of the year to date's re-judging. Smaller groups share it
# evenly (about 15 % off that query on 2 cores, measured alternately on the same rows).
ROW_GROUP_ROWS = 30_720
_META = "snapshot_meta"
STORE_META_DDL = "CREATE TABLE IF NOT EXISTS store_meta (store_id VARCHAR, generation BIGINT)"


def folder(store_path: str | Path) -> Path:
    """The snapshot folder of the store file ``store_path``: ``<store>.pages`` beside it."""
    p = Path(store_path)
    return p.with_name(p.name + ".pages")


# -- the writer's side (the process holding the store) ----------------------------------------------


def ensure_generation(con: duckdb.DuckDBPyConnection) -> None:
    """On opening a store: its meta row, a random id (so a snapshot left by another store file at the
    same place is never taken for this one's) and the generation (1 for a store filled before
    snapshots existed, else 0)."""
    con.execute(STORE_META_DDL)
    if con.execute("SELECT 1 FROM store_meta").fetchone() is None:
        filled = con.execute("SELECT 1 FROM dossiers LIMIT 1").fetchone() is not None
        con.execute("INSERT INTO store_meta VALUES (?, ?)", [secrets.token_hex(8), 1 if filled else 0])


def bump_generation(con: duckdb.DuckDBPyConnection) -> None:
    """Inside the transaction that changes the dossiers (the import's commit)."""
    con.execute("UPDATE store_meta SET generation = generation + 1")


def store_key(con: duckdb.DuckDBPyConnection) -> str:
    """The state of the store a snapshot reflects: generation, store id, rollup signature and validity."""
    row = con.execute("SELECT generation, store_id FROM store_meta").fetchone()
    meta = con.execute("SELECT signature, valid FROM rollup_meta").fetchone()
    gen, store_id = (row[0], row[1]) if row else (0, "")
    return f"{gen}:{store_id}:{meta[0] if meta else ''}:{bool(meta and meta[1])}"


def _pointer(dir_: Path) -> dict[str, str] | None:
    try:
        data = json.loads((dir_ / POINTER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "file" in data else None


def is_current(con: duckdb.DuckDBPyConnection, store_path: str) -> bool:
    """Whether the published snapshot reflects the store as it is (the pointer's key)."""
    pointer = _pointer(folder(store_path))
    return (
        pointer is not None
        and pointer.get("key") == store_key(con)
        and str(pointer.get("format", 1)) == str(FORMAT)
    )


def horizon_of(con: duckdb.DuckDBPyConnection, now: datetime | None = None) -> datetime:
    """The earliest cut-off the snapshot serves: the start of the month of the latest receipt, at the
    latest the start of the current month (a receipt dated in the future does not move it on)."""
    now = now or datetime.now()
    row = con.execute("SELECT max(received_at) FROM dossiers").fetchone()
    latest = min(row[0], now) if row and row[0] is not None else now
    return datetime(latest.year, latest.month, 1)


def publish(con: duckdb.DuckDBPyConnection, store_path: str, *, now: datetime | None = None) -> Path:
    """Write a new snapshot of the store open on ``con`` (outside any transaction) and point the pages
    at it. Returns the new file."""
    dir_ = folder(store_path)
    dir_.mkdir(parents=True, exist_ok=True)
    key = store_key(con)
    gen = key.split(":", 1)[0]
    name = f"{FILE_PREFIX}{gen}-{secrets.token_hex(4)}.duckdb"
    tmp = dir_ / f".{name}.tmp"
    tmp.unlink(missing_ok=True)
    horizon = horizon_of(con, now)
    open_from = date(horizon.year, 1, 1)
    meta = con.execute("SELECT signature, valid FROM rollup_meta").fetchone()
    signature, valid = (str(meta[0]), bool(meta[1])) if meta else ("", False)
    quoted = str(tmp).replace("'", "''")
    con.execute(f"ATTACH '{quoted}' AS pages_snapshot (ROW_GROUP_SIZE {ROW_GROUP_ROWS})")
    try:
        con.execute(
            f"CREATE TABLE pages_snapshot.{_META} AS SELECT ? AS key, ? AS signature, ? AS valid, "
            "CAST(? AS TIMESTAMP) AS horizon, CAST(? AS DATE) AS open_from, CAST(? AS TIMESTAMP) AS built_at",
            [key, signature, valid, horizon, open_from, datetime.now()],
        )
        con.execute("CREATE TABLE pages_snapshot.counts_rollup AS SELECT * FROM counts_rollup")
        # Ordered by receipt, like the store: a period's correction skips the other row groups. Computed
        # once here instead of at every page's first read: ``late_at``, the instant each row turns late if
        # still open (what the pages' kept results are valid until, cchc.analytics.scorecard._next_change),
        # and each row's period starts and judging at their ends (half of the correction's work).
        rows = "(SELECT * FROM dossiers WHERE received_at >= ? AND (finished_at IS NULL OR finished_at >= ?))"
        con.execute(
            f"CREATE TABLE pages_snapshot.{OPEN_TABLE} AS SELECT *, {late_at_sql()} AS late_at "
            f"FROM ({prejudged_sql(rows)}) o ORDER BY received_at",
            [datetime(open_from.year, 1, 1), horizon],
        )
        # Every instant at which one of those rows may be judged differently (its finish, its pending
        # supplement request, the moment it turns late), sorted: the first one after a cut-off is where a
        # page's kept result ends (zone maps find it without reading the table).
        con.execute(
            f"CREATE TABLE pages_snapshot.{CHANGES_TABLE} AS SELECT DISTINCT t FROM ("
            f"SELECT finished_at AS t FROM pages_snapshot.{OPEN_TABLE} UNION ALL "
            f"SELECT supplement_pending_at FROM pages_snapshot.{OPEN_TABLE} UNION ALL "
            f"SELECT late_at FROM pages_snapshot.{OPEN_TABLE}) c WHERE t IS NOT NULL ORDER BY t"
        )
    finally:
        con.execute("DETACH pages_snapshot")
    final = dir_ / name
    os.replace(tmp, final)
    _fsync_dir(dir_)
    _write_pointer(dir_, {"file": name, "key": key, "format": str(FORMAT)})
    _prune(dir_, keep={name, _last_published(dir_, name)})
    return final


def _write_pointer(dir_: Path, data: dict[str, str]) -> None:
    tmp = dir_ / f".{POINTER}.{secrets.token_hex(4)}.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps(data))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, dir_ / POINTER)
    _fsync_dir(dir_)


def _fsync_dir(dir_: Path) -> None:
    with suppress(OSError):
        fd = os.open(dir_, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _last_published(dir_: Path, current: str) -> str:
    """The newest snapshot file other than ``current`` (kept one more round for readers holding it)."""
    others = [p for p in dir_.glob(f"{FILE_PREFIX}*.duckdb") if p.name != current]
    return max(others, key=lambda p: p.stat().st_mtime_ns).name if others else ""


def _prune(dir_: Path, *, keep: set[str]) -> None:
    for p in dir_.iterdir():
        if p.name == POINTER or p.name in keep:
            continue
        if p.name.startswith(FILE_PREFIX) or p.name.startswith(f".{FILE_PREFIX}"):
            with suppress(OSError):
                p.unlink()


def publish_if_stale(con: duckdb.DuckDBPyConnection, store_path: str) -> bool:
    """Republish when the pointer does not reflect the store (after a crash between a commit and its
    publication, an upgrade, a first opening of a store filled before snapshots existed). An empty store
    that never had an import has nothing to publish: pages then read the store itself."""
    if is_current(con, store_path):
        return False
    gen = con.execute("SELECT generation FROM store_meta").fetchone()
    if not gen or not gen[0]:
        if _pointer(folder(store_path)) is None:
            return False
    publish(con, store_path)
    return True


# -- the readers' side (pages, any number of processes) ---------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """One published snapshot open read-only (a connection of its own, closed by :func:`open_snapshot`)."""

    con: duckdb.DuckDBPyConnection
    path: Path
    key: str
    signature: str
    valid: bool
    horizon: datetime
    open_from: date
    format: int = 1

    def serves(
        self,
        period: Period,
        grain: Grain,
        *,
        by_procedure: bool = False,
        as_of: datetime,
        judge_open: JudgeOpen = "period_end",
    ) -> bool:
        """Whether a scorecard with these options reads only what the snapshot holds: unit cards of
        aligned month / quarter / year periods, open dossiers judged at the period end, a cut-off at or
        after ``horizon``, a rollup filled by the SQL of this version."""
        return (
            self.valid
            and self.signature == rollup.signature()
            and not by_procedure
            and judge_open == "period_end"
            and as_of >= self.horizon
            and rollup.closed_until(period, grain, as_of) is not None
        )

    def received_by_unit(self, period: Period) -> list[tuple[str, int]] | None:
        """(unit code, dossiers received in ``period``) from the cells of an aligned month / quarter /
        year period (None for a custom range: the caller counts the store's rows)."""
        grain = period.grain
        if not self.valid or self.signature != rollup.signature() or grain == "range":
            return None
        rows = self.con.execute(
            "SELECT unit_code, sum(received) FROM counts_rollup WHERE grain = ? AND period_start >= ? "
            "AND period_start < ? GROUP BY 1 ORDER BY 2 DESC, 1",
            [grain, period.start, period.end],
        ).fetchall()
        return [(str(c), int(n)) for c, n in rows]


# One anchor connection per snapshot folder, to the file in use: it keeps DuckDB's database instance
# open, so a page's own connection costs well under a millisecond instead of opening the file again.
_anchors: dict[Path, tuple[Path, duckdb.DuckDBPyConnection]] = {}
_anchors_lock = threading.Lock()
_MAX_ANCHORS = 4


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    dir_ = path.parent
    with _anchors_lock:
        held = _anchors.get(dir_)
        if held is None or held[0] != path:
            anchor = duckdb.connect(str(path), read_only=True)
            _anchors.pop(dir_, None)
            if held is not None:
                held[1].close()  # pages still reading it hold connections of their own
            while len(_anchors) >= _MAX_ANCHORS:
                _anchors.pop(next(iter(_anchors)))[1].close()
            _anchors[dir_] = (path, anchor)
        return duckdb.connect(str(path), read_only=True)


def forget_anchors() -> None:
    """Close the kept connections (tests, and a process about to delete a store)."""
    with _anchors_lock:
        for _path, anchor in _anchors.values():
            anchor.close()
        _anchors.clear()


@contextmanager
def open_snapshot(store_path: str | Path) -> Iterator[Snapshot | None]:
    """The published snapshot of the store at ``store_path`` (None when there is none or it cannot be
    read: the caller reads the store). Never waits on the store's lock."""
    dir_ = folder(store_path)
    con = snap = None
    for _attempt in range(3):  # a file pruned between reading the pointer and opening it: read again
        pointer = _pointer(dir_)
        if pointer is None:
            break
        path = dir_ / pointer["file"]
        try:
            con = _connect(path)
            row = con.execute(f"SELECT key, signature, valid, horizon, open_from FROM {_META}").fetchone()
        except (duckdb.Error, OSError):
            if con is not None:
                con.close()
                con = None
            continue
        if row is None:
            con.close()
            con = None
            break
        fmt = int(pointer.get("format", 1)) if str(pointer.get("format", 1)).isdigit() else 1
        snap = Snapshot(con, path, str(row[0]), str(row[1]), bool(row[2]), row[3], row[4], fmt)
        break
    try:
        yield snap
    finally:
        if con is not None:
            con.close()
