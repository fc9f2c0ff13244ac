"""Counts read onto today's unit tree: a mapping of historical unit codes joined when the counts are read.

Stored dossiers keep the unit code they were exported with. After a merger (two phòng → one), the
scorecard of the new unit must include the old units' dossiers without any row being rewritten
(docs/org-history.md). :func:`fold` wraps any counts query — the rollup cells, the live counts over the
rows, the open-period correction — in one outer query that joins a small inline table of
``(from_code, to_code)`` and adds each count of the old codes to the new code's. The text is the SQL
DuckDB and PostgreSQL share (``VALUES … AS um(from_code, to_code)``, a ``LEFT JOIN``, ``SUM``), so the
same mapping runs on every engine the counts run on (tests/analytics/test_unit_map.py).

Every count is a sum over dossiers except the distinct procedures of 3.5b, which are added too: a
procedure handled by two merged units counts once per former unit (as the alias codes of one unit are
already added, apps/dossiers/selectors.py). The unit filter (``:unit``) applies after the mapping, so
asking for the new unit's code returns the old codes' counts too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = ["fold", "values_table"]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def values_table(unit_map: Mapping[str, str]) -> str:
    """The mapping as an inline table ``um(from_code, to_code)`` (codes quoted as SQL literals)."""
    rows = ", ".join(f"({_literal(a)}, {_literal(b)})" for a, b in sorted(unit_map.items()))
    return f"(VALUES {rows}) AS um(from_code, to_code)"


def fold(
    inner: str,
    unit_map: Mapping[str, str],
    *,
    counts: Sequence[str],
    keys: Sequence[str] = ("procedure_code", "period_start"),
    unit_filter: bool = False,
) -> str:
    """``inner`` (rows of ``unit_code``, ``keys`` and ``counts``) with each unit code replaced by its
    entry in ``unit_map`` and the counts of codes now equal added up; ``unit_filter`` keeps the mapped
    code ``:unit``. An empty map returns ``inner`` unchanged (the "as it was" reading)."""
    if not unit_map:
        return inner
    unit = "COALESCE(um.to_code, q.unit_code)"
    key_cols = ", ".join(f"q.{k}" for k in keys)
    sums = ", ".join(f"CAST(SUM(q.{c}) AS BIGINT) AS {c}" for c in counts)
    where = f"\nWHERE {unit} = :unit" if unit_filter else ""
    order = ", ".join(str(i + 1) for i in range(len(keys) + 1))
    return f"""SELECT {unit} AS unit_code, {key_cols}, {sums}
FROM ({inner}) q
LEFT JOIN {values_table(unit_map)} ON um.from_code = q.unit_code{where}
GROUP BY {unit}, {key_cols}
ORDER BY {order}"""
