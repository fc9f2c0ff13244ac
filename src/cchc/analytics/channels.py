"""Dossiers received per unit × procedure × channel in a period (cost by channel, docs/procedures.md).

A dossier belongs to the period of its NgayTiepNhan (``received_at``), as in every 766 count (sql.py). The
channel is the stored KenhThucHien (1 or empty: in person, 2: online, 3: postal; 766 indicator 3.3). The
``unit_map`` reads onto today's tree exactly as the scorecard does (:mod:`cchc.analytics.unitmap`): the
counts of a merged unit's old codes are added to the code carrying its history. Plain SQL that DuckDB and
PostgreSQL share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from cchc.analytics.periods import midnight
from cchc.analytics.sql import Dialect, bind, used_params
from cchc.analytics.unitmap import fold

__all__ = ["ChannelCount", "channel_counts", "channel_sql"]


@dataclass(frozen=True, slots=True)
class ChannelCount:
    unit: str  # store unit code (today's, when mapped)
    procedure: str
    channel: int  # 1 in person (also empty), 2 online, 3 postal
    dossiers: int


def _name(i: int) -> str:
    """Placeholder name of the i-th unit code: letters only (sql.bind reads ``:[a-z_]+``)."""
    letters = ""
    while True:
        i, r = divmod(i, 26)
        letters = chr(97 + r) + letters
        if i == 0:
            return f"unit_{letters}"
        i -= 1


def channel_sql(*, units: int, procedure: bool, unit_map: Mapping[str, str] | None = None) -> str:
    """The count query; ``units`` stored codes are asked as ``:unit_a``…; ``procedure`` filters ``:procedure``."""
    where = ["d.received_at >= :start", "d.received_at < :end"]
    if units:
        where.append("d.unit_code IN (" + ", ".join(f":{_name(i)}" for i in range(units)) + ")")
    if procedure:
        where.append("d.procedure_code = :procedure")
    inner = f"""SELECT d.unit_code, d.procedure_code,
  CASE WHEN d.channel IN (2, 3) THEN d.channel ELSE 1 END AS channel_key, COUNT(*) AS dossiers
FROM dossiers d
WHERE {" AND ".join(where)}
GROUP BY 1, 2, 3"""
    if unit_map:
        return fold(inner, unit_map, counts=("dossiers",), keys=("procedure_code", "channel_key"))
    return inner + "\nORDER BY 1, 2, 3"


def channel_counts(
    con: Any,
    *,
    start: date,
    end: date,
    unit_codes: Sequence[str] | None = None,
    procedure: str = "",
    unit_map: Mapping[str, str] | None = None,
    dialect: Dialect = "duckdb",
) -> list[ChannelCount]:
    """Counts of dossiers received in [start, end) by unit × procedure × channel. ``unit_codes``: the
    stored codes to read (None: all; an empty list reads nothing); ``con``: a DuckDB connection (or a
    DB-API cursor for PostgreSQL with ``dialect="postgres"``)."""
    if unit_codes is not None and not unit_codes:
        return []
    codes = sorted(set(unit_codes or ()))
    params: dict[str, Any] = {"start": midnight(start), "end": midnight(end), "procedure": procedure}
    params.update({_name(i): c for i, c in enumerate(codes)})
    sql = bind(channel_sql(units=len(codes), procedure=bool(procedure), unit_map=unit_map), dialect)
    rows = con.execute(sql, used_params(sql, dialect, params))
    rows = rows.fetchall() if hasattr(rows, "fetchall") else con.fetchall()
    return [ChannelCount(str(u), str(p or ""), int(c), int(n)) for u, p, c, n in rows]
