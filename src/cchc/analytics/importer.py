"""Resumable, all-or-nothing dossier import into the store.

Stages (each its own transaction, recorded in ``import_jobs``):
1. load: the file becomes a persistent raw table ``raw_job_<id>`` (all text);
2. chunks: ``chunk_rows`` raw rows at a time are normalised in SQL; valid rows go to
   ``staging_dossiers``, invalid ones to ``quarantine`` with a Vietnamese reason and the raw row;
3. commit: one transaction upserts the staged rows into ``dossiers`` by (source, dossier_code)
   — the last row of a code in the file wins — and drops the job's staging data.
A crash at any point leaves ``dossiers`` untouched; :func:`resume_import` continues from the last
finished chunk and :func:`rollback_import` discards the job.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cchc.analytics.normalise import normalise_select
from cchc.analytics.readers import ReadError, load_raw
from cchc.analytics.store import DossierStore, dossier_columns
from cchc.domain.dossiers import FIELDS, map_headers, missing_required

Progress = Callable[[int, int], None]  # (rows processed, total rows)
DEFAULT_CHUNK_ROWS = 500_000


class ImportError_(ReadError):
    """A user-facing import problem (Vietnamese message)."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    job_id: int
    status: str
    total_rows: int
    inserted: int
    updated: int
    quarantined: int
    duplicates: int


def _file_key(path: Path) -> str:
    # Size + the first and last MiB: cheap on multi-GB files, enough to notice a changed file on resume.
    h = hashlib.sha256(str(path.stat().st_size).encode())
    with path.open("rb") as fh:
        h.update(fh.read(1 << 20))
        fh.seek(max(0, path.stat().st_size - (1 << 20)))
        h.update(fh.read())
    return h.hexdigest()


def _job(store: DossierStore, job_id: int) -> dict[str, object]:
    cur = store.con.execute("SELECT * FROM import_jobs WHERE job_id = ?", [job_id])
    row = cur.fetchone()
    if row is None:
        raise ImportError_(f"Không có lô nhập số {job_id}")
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def _set(store: DossierStore, job_id: int, **values: object) -> None:
    sets = ", ".join(f"{k} = ?" for k in values)
    store.con.execute(f"UPDATE import_jobs SET {sets} WHERE job_id = ?", [*values.values(), job_id])


def import_file(
    store: DossierStore,
    path: str | Path,
    *,
    source: str = "mac-dinh",
    progress: Progress | None = None,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
) -> ImportResult:
    """Import ``path`` (CSV/XLSX/JSON/Parquet) as one batch from ``source``; see the module doc."""
    path = Path(path)
    if not path.is_file():
        raise ImportError_(f"Không tìm thấy tệp {path}")
    con = store.con
    row = con.execute("SELECT coalesce(max(job_id), 0) + 1 FROM import_jobs").fetchone()
    job_id = int(row[0]) if row else 1
    con.execute(
        "INSERT INTO import_jobs (job_id, source, path, file_key, status, chunk_rows, chunks_done, staged,"
        " quarantined, inserted, updated, duplicates, started_at) VALUES (?, ?, ?, ?, 'loading', ?, 0, 0, 0, 0, 0, 0, ?)",
        [job_id, source, str(path.resolve()), _file_key(path), chunk_rows, datetime.now()],
    )
    return resume_import(store, job_id, progress=progress)


