"""Counts of every unit × month / quarter / year, kept up to date by the import that changes them.

A scorecard period whose end has passed (``as_of``) is *closed*: its counts can only change when
dossiers received in it are imported again. The import therefore recomputes, in the same transaction
as its upsert, the rollup cells of every month it touched (new rows and the old rows they replace) for
the three grains; the scorecard reads closed periods from ``counts_rollup`` and computes open periods
(where open dossiers are judged at ``as_of``), custom ranges and per-procedure cards live. The cells are
filled by :func:`cchc.analytics.sql.rollup_insert_sql`, i.e. by the live query itself judged at the
period end, so a closed period reads exactly what a recomputation from the rows would give
(tests/analytics/test_rollup.py compares them after imports, re-imports and moved dossiers).

``rollup_meta`` records a signature of the SQL that filled the rollup. A store created by an older
version, or whose rows came in before this table existed, is marked invalid on opening: the scorecard
then computes everything live until the next import (or ``cchc dossiers rollup``) rebuilds it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime

import duckdb

from cchc.analytics.periods import Grain, Period
from cchc.analytics.sql import DISLIKE_RATING, bind, rollup_insert_sql

GRAINS: tuple[Grain, ...] = ("month", "quarter", "year")
FAR_FUTURE = datetime(2200, 1, 1)  # as_of of the stored counts: the cutoff is then the period end
VERSION = "1"
META_DDL = "CREATE TABLE IF NOT EXISTS rollup_meta (signature VARCHAR, valid BOOLEAN)"


def signature() -> str:
    text = "|".join([VERSION, str(DISLIKE_RATING), *(rollup_insert_sql(g) for g in GRAINS)])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def period_start(day: date, grain: Grain) -> date:
    """Start of the month / quarter / year containing ``day``."""
    if grain == "month":
        return date(day.year, day.month, 1)
    if grain == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def next_start(start: date, grain: Grain) -> date:
    months = {"month": 1, "quarter": 3, "year": 12}[grain]
    y, m = divmod(start.month - 1 + months, 12)
    return date(start.year + y, m + 1, 1)


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """On opening a store: create the meta row, or invalidate counts filled by another SQL version."""
    row = con.execute("SELECT signature FROM rollup_meta").fetchone()
    sig = signature()
    if row is None:
        empty = con.execute("SELECT 1 FROM dossiers LIMIT 1").fetchone() is None
        con.execute("INSERT INTO rollup_meta VALUES (?, ?)", [sig, empty])
    elif row[0] != sig:
        con.execute("BEGIN")
        con.execute("DELETE FROM counts_rollup")
        con.execute("UPDATE rollup_meta SET signature = ?, valid = FALSE", [sig])
        con.execute("COMMIT")


def is_valid(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("SELECT valid FROM rollup_meta").fetchone()
    return bool(row and row[0])


def _runs(starts: list[date], grain: Grain) -> list[tuple[date, date]]:
    """Sorted period starts → [start, end) ranges of consecutive periods."""
    runs: list[tuple[date, date]] = []
    for s in starts:
        if runs and runs[-1][1] == s:
            runs[-1] = (runs[-1][0], next_start(s, grain))
        else:
            runs.append((s, next_start(s, grain)))
    return runs


def _fill(con: duckdb.DuckDBPyConnection, grain: Grain, start: date, end: date) -> None:
    con.execute(
        "DELETE FROM counts_rollup WHERE grain = ? AND period_start >= ? AND period_start < ?",
        [grain, start, end],
    )
    con.execute(
        bind(rollup_insert_sql(grain), "duckdb"),
        {
            "start": datetime.combine(start, datetime.min.time()),
            "end": datetime.combine(end, datetime.min.time()),
            "as_of": FAR_FUTURE,
            "dislike_rating": DISLIKE_RATING,
        },
    )


def refresh(con: duckdb.DuckDBPyConnection, months: Iterable[date]) -> None:
    """Recompute the cells of the periods containing ``months`` (the caller holds the transaction).

    On an invalid rollup the whole of it is rebuilt instead, which makes it valid again.
    """
    if not is_valid(con):
        _rebuild(con)
        return
    months = list(months)
    for grain in GRAINS:
        for start, end in _runs(sorted({period_start(m, grain) for m in months}), grain):
            _fill(con, grain, start, end)


def _rebuild(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DELETE FROM counts_rollup")
    row = con.execute("SELECT min(received_at), max(received_at) FROM dossiers").fetchone()
    if row and row[0] is not None:
        first, last = row[0].date(), row[1].date()
        for grain in GRAINS:
            _fill(con, grain, period_start(first, grain), next_start(period_start(last, grain), grain))
    con.execute("UPDATE rollup_meta SET valid = TRUE")


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute the whole rollup in one transaction (after an upgrade changed the indicator SQL)."""
    con.execute("BEGIN")
    try:
        _rebuild(con)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def closed_until(p: Period, grain: Grain, as_of: datetime) -> date | None:
    """Where the closed periods of ``p`` end (the open part starts), or None when the rollup cannot serve.

    The rollup serves month / quarter / year grains over periods aligned on them; a period is closed
    when its end is at or before ``as_of``.
    """
    if grain == "range" or period_start(p.start, grain) != p.start or period_start(p.end, grain) != p.end:
        return None
    return max(p.start, min(p.end, period_start(as_of.date(), grain)))
