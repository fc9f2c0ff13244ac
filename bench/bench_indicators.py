"""Dossier import and 766 scorecard: DuckDB store vs a straightforward pandas implementation, same data.

quick: 1 M rows; full: 10 M rows. Targets (DESIGN.md §6): 10 M imported < 2 min, full scorecard
(every unit × month × group) < 3 s, ≥ 10× the pandas baseline, a day's increment folded in < 1 s.
"""

from __future__ import annotations

import resource
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

AS_OF = datetime(2026, 11, 1)


def _pandas_counts(df: Any) -> Any:
    """The same counts as cchc.analytics.sql.counts_sql, written the obvious pandas way."""
    import numpy as np
    import pandas as pd

    start = df["received_at"].dt.to_period("M").dt.start_time
    cutoff = (start + pd.DateOffset(months=1)).clip(upper=pd.Timestamp(AS_OF))
    fin = df["finished_at"]
    finished = fin.notna() & (fin < cutoff)
    pend = df["supplement_pending_at"]
    end = fin.where(finished, pend.where(pend.notna() & (pend < cutoff), cutoff - pd.Timedelta(seconds=1)))
    supp = df["supplement_days"].fillna(0).astype(float) * 86400
    ok = (end - pd.to_timedelta(supp, unit="s")) <= df["due_at"]
    on_time = np.where(df["supplement_count"].fillna(0) > 1, 0, np.where(df["due_at"].isna(), 1, ok))
    b = lambda c: df[c].fillna(False).astype(bool)  # noqa: E731
    no_paper = ~b("result_required") | b("e_result")
    fee = df["fee_amount"].fillna(0).astype(float) > 0
    paid = fee & df["paid_online"].isin([1, 2])
    work = pd.DataFrame(
        {
            "unit_code": df["unit_code"], "period_start": start, "received": 1,
            "synced_known": df["synced"].notna(), "synced": b("synced"), "on_time": on_time,
            "finished": finished, "online": (df["channel"] == 2) & no_paper, "fee_dossiers": fee,
            "paid_dossiers": paid, "fee_proc": df["procedure_code"].where(fee),
            "paid_proc": df["procedure_code"].where(paid), "result_required": finished & b("result_required"),
            "e_result": finished & b("result_required") & b("e_result"),
            "digitised": b("attachments_digitised") & no_paper, "reused": b("reused_data"),
            "shared": b("from_data_warehouse") | b("e_result"), "population": b("population_data"),
            "complaints": b("complaint") | (df["rating"].fillna(99) <= 2),
        }
    )  # fmt: skip
    g = work.groupby(["unit_code", "period_start"])
    sums = g.sum(numeric_only=True)
    sums["fee_procedures"] = g["fee_proc"].nunique()
    sums["paid_procedures"] = g["paid_proc"].nunique()
    return sums


def run(quick: bool = True) -> dict[str, Any]:
    from cchc.analytics.importer import import_file
    from cchc.analytics.indicators import indicator_counts, scorecard
    from cchc.analytics.store import DossierStore
    from cchc.analytics.synthetic import generate, write
    from cchc.domain.index766 import score

    rows = 1_000_000 if quick else 10_000_000
    out: dict[str, Any] = {"rows": rows}
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        t = time.perf_counter()
        table = generate(rows, seed=766)
        csv = write(table, Path(tmp) / "hoso.csv")
        del table
        out["generate_s"] = round(time.perf_counter() - t, 2)
        out["csv_mb"] = round(csv.stat().st_size / 1e6, 1)

        store = DossierStore(Path(tmp) / "analytics.duckdb")
        t = time.perf_counter()
        res = import_file(store, csv, source="bench", chunk_rows=1_000_000)
        dt = time.perf_counter() - t
        out["import_s"] = round(dt, 2)
        out["import_rows_per_s"] = round(rows / dt)
        out["import_target_10m_s"] = 120
        out["quarantined"] = res.quarantined

        scorecard(store, period="2026-01", as_of=AS_OF)  # warm-up (page cache, first query)
        t = time.perf_counter()
        cards = scorecard(store, as_of=AS_OF)
        dt_duck = time.perf_counter() - t
        out["scorecard_s"] = round(dt_duck, 3)
        out["scorecard_rows"] = len(cards)
        out["scorecard_target_s"] = 3.0

        t = time.perf_counter()
        df = store.con.execute("SELECT * FROM dossiers").df()
        out["pandas_load_s"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()
        sums = _pandas_counts(df)
        for rec in sums.reset_index().to_dict("records"):
            score(
                indicator_counts(
                    {k: int(v) for k, v in rec.items() if k not in ("unit_code", "period_start")}
                )
            )
        dt_pd = time.perf_counter() - t
        del df
        out["pandas_scorecard_s"] = round(dt_pd, 3)
        out["speedup_vs_pandas"] = round(dt_pd / dt_duck, 1)
        out["pandas_same_groups"] = len(sums) == len(cards)
        out["pandas_same_on_time"] = int(sums["on_time"].sum()) == sum(c.counts["on_time"] for c in cards)

        day = generate(
            max(rows // 1000, 100),
            seed=1,
            start=datetime(2026, 10, 30).date(),
            end=datetime(2026, 10, 30).date(),
        )
        day = day.set_column(
            0,
            "dossier_code",
            __import__("pyarrow").compute.binary_join_element_wise("NEW", day["dossier_code"], ""),
        )
        day_csv = write(day, Path(tmp) / "ngay.csv")
        t = time.perf_counter()
        import_file(store, day_csv, source="bench")
        scorecard(store, period="2026-10", as_of=AS_OF)
        out["day_increment_rows"] = day.num_rows
        out["day_increment_s"] = round(time.perf_counter() - t, 3)
        store.close()
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(quick="--full" not in sys.argv), indent=2))