def resume_import(store: DossierStore, job_id: int, *, progress: Progress | None = None) -> ImportResult:
    """Continue an interrupted job from its last finished chunk, then commit it."""
    job = _job(store, job_id)
    if job["status"] in ("committed", "rolled_back"):
        raise ImportError_(f"Lô nhập {job_id} đã kết thúc ({job['status']}), không thể tiếp tục")
    con, raw = store.con, f"raw_job_{job_id}"
    if job["status"] == "loading":
        path = Path(str(job["path"]))
        if not path.is_file() or _file_key(path) != job["file_key"]:
            raise ImportError_(f"Tệp {path} không còn hoặc đã thay đổi từ khi bắt đầu lô {job_id}")
        con.execute("BEGIN")
        try:
            con.execute(f"DROP TABLE IF EXISTS {raw}")
            headers = load_raw(
                con, path, raw, Path(store.path).parent if store.path != ":memory:" else Path("/tmp")
            )
            profile, mapping = map_headers(headers)
            missing = missing_required(mapping)
            if missing:
                raise ImportError_("Tệp thiếu cột bắt buộc: " + ", ".join(missing))
            total = con.execute(f"SELECT count(*) FROM {raw}").fetchone()
            _set(
                store,
                job_id,
                status="staging",
                profile=profile,
                total_rows=int(total[0]) if total else 0,
                mapping=json.dumps({"headers": headers, "mapping": mapping}, ensure_ascii=False),
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        job = _job(store, job_id)
    meta = json.loads(str(job["mapping"]))
    total, size = int(job["total_rows"]), int(job["chunk_rows"])  # type: ignore[call-overload]
    chunk = int(job["chunks_done"])  # type: ignore[call-overload]
    names = ", ".join(f.name for f in FIELDS)
    while chunk * size < total:
        lo, hi = chunk * size + 1, (chunk + 1) * size
        select = normalise_select(meta["mapping"], meta["headers"], raw, f"_row BETWEEN {lo} AND {hi}")
        con.execute("BEGIN")
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE _chunk AS {select}")
            con.execute(
                f"INSERT INTO staging_dossiers (row_no, source, {names}, job_id) "
                f"SELECT row_no, ?, {names}, ? FROM _chunk WHERE reason = ''",
                [job["source"], job_id],
            )
            con.execute(
                "INSERT INTO quarantine SELECT ?, ?, row_no, dossier_code, reason, raw, NULL FROM _chunk WHERE reason <> ''",
                [job_id, job["source"]],
            )
            counts = con.execute(
                "SELECT count(*) FILTER (reason = ''), count(*) FILTER (reason <> '') FROM _chunk"
            ).fetchone()
            assert counts is not None
            con.execute(
                "UPDATE import_jobs SET chunks_done = chunks_done + 1, staged = staged + ?, quarantined = quarantined + ? WHERE job_id = ?",
                [counts[0], counts[1], job_id],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        chunk += 1
        if progress is not None:
            progress(min(hi, total), total)
    return _commit(store, job_id)


def _commit(store: DossierStore, job_id: int) -> ImportResult:
    con = store.con
    cols = ", ".join(n for n, _ in dossier_columns() if n not in ("due_derived", "job_id"))
    con.execute("BEGIN")
    try:
        # Last row of a code in the file wins; a missing NgayHenTra is derived from the procedure's
        # maximum processing time in working days (calendar table), flagged due_derived.
        con.execute(
            """CREATE OR REPLACE TEMP TABLE _batch AS
            SELECT s.* EXCLUDE (due_at, due_derived, row_no),
              coalesce(s.due_at, CAST(c2.day AS TIMESTAMP) + INTERVAL '23 hours 59 minutes 59 seconds') AS due_at,
              (s.due_at IS NULL AND c2.day IS NOT NULL) AS due_derived
            FROM staging_dossiers s
            LEFT JOIN calendar c1 ON s.due_at IS NULL AND c1.day = CAST(s.received_at AS DATE)
            LEFT JOIN calendar c2 ON c2.is_working AND c2.wd_index = c1.wd_index + s.max_processing_days
            WHERE s.job_id = ?
            QUALIFY row_number() OVER (PARTITION BY s.dossier_code ORDER BY s.row_no DESC) = 1""",
            [job_id],
        )
        batch = con.execute("SELECT count(*) FROM _batch").fetchone()
        updated = con.execute(
            "SELECT count(*) FROM dossiers d JOIN _batch b ON d.source = b.source AND d.dossier_code = b.dossier_code"
        ).fetchone()
        assert batch is not None and updated is not None
        con.execute(
            "DELETE FROM dossiers WHERE source = (SELECT source FROM import_jobs WHERE job_id = ?) "
            "AND dossier_code IN (SELECT dossier_code FROM _batch)",
            [job_id],
        )
        con.execute(
            f"INSERT INTO dossiers ({cols}, due_derived, job_id) SELECT {cols}, due_derived, job_id FROM _batch"
        )
        con.execute(
            "UPDATE quarantine SET resolved_by_job = ? WHERE resolved_by_job IS NULL AND job_id <> ? "
            "AND source = (SELECT source FROM import_jobs WHERE job_id = ?) "
            "AND dossier_code IN (SELECT dossier_code FROM _batch)",
            [job_id, job_id, job_id],
        )
        con.execute("DELETE FROM staging_dossiers WHERE job_id = ?", [job_id])
        con.execute(f"DROP TABLE IF EXISTS raw_job_{job_id}")
        job = _job(store, job_id)
        staged, inserted = int(job["staged"]), int(batch[0]) - int(updated[0])  # type: ignore[call-overload]
        _set(
            store,
            job_id,
            status="committed",
            inserted=inserted,
            updated=int(updated[0]),
            duplicates=staged - int(batch[0]),
            finished_at=datetime.now(),
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    con.execute("DROP TABLE IF EXISTS _batch")
    return result(store, job_id)


def result(store: DossierStore, job_id: int) -> ImportResult:
    j = _job(store, job_id)
    n = {k: int(j[k] or 0) for k in ("total_rows", "inserted", "updated", "quarantined", "duplicates")}  # type: ignore[call-overload]
    return ImportResult(job_id, str(j["status"]), **n)


def rollback_import(store: DossierStore, job_id: int) -> ImportResult:
    """Discard an unfinished job: its staging rows, quarantine rows and raw table."""
    job = _job(store, job_id)
    if job["status"] == "committed":
        raise ImportError_(f"Lô nhập {job_id} đã ghi vào kho, không thể hủy")
    con = store.con
    con.execute("BEGIN")
    con.execute("DELETE FROM staging_dossiers WHERE job_id = ?", [job_id])
    con.execute("DELETE FROM quarantine WHERE job_id = ?", [job_id])
    con.execute(f"DROP TABLE IF EXISTS raw_job_{job_id}")
    _set(store, job_id, status="rolled_back", finished_at=datetime.now())
    con.execute("COMMIT")
    return result(store, job_id)


def export_quarantine(store: DossierStore, out: str | Path, *, source: str | None = None) -> int:
    """Write unresolved quarantined rows (original headers + lý do) as CSV to fix and re-import."""
    rows = store.con.execute(
        "SELECT raw, reason FROM quarantine WHERE resolved_by_job IS NULL AND (? IS NULL OR source = ?) ORDER BY job_id, row_no",
        [source, source],
    ).fetchall()
    import csv

    records = [json.loads(r[0]) | {"Lý do": r[1]} for r in rows]
    headers = list(dict.fromkeys(k for r in records for k in r))
    with Path(out).open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=headers)
        writer.writeheader()
        writer.writerows(records)
    return len(records)
