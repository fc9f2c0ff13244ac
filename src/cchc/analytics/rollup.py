"""Counts of every unit × month / quarter / year, kept up to date by the import that changes them.

A scorecard period whose end has passed (``as_of``) is *closed*: its counts can only change when
dossiers received in it are imported again. The scorecard reads every month / quarter / year unit cell
from ``counts_rollup``. A closed period's cell is exact. A period still open at ``as_of`` has a cell
judged at the period's end, so the scorecard judges again, at ``as_of``, only the dossiers not
finished before it (:func:`cchc.analytics.scorecard._rejudge_open_periods`). Custom ranges and
per-procedure cards are computed live.

Three tables, all recomputed in the import's own transaction for the months it touched (the months of
the new rows and of the rows they replace):

- ``rollup_months``: the live counts query (:func:`cchc.analytics.sql.counts_sql`) grouped by unit ×
  month, judged at the month's end, plus the counts that depend on the cutoff
  (:data:`~cchc.analytics.sql.CUTOFF_COUNTS`) judged at the end of the month's quarter and year
  (``also_judged_at``; one pass). Every count but the distinct procedures of 3.5b is a sum over
  dossiers, so a quarter's or year's counts are the sums of its months, judged at its end;
- ``rollup_procedures``: unit × procedure × month, and for each count of distinct procedures (3.5b: with
  a fee dossier, with a dossier paid online) whether a dossier of it meets the count's condition, from
  which the distinct procedures of any quarter or year are counted;
- ``counts_rollup``: the cells the scorecard reads (grain, unit, period, every count), derived from the
  two above for the periods containing the touched months.

A day's fold-in thus rescans only the rows of the months it touched, never a whole year.
tests/analytics/test_rollup.py compares every cell with a recomputation from the rows (after imports,
re-imports, moved dossiers, a second source), and ``make bench`` does it again on 1 M / 10 M rows.

``rollup_meta`` records a signature of the SQL that filled the rollup. A store created by an older
version, or whose rows came in before these tables existed, is marked invalid on opening: the scorecard
then computes everything live until the next import (or ``cchc dossiers rollup``) rebuilds it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime

import duckdb

from cchc.analytics.periods import Grain, Period
from cchc.analytics.sql import (
    COUNT_COLUMNS,
    CUTOFF_COUNTS,
    DISLIKE_RATING,
    PROCEDURE_COUNTS,
    bind,
    count_params,
    counts_sql,
    used_params,
)
from cchc.analytics.transaction import transaction
from cchc.domain.index766_specs import derived

GRAINS: tuple[Grain, ...] = ("month", "quarter", "year")
FAR_FUTURE = datetime(2200, 1, 1)  # as_of of the stored counts: the cutoff is then the period end
VERSION = "4"
_LATER = ("quarter", "year")  # the other cutoffs a month's dossiers are judged at
_TABLES = ("counts_rollup", "rollup_months", "rollup_procedures")
_OLD_TABLES = ("rollup_fee_procedures",)  # before version 4; dropped on upgrade


def _distinct() -> tuple[str, ...]:
    """The counts of distinct procedures (3.5b): recounted per period, not summed over months."""
    return tuple(PROCEDURE_COUNTS)


def _month_columns() -> tuple[str, ...]:
    return (*COUNT_COLUMNS, *(f"{c}_{g}" for g in _LATER for c in CUTOFF_COUNTS))


def ddl() -> list[str]:
    """The rollup tables, with one column per count of the indicator entries."""
    bigints = ", ".join(f"{c} BIGINT" for c in COUNT_COLUMNS)
    flags = "".join(f", {c} BOOLEAN" for c in _distinct())
    return [
        f"CREATE TABLE IF NOT EXISTS counts_rollup (grain VARCHAR, unit_code VARCHAR, period_start DATE, {bigints})",
        "CREATE TABLE IF NOT EXISTS rollup_months (unit_code VARCHAR, period_start DATE, "
        + ", ".join(f"{c} BIGINT" for c in _month_columns())
        + ")",
        f"CREATE TABLE IF NOT EXISTS rollup_procedures (unit_code VARCHAR, procedure_code VARCHAR, period_start DATE{flags})",
        "CREATE TABLE IF NOT EXISTS rollup_meta (signature VARCHAR, valid BOOLEAN)",
    ]


def months_insert_sql() -> str:
    """Unit × month counts of dossiers received in [:start, :end), judged at the end of their month, with
    the cutoff-dependent counts also judged at the end of their quarter and year (``:as_of`` far ahead)."""
    inner = counts_sql("month", unit_filter=False, by_procedure=False, also_judged_at=_LATER)
    columns = ", ".join(_month_columns())
    return f"INSERT INTO rollup_months SELECT unit_code, period_start, {columns} FROM ({inner}) q"


def procedures_insert_sql() -> str | None:
    """Unit × procedure × month, and for each distinct-procedure count whether a dossier of it meets the
    count's condition (None without such counts)."""
    if not _distinct():
        return None
    flags = ", ".join(f"BOOL_OR({cond})" for cond in PROCEDURE_COUNTS.values())
    any_flag = " OR ".join(f"({cond})" for cond in PROCEDURE_COUNTS.values())
    return f"""INSERT INTO rollup_procedures
SELECT unit_code, procedure_code, CAST(DATE_TRUNC('month', received_at) AS DATE), {flags}
FROM dossiers
WHERE received_at >= :start AND received_at < :end AND ({any_flag})
GROUP BY 1, 2, 3"""


