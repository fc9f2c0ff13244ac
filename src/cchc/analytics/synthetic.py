"""Deterministic synthetic dossiers (seeded numpy) for tests and benchmarks.

Received on working days of the real calendar (holidays, Tết, swaps) during office hours; NgayHenTra =
received + the procedure's time limit in working days; ~85 % finish on time, some late, ~5 % still
open; ~10 % have one supplement request, ~1 % two; channel mix 1/2/3; fees on some procedures.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from cchc.domain.calendar import WorkingCalendar
from cchc.domain.errors import UserError


def generate(
    rows: int,
    *,
    seed: int = 766,
    start: date = date(2024, 1, 1),
    end: date = date(2026, 10, 31),
    units: int = 300,
    procedures: int = 2000,
    calendar: WorkingCalendar | None = None,
) -> pa.Table:
    """A canonical-column Arrow table of ``rows`` dossiers; same seed → same data."""
    rng = np.random.default_rng(seed)
    cal_rows = (calendar or WorkingCalendar.default()).calendar_rows(start, date(end.year + 2, 12, 31))
    days = np.array([r[0] for r in cal_rows], dtype="datetime64[D]")
    working = np.array([r[1] for r in cal_rows])
    work_days = days[working]  # the k-th working day
    n_recv = int(np.searchsorted(work_days, np.datetime64(end, "D"), side="right"))

    proc_limit = rng.choice([1, 3, 5, 7, 10, 15, 20], size=procedures)  # working days per procedure
    proc_fee = np.where(
        rng.random(procedures) < 0.4, rng.choice([0, 50_000, 100_000, 16_000_000], procedures), 0
    )
    proc_paper = rng.random(procedures) < 0.5

    unit = rng.integers(0, units, rows)
    proc = rng.integers(0, procedures, rows)
    k_recv = rng.integers(0, n_recv, rows)
    recv_s = rng.integers(8 * 3600, 17 * 3600, rows).astype("timedelta64[s]")
    received = work_days[k_recv].astype("datetime64[s]") + recv_s
    limit = proc_limit[proc]
    due = work_days[np.minimum(k_recv + limit, len(work_days) - 1)].astype("datetime64[s]") + np.timedelta64(
        17 * 3600, "s"
    )
    supp = rng.choice([0, 1, 2], size=rows, p=[0.89, 0.10, 0.01])
    supp_days = np.where(supp > 0, rng.integers(1, 11, rows), 0)
    u = rng.random(rows)
    # Finished offset in working days: mostly within the limit, 8 % late by 1–10 working days.
    offset = np.where(u < 0.92, rng.integers(0, np.maximum(limit, 1) + 1), limit + rng.integers(1, 11, rows))
    k_fin = np.minimum(k_recv + offset + np.where(supp > 0, supp_days, 0), len(work_days) - 1)
    finished = work_days[k_fin].astype("datetime64[s]") + rng.integers(8 * 3600, 17 * 3600, rows).astype(
        "timedelta64[s]"
    )
    finished = np.maximum(finished, received + np.timedelta64(600, "s"))
    open_ = (rng.random(rows) < 0.05) | (finished > np.datetime64(end, "s"))
    channel = rng.choice([1, 2, 3], size=rows, p=[0.45, 0.5, 0.05])
    fee = proc_fee[proc]
    paper = proc_paper[proc]
    e_result = paper & (rng.random(rows) < 0.7) & ~open_
    rating = np.where(rng.random(rows) < 0.3, rng.integers(1, 6, rows), 0)

    def mask(values: np.ndarray, null: np.ndarray) -> pa.Array:
        return pa.array(values, mask=null)

    return pa.table(
        {
            "dossier_code": pa.array(np.char.add("HS", np.arange(1, rows + 1).astype(str))),
            "procedure_code": pa.array(np.char.add("1.00", proc.astype(str))),
            "unit_code": pa.array(np.char.add("DV", unit.astype(str))),
            "channel": pa.array(channel.astype(np.int32)),
            "received_at": pa.array(received),
            "due_at": pa.array(due),
            "finished_at": mask(finished, open_),
            "status": pa.array(np.where(open_, "Đang xử lý", "Đã trả kết quả")),
            "supplement_count": pa.array(supp.astype(np.int32)),
            "supplement_days": pa.array((supp_days * (supp == 1) * 1.4).astype(np.float64)),
            "fee_amount": pa.array(fee.astype(np.int64)),
            "paid_online": pa.array(np.where((fee > 0) & (channel == 2) & (rng.random(rows) < 0.6), 1, 0)),
            "attachments_digitised": pa.array(rng.random(rows) < 0.75),
            "result_required": pa.array(paper),
            "e_result": pa.array(e_result),
            "reused_data": pa.array(rng.random(rows) < 0.3),
            "from_data_warehouse": pa.array(rng.random(rows) < 0.2),
            "population_data": pa.array(rng.random(rows) < 0.4),
            "synced": pa.array(rng.random(rows) < 0.97),
            "rating": mask(rating.astype(np.int32), rating == 0),
            "complaint": pa.array(rng.random(rows) < 0.01),
        }
    )


XLSX_MAX_ROWS = 1_048_575  # a sheet holds 1 048 576 rows, one is the header


def write(table: pa.Table, out: str | Path) -> Path:
    """Parquet, CSV or XLSX by suffix; CSV and XLSX use Vietnamese-style dates dd/mm/yyyy HH:MM:SS like
    an export. Another suffix (or more rows than a sheet holds for .xlsx) is refused (:class:`UserError`)."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".parquet", ".csv", ".xlsx"):
        raise UserError(f"Chỉ ghi được tệp .parquet, .csv hoặc .xlsx (tệp đã chọn: “{out.name}”).")
    if suffix == ".xlsx" and table.num_rows > XLSX_MAX_ROWS:
        raise UserError(
            f"Một trang Excel chứa tối đa {XLSX_MAX_ROWS:,} hồ sơ; hãy dùng .csv hoặc .parquet.".replace(
                ",", "."
            )
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".parquet":
        pq.write_table(table, out, compression="zstd", row_group_size=500_000)
        return out
    import pyarrow.compute as pc

    cols = {}
    for name in table.column_names:
        col = table[name]
        if pa.types.is_timestamp(col.type):
            col = pc.strftime(col, format="%d/%m/%Y %H:%M:%S")
        elif pa.types.is_boolean(col.type):
            col = pc.if_else(col, "Có", "Không")
        cols[name] = col
    text = pa.table(cols)
    if suffix == ".csv":
        pacsv.write_csv(text, out)
        return out
    from cchc.domain.cells import workbook

    with workbook(out, constant_memory=True) as book:
        sheet = book.add_worksheet("Ho so")
        sheet.write_row(0, 0, text.column_names)
        row_no = 1
        for batch in text.to_batches(50_000):
            for row in zip(*(c.to_pylist() for c in batch.columns), strict=True):
                sheet.write_row(row_no, 0, row)
                row_no += 1
    return out
