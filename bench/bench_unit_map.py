"""The 766 scorecard read onto today's tree (cchc.analytics.unitmap) against the same read as it was.

1 M synthetic dossiers (300 units, as the indicators bench), two units merged into a new code, then each
scorecard read (median of several runs): the rollup path the pages use (every unit × month of 2025,
and one merged unit's months), and the live recomputation from every row. ``overhead`` is mapped /
as-it-was. The merged unit's counts are checked to equal the sum of its two former units'.
"""

from __future__ import annotations

import statistics
import time
from datetime import date, datetime
from typing import Any

AS_OF = datetime(2026, 11, 1)
MAP = {"DV0": "MOI", "DV1": "MOI"}


def _median(fn: Any, n: int = 5) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def run(quick: bool = True) -> dict[str, Any]:
    from cchc.analytics import rollup
    from cchc.analytics.indicators import scorecard
    from cchc.analytics.store import DossierStore, dossier_columns
    from cchc.analytics.synthetic import generate

    rows = 1_000_000 if quick else 10_000_000
    table = generate(rows, start=date(2024, 1, 1), end=date(2026, 10, 31))
    store = DossierStore(":memory:")
    cols = [n for n, _ in dossier_columns() if n in table.column_names]
    store.con.register("_gen", table)
    store.con.execute(
        f"INSERT INTO dossiers (source, {', '.join(cols)}) SELECT 'gen', {', '.join(cols)} FROM _gen"
    )
    store.con.unregister("_gen")
    rollup.rebuild(store.con)
    out: dict[str, Any] = {"rows": rows}
    cases = {
        "rollup_all_units_2025_by_month": {"period": "2025", "grain": "month"},
        "rollup_merged_unit_2026_open": {"period": "2026", "grain": "month", "unit": "MOI"},
        "rows_all_units_2025_q3": {"period": "2025-Q3", "use_rollup": False},
    }
    for name, kw in cases.items():
        plain_kw = dict(kw)
        if plain_kw.get("unit") == "MOI":
            plain_kw["unit"] = "DV0"
        before = _median(lambda k=plain_kw: scorecard(store, as_of=AS_OF, **k))  # type: ignore[misc]
        after = _median(lambda k=kw: scorecard(store, as_of=AS_OF, unit_map=MAP, **k))  # type: ignore[misc]
        out[name] = {
            "as_it_was_s": round(before, 4),
            "mapped_s": round(after, 4),
            "overhead": round(after / before, 2),
        }
    was = {(r.unit, r.period): r.counts for r in scorecard(store, period="2025", as_of=AS_OF)}
    now = {(r.unit, r.period): r.counts for r in scorecard(store, period="2025", as_of=AS_OF, unit_map=MAP)}
    out["merged_equals_sum"] = all(
        now[("MOI", p)][c] == was.get(("DV0", p), {}).get(c, 0) + was.get(("DV1", p), {}).get(c, 0)
        for (u, p) in now
        if u == "MOI"
        for c in now[("MOI", p)]
    )
    store.close()
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