def cells_insert_sql(grain: Grain) -> str:
    """``counts_rollup`` cells of the periods starting in [:start, :end), from the two month tables."""
    cols = ", ".join(COUNT_COLUMNS)
    if grain == "month":
        return (
            f"INSERT INTO counts_rollup SELECT 'month', unit_code, period_start, {cols} FROM rollup_months "
            "WHERE period_start >= :start AND period_start < :end"
        )
    distinct = _distinct()
    trunc = f"CAST(DATE_TRUNC('{grain}', period_start) AS DATE)"
    sums = ", ".join(
        f"SUM({c}_{grain}) AS {c}" if c in CUTOFF_COUNTS else f"SUM({c}) AS {c}"
        for c in COUNT_COLUMNS
        if c not in distinct
    )
    picked = ", ".join(f"COALESCE(f.{c}, 0)" if c in distinct else f"m.{c}" for c in COUNT_COLUMNS)
    procs = ""
    if distinct:
        ors = ", ".join(f"BOOL_OR({c}) AS {c}" for c in distinct)
        n_procs = ", ".join(f"COUNT(*) FILTER (WHERE {c}) AS {c}" for c in distinct)
        procs = f"""
LEFT JOIN (
  SELECT unit_code, period_start, {n_procs}
  FROM (SELECT unit_code, procedure_code, {trunc} AS period_start, {ors}
        FROM rollup_procedures
        WHERE period_start >= :start AND period_start < :end
        GROUP BY 1, 2, 3) p
  GROUP BY 1, 2
) f ON f.unit_code = m.unit_code AND f.period_start = m.period_start"""
    return f"""INSERT INTO counts_rollup
SELECT '{grain}', m.unit_code, m.period_start, {picked}
FROM (SELECT unit_code, {trunc} AS period_start, {sums}
      FROM rollup_months
      WHERE period_start >= :start AND period_start < :end
      GROUP BY 1, 2) m{procs}"""


def read_sql(*, unit_filter: bool) -> str:
    """Cells of ``:grain`` for the periods starting in [:start, :end), in the column order of counts_sql."""
    unit = "AND unit_code = :unit" if unit_filter else ""
    return f"""SELECT unit_code, CAST(NULL AS VARCHAR) AS procedure_code, period_start, {", ".join(COUNT_COLUMNS)}
FROM counts_rollup
WHERE grain = :grain AND period_start >= CAST(:start AS DATE) AND period_start < CAST(:end AS DATE) {unit}
ORDER BY unit_code, period_start"""


def _signature() -> str:
    texts = [*ddl(), months_insert_sql(), procedures_insert_sql() or ""] + [
        cells_insert_sql(g) for g in GRAINS
    ]
    text = "|".join([VERSION, str(DISLIKE_RATING), *texts])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


_signature_now = derived(_signature)


def signature() -> str:
    """A hash of the SQL that fills the rollup (it changes with the indicator entries)."""
    return _signature_now()


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
    elif row[0] != sig:  # tables of another version: recreated empty (their columns may differ)
        with transaction(con):
            for table in (*_TABLES, *_OLD_TABLES):
                con.execute(f"DROP TABLE IF EXISTS {table}")
            for text in ddl():
                con.execute(text)
            con.execute("UPDATE rollup_meta SET signature = ?, valid = FALSE", [sig])


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


def _recompute(con: duckdb.DuckDBPyConnection, months: set[date]) -> None:
    """Recompute the month tables for ``months`` (month starts), then the cells of every grain over them."""
    for start, end in _runs(sorted(months), "month"):
        for table in ("rollup_months", "rollup_procedures"):
            con.execute(f"DELETE FROM {table} WHERE period_start >= ? AND period_start < ?", [start, end])
        values = count_params(start, end, as_of=FAR_FUTURE)
        for text in (months_insert_sql(), procedures_insert_sql()):
            if text is None:
                continue
            sql = bind(text, "duckdb")
            con.execute(sql, used_params(sql, "duckdb", values))
    for grain in GRAINS:
        for start, end in _runs(sorted({period_start(m, grain) for m in months}), grain):
            con.execute(
                "DELETE FROM counts_rollup WHERE grain = ? AND period_start >= ? AND period_start < ?",
                [grain, start, end],
            )
            con.execute(bind(cells_insert_sql(grain), "duckdb"), {"start": start, "end": end})


def refresh(con: duckdb.DuckDBPyConnection, months: Iterable[date]) -> None:
    """Recompute the rollup for the receipt ``months`` an import touched (the caller holds the transaction).

    On an invalid rollup the whole of it is rebuilt instead, which makes it valid again.
    """
    if not is_valid(con):
        _rebuild(con)
        return
    _recompute(con, {period_start(m, "month") for m in months})


def _rebuild(con: duckdb.DuckDBPyConnection) -> None:
    for table in _TABLES:
        con.execute(f"DELETE FROM {table}")
    row = con.execute("SELECT min(received_at), max(received_at) FROM dossiers").fetchone()
    if row and row[0] is not None:
        months, month = set(), period_start(row[0].date(), "month")
        while month <= row[1].date():
            months.add(month)
            month = next_start(month, "month")
        _recompute(con, months)
    con.execute("UPDATE rollup_meta SET valid = TRUE")


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute the whole rollup in one transaction (after an upgrade changed the indicator SQL)."""
    with transaction(con):
        _rebuild(con)


def closed_until(p: Period, grain: Grain, as_of: datetime) -> date | None:
    """Where the closed periods of ``p`` end (the open part starts), or None when the rollup cannot serve.

    The rollup serves month / quarter / year grains over periods aligned on them; a period is closed
    when its end is at or before ``as_of``.
    """
    if grain == "range" or period_start(p.start, grain) != p.start or period_start(p.end, grain) != p.end:
        return None
    return max(p.start, min(p.end, period_start(as_of.date(), grain)))
