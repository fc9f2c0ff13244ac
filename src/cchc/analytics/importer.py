"""Resumable, all-or-nothing dossier import into the store.

Stages (each its own transaction, recorded in ``import_jobs``):
1. load: one vectorised pass reads the file, normalises and validates every row in SQL and writes
   the job's staging table ``staging_job_<id>`` (typed columns + ``reason``; file order = rowid order).
   It is a temporary table of the importing connection (memory, spilled to ``<store>.tmp`` above the
   import's memory limit): no import pays for writing its rows to the store twice. A job found staged
   without it (its process died) is loaded again from its file, checked unchanged;
2. chunks: ``chunk_rows`` staged rows at a time, invalid rows are copied to ``quarantine`` with their
   Vietnamese reason and the original row, and the job's counters advance (``chunks_done``);
3. commit: one transaction upserts the valid rows into ``dossiers`` by (source, dossier_code)
   — the last row of a code in the file wins —, recomputes the rollup counts of the months it touched
   (:mod:`cchc.analytics.rollup`) and drops the job's staging table; then the pages' snapshot is
   published (:mod:`cchc.analytics.snapshot`), so pages read the new figures and never the store.
A crash at any point leaves ``dossiers`` untouched; :func:`resume_import` continues from the last
finished chunk (in the same process; else from the load) and :func:`rollback_import` discards the job.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import duckdb

from cchc.analytics import rollup, snapshot
from cchc.analytics.normalise import lit, normalise_select, status_map_select
from cchc.analytics.readers import ReadError, csv_failure, open_source
from cchc.analytics.store import DossierStore
from cchc.analytics.transaction import transaction
from cchc.domain.cells import csv_row
from cchc.domain.dossiers import FIELDS, ColumnMapping, given_mapping, propose_mapping, read_saved_profiles
from cchc.domain.profiles import Profile, dump

Progress = Callable[[int, int], None]  # (rows processed, total rows)
DEFAULT_CHUNK_ROWS = 500_000
# DuckDB's buffer limit while importing (its default is 80 % of the machine's memory): above it, the load's
# and the commit's sorts spill to ``<store>.tmp`` instead of growing, so a 10 M-row import stays well under
# 2 GiB of process memory, whatever the file's size.
IMPORT_MEMORY_LIMIT = "1GB"


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
    # Rows whose unit / procedure code is in neither the organisation nor the catalogue (kept or
    # quarantined, ``unknown_action``), by code; empty when the caller gave no known codes.
    unknown_units: dict[str, int] = field(default_factory=dict)
    unknown_procedures: dict[str, int] = field(default_factory=dict)
    unknown_action: str = ""
    # The file's columns no field reads, and those of them that look like a known field (its name).
    unused_columns: list[str] = field(default_factory=list)
    suspect_columns: dict[str, str] = field(default_factory=dict)
    # Which column fed which field, and the profile that decided it ("" when a person gave the mapping).
    mapping: dict[str, str] = field(default_factory=dict)
    profile: str = ""


UnknownAction = Literal["keep", "quarantine"]


@dataclass(frozen=True, slots=True)
class KnownCodes:
    """The codes the organisation knows (units with their aliases; the procedure catalogue) and what to
    do with a row naming another: ``keep`` (imported, counted, shown as "chưa xác định") or
    ``quarantine``. An empty ``procedures`` set (no catalogue yet) checks units only."""

    units: frozenset[str]
    procedures: frozenset[str] = frozenset()
    action: UnknownAction = "keep"


BACKGROUND_NICENESS = 10


def background_priority() -> None:
    """Lower this process's CPU priority (``nice`` 10) for a background import (the worker): when the
    cores are busy, the web pages' requests go first, and the import takes what is left; on an idle
    machine it runs as fast as before. Never raises (a platform without ``os.nice``)."""
    import os

    with suppress(AttributeError, OSError):
        current = os.nice(0)
        if current < BACKGROUND_NICENESS:
            os.nice(BACKGROUND_NICENESS - current)


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
    known: KnownCodes | None = None,
    mapping: Mapping[str, str] | None = None,
    saved: Sequence[Profile] = (),
) -> ImportResult:
    """Import ``path`` (CSV/XLSX/JSON/Parquet) as one batch from ``source``; see the module doc.

    ``mapping``: the columns as a person mapped them (column → field, "" = not used), used as given;
    else the columns are mapped by the profiles, ``saved`` (those saved for the source) first
    (:func:`cchc.domain.dossiers.propose_mapping`). Either is kept with the job, so a resume maps alike.

    ``known``: rows naming a unit or procedure code outside it are counted by code in the job (and
    the result), and kept or quarantined as it says (:func:`_check_codes`)."""
    path = Path(path)
    if not path.is_file():
        raise ImportError_(f"Không tìm thấy tệp “{path.name}”.")
    con = store.con
    row = con.execute("SELECT coalesce(max(job_id), 0) + 1 FROM import_jobs").fetchone()
    job_id = int(row[0]) if row else 1
    requested = {
        "given": dict(mapping) if mapping is not None else None,
        "saved": dump(saved) if saved else "",
        "known": _known_json(known),
    }
    con.execute(
        "INSERT INTO import_jobs (job_id, source, path, file_key, status, chunk_rows, chunks_done, staged,"
        " quarantined, inserted, updated, duplicates, started_at, mapping)"
        " VALUES (?, ?, ?, ?, 'loading', ?, 0, 0, 0, 0, 0, 0, ?, ?)",
        [
            job_id,
            source,
            store.stored_path(path),
            _file_key(path),
            chunk_rows,
            datetime.now(),
            json.dumps({"requested": requested}, ensure_ascii=False),
        ],
    )
    return resume_import(store, job_id, progress=progress, known=known)


def _known_json(known: KnownCodes | None) -> dict[str, object] | None:
    if known is None:
        return None
    return {"units": sorted(known.units), "procedures": sorted(known.procedures), "action": known.action}


def _requested(job: dict[str, object]) -> dict[str, object]:
    """What the job was started with (the mapping given, the profiles saved, the known codes)."""
    recorded = json.loads(str(job["mapping"])) if job.get("mapping") else {}
    return dict(recorded.get("requested") or {})


def _known_codes(job: dict[str, object]) -> KnownCodes | None:
    """The known codes the job was started with, so that a load done again checks the same codes."""
    known = _requested(job).get("known")
    if not isinstance(known, dict):
        return None
    action: UnknownAction = "quarantine" if known.get("action") == "quarantine" else "keep"
    return KnownCodes(frozenset(known.get("units", ())), frozenset(known.get("procedures", ())), action)


def _columns(headers: list[str], job: dict[str, object]) -> ColumnMapping:
    """The job's column mapping: as a person gave it, else proposed by the profiles (saved ones first)."""
    requested: dict[str, Any] = _requested(job)
    if requested.get("given") is not None:
        return given_mapping(headers, requested["given"])
    origin = f"đã lưu của nguồn “{job['source']}”"
    saved = read_saved_profiles(requested["saved"], origin=origin) if requested.get("saved") else ()
    return propose_mapping(headers, saved)


def resume_import(
    store: DossierStore, job_id: int, *, progress: Progress | None = None, known: KnownCodes | None = None
) -> ImportResult:
    """Continue an interrupted job from its last finished stage or chunk, then commit it.

    ``known``: the codes to check a load against; by default those the job was started with."""
    job = _job(store, job_id)
    if job["status"] in ("committed", "rolled_back"):
        raise ImportError_(f"Lô nhập {job_id} đã kết thúc ({job['status']}), không thể tiếp tục")
    con, stage = store.con, _stage_table(job_id)
    if job["status"] == "staging" and not _has_table(con, stage):
        job = _load_again(store, job)
    known = known if known is not None else _known_codes(job)
    if store.path != ":memory:":  # (an in-memory store has nowhere to spill to)
        con.execute(f"SET memory_limit = '{IMPORT_MEMORY_LIMIT}'")
    if job["status"] == "loading":
        path = store.source_path(str(job["path"]))
        if not path.is_file() or _file_key(path) != job["file_key"]:
            raise ImportError_(f"Tệp “{path.name}” không còn hoặc đã thay đổi từ khi bắt đầu lô {job_id}")
        tmp_dir = Path(store.path).parent if store.path != ":memory:" else Path(tempfile.gettempdir())
        try:
            with transaction(con):
                con.execute(f"DROP TABLE IF EXISTS {stage}")
                with open_source(con, path, tmp_dir) as (source, headers):
                    columns = _columns(headers, job)
                    mapping = columns.mapping
                    if columns.missing:
                        raise ImportError_("Tệp thiếu cột bắt buộc: " + ", ".join(columns.missing))
                    # One pass over the file: read, normalise, validate; file order = rowid order.
                    con.execute(f"CREATE TEMP TABLE {stage} AS {normalise_select(mapping, headers, source)}")
                unknown = _check_codes(con, stage, known) if known is not None else {}
                total = con.execute(f"SELECT count(*) FROM {stage}").fetchone()
                recorded = {
                    "requested": _requested(job),
                    "headers": headers,
                    "mapping": mapping,
                    "unused": columns.unused,
                    "suspect": columns.suspect,
                    **unknown,
                }
                _set(
                    store,
                    job_id,
                    status="staging",
                    profile=columns.profile,
                    total_rows=int(total[0]) if total else 0,
                    mapping=json.dumps(recorded, ensure_ascii=False),
                )
        except duckdb.Error as exc:
            if path.suffix.lower() not in (".csv", ".txt", ".tsv"):
                raise
            # DuckDB reads the whole CSV only here (DESCRIBE samples it): a bad byte or line deep in it
            raise ImportError_(str(csv_failure(exc, path))) from exc
        job = _job(store, job_id)
    total, size = int(job["total_rows"]), int(job["chunk_rows"])  # type: ignore[call-overload]
    chunk = int(job["chunks_done"])  # type: ignore[call-overload]
    while chunk * size < total:
        lo, hi = chunk * size, (chunk + 1) * size  # rowid range [lo, hi) = file rows lo+1 … hi
        rows = f"rowid >= {lo} AND rowid < {hi}"
        with transaction(con):
            con.execute(
                f"INSERT INTO quarantine SELECT ?, ?, rowid + 1, dossier_code, reason, raw, NULL "
                f"FROM {stage} WHERE {rows} AND reason <> ''",
                [job_id, job["source"]],
            )
            counts = con.execute(
                f"SELECT count(*) FILTER (WHERE reason = ''), count(*) FILTER (WHERE reason <> '') "
                f"FROM {stage} WHERE {rows}"
            ).fetchone()
            assert counts is not None
            con.execute(
                "UPDATE import_jobs SET chunks_done = chunks_done + 1, staged = staged + ?, quarantined = quarantined + ? WHERE job_id = ?",
                [counts[0], counts[1], job_id],
            )
        chunk += 1
        if progress is not None:
            progress(min(hi, total), total)
    return _commit(store, job_id)


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute("SELECT 1 FROM information_schema.tables WHERE table_name = ? LIMIT 1", [name])
    return row.fetchone() is not None


def _load_again(store: DossierStore, job: dict[str, object]) -> dict[str, object]:
    """A job staged by a process that is gone (its temporary staging table went with it; or staged by an
    earlier version of the importer): back to the load, its quarantined rows so far discarded."""
    job_id = int(job["job_id"])  # type: ignore[call-overload]
    if not job.get("path") or not job.get("file_key"):
        raise ImportError_(
            f"Lô nhập {job_id} không còn dữ liệu đã đọc và không rõ tệp gốc; hãy hủy lô và nhập lại tệp"
        )
    with transaction(store.con):
        store.con.execute("DELETE FROM quarantine WHERE job_id = ?", [job_id])
        _set(store, job_id, status="loading", chunks_done=0, staged=0, quarantined=0)
    return _job(store, job_id)


def _check_codes(con: duckdb.DuckDBPyConnection, stage: str, known: KnownCodes) -> dict[str, object]:
    """Count the valid staged rows whose unit (procedure) code ``known`` lacks, by code; with
    ``quarantine`` give them a Vietnamese reason (and the row as JSON, canonical names) so the chunks
    move them to the quarantine. Returns what the job records under "unknown"."""
    checks = [("unit_code", "units", known.units, "Mã đơn vị “{}” không có trong cơ cấu tổ chức")]
    if known.procedures:
        checks.append(
            ("procedure_code", "procedures", known.procedures, "Mã TTHC “{}” không có trong danh mục thủ tục")
        )
    found: dict[str, dict[str, int]] = {"units": {}, "procedures": {}}
    for column, key, codes, _message in checks:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _known_{key} AS SELECT unnest(?::VARCHAR[]) AS code",
            [sorted(codes)],
        )
        outside = f"reason = '' AND {column} NOT IN (SELECT code FROM _known_{key})"
        rows = con.execute(
            f"SELECT {column}, count(*) FROM {stage} WHERE {outside} GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall()
        found[key] = {str(c): int(n) for c, n in rows}
    if known.action == "quarantine":
        as_json = "json_object(" + ", ".join(f"'{f.name}', {f.name}" for f in FIELDS) + ")"
        reasons = [
            f"CASE WHEN {column} NOT IN (SELECT code FROM _known_{key}) "
            f"THEN replace({lit(message)}, '{{}}', {column}) END"
            for column, key, _codes, message in checks
        ]
        reason = f"concat_ws('; ', {', '.join(reasons)})"
        any_outside = " OR ".join(f"{c} NOT IN (SELECT code FROM _known_{k})" for c, k, _x, _m in checks)
        con.execute(
            f"UPDATE {stage} SET reason = {reason}, raw = {as_json} WHERE reason = '' AND ({any_outside})"
        )
    for _column, key, _codes, _message in checks:
        con.execute(f"DROP TABLE IF EXISTS _known_{key}")
    return {
        "unknown": {
            "action": known.action,
            "units": found["units"],
            "procedures": found["procedures"],
            "procedures_checked": bool(known.procedures),
        }
    }


def _stage_table(job_id: int) -> str:
    return f"staging_job_{int(job_id)}"


def _commit(store: DossierStore, job_id: int) -> ImportResult:
    con, stage = store.con, _stage_table(job_id)
    job = _job(store, job_id)
    source = str(job["source"])
    fields = [f.name for f in FIELDS if f.name not in ("status", "due_at")]
    names = ", ".join(fields)
    with transaction(con):
        valid = f"(SELECT rowid AS rid, * FROM {stage} WHERE reason = '')"
        counts = con.execute(
            f"SELECT count(*), count(DISTINCT dossier_code) FROM {stage} WHERE reason = ''"
        ).fetchone()
        assert counts is not None
        staged, distinct = int(counts[0]), int(counts[1])
        if distinct < staged:  # the last row of a code in the file wins
            valid = f"(SELECT * FROM {valid} v QUALIFY row_number() OVER (PARTITION BY dossier_code ORDER BY rid DESC) = 1)"
        con.execute(f"CREATE OR REPLACE TEMP VIEW _batch AS SELECT * FROM {valid} b")
        # Status text → code once per distinct value; a missing NgayHenTra is derived from the procedure's
        # maximum processing time in working days (calendar table), flagged due_derived.
        con.execute(f"CREATE OR REPLACE TEMP TABLE _status AS {status_map_select('_batch')}")
        con.execute(
            """CREATE OR REPLACE TEMP TABLE _derived AS
            SELECT b.rid, CAST(c2.day AS TIMESTAMP) + INTERVAL '23 hours 59 minutes 59 seconds' AS due
            FROM _batch b
            JOIN calendar c1 ON c1.day = CAST(b.received_at AS DATE)
            JOIN calendar c2 ON c2.is_working AND c2.wd_index = c1.wd_index + b.max_processing_days
            WHERE b.due_at IS NULL AND b.max_processing_days IS NOT NULL"""
        )
        derived = con.execute("SELECT count(*) FROM _derived").fetchone()
        has_old = con.execute("SELECT 1 FROM dossiers WHERE source = ? LIMIT 1", [source]).fetchone()
        # Months whose counts change: those of the new rows and of the rows they replace.
        month = "CAST(DATE_TRUNC('month', {0}.received_at) AS DATE)"
        touched = {r[0] for r in con.execute(f"SELECT DISTINCT {month.format('b')} FROM _batch b").fetchall()}
        updated = 0
        if has_old:
            replaced = con.execute(  # one pass over the store: how many rows are replaced, and their months
                f"SELECT {month.format('d')}, count(*) FROM dossiers d "
                "WHERE d.source = ? AND d.dossier_code IN (SELECT dossier_code FROM _batch) GROUP BY 1",
                [source],
            ).fetchall()
            touched |= {r[0] for r in replaced}
            updated = sum(int(r[1]) for r in replaced)
            if updated:
                con.execute(
                    "DELETE FROM dossiers WHERE source = ? AND dossier_code IN (SELECT dossier_code FROM _batch)",
                    [source],
                )
        if derived and derived[0]:
            due = "COALESCE(b.due_at, dd.due)", "(b.due_at IS NULL AND dd.due IS NOT NULL)"
            join = "LEFT JOIN _derived dd ON dd.rid = b.rid"
        else:
            due, join = ("b.due_at", "FALSE"), ""
        con.execute(
            f"INSERT INTO dossiers (source, {names}, status, due_at, due_derived, job_id) "
            f"SELECT ?, {', '.join('b.' + n for n in fields)}, st.code, {due[0]}, {due[1]}, ? "
            f"FROM _batch b LEFT JOIN _status st ON st.text = b.status {join} "
            # Stored in order of receipt: each row group then spans few months, so a period's scorecard
            # and a day's fold-in skip the others by their zone maps (min/max of received_at).
            "ORDER BY b.received_at",
            [source, job_id],
        )
        rollup.refresh(con, touched)
        snapshot.bump_generation(con)
        batch = con.execute("SELECT count(*) FROM _batch").fetchone() if distinct < staged else (staged,)
        assert batch is not None
        pending = con.execute(
            "SELECT 1 FROM quarantine WHERE resolved_by_job IS NULL AND job_id <> ? AND source = ? LIMIT 1",
            [job_id, source],
        ).fetchone()
        if pending:
            con.execute(
                "UPDATE quarantine SET resolved_by_job = ? WHERE resolved_by_job IS NULL AND job_id <> ? "
                "AND source = ? AND dossier_code IN (SELECT dossier_code FROM _batch)",
                [job_id, job_id, source],
            )
        con.execute("DROP VIEW IF EXISTS _batch")
        con.execute(f"DROP TABLE IF EXISTS {stage}")
        con.execute("DELETE FROM staging_dossiers WHERE job_id = ?", [job_id])  # stores from before v2
        con.execute(f"DROP TABLE IF EXISTS raw_job_{int(job_id)}")
        _set(
            store,
            job_id,
            status="committed",
            inserted=int(batch[0]) - updated,
            updated=updated,
            duplicates=int(job["staged"]) - int(batch[0]),  # type: ignore[call-overload]
            finished_at=datetime.now(),
        )
    con.execute("DROP TABLE IF EXISTS _status")
    con.execute("DROP TABLE IF EXISTS _derived")
    # The pages switch to the new figures (cchc.analytics.snapshot); a crash here leaves them on the
    # previous ones until the store's next opening republishes.
    store.publish_snapshot()
    return result(store, job_id)


def result(store: DossierStore, job_id: int) -> ImportResult:
    j = _job(store, job_id)
    n = {k: int(j[k] or 0) for k in ("total_rows", "inserted", "updated", "quarantined", "duplicates")}  # type: ignore[call-overload]
    recorded = json.loads(str(j["mapping"])) if j.get("mapping") else {}
    unknown = recorded.get("unknown", {})
    return ImportResult(
        job_id,
        str(j["status"]),
        **n,
        unknown_units=dict(unknown.get("units", {})),
        unknown_procedures=dict(unknown.get("procedures", {})),
        unknown_action=str(unknown.get("action", "")),
        unused_columns=list(recorded.get("unused", [])),
        suspect_columns=dict(recorded.get("suspect", {})),
        mapping=dict(recorded.get("mapping", {})),
        profile=str(j.get("profile") or ""),
    )


def rollback_import(store: DossierStore, job_id: int) -> ImportResult:
    """Discard an unfinished job: its staging rows, quarantine rows and raw table."""
    job = _job(store, job_id)
    if job["status"] == "committed":
        raise ImportError_(f"Lô nhập {job_id} đã ghi vào kho, không thể hủy")
    con = store.con
    with transaction(con):
        con.execute("DELETE FROM staging_dossiers WHERE job_id = ?", [job_id])  # stores from before v2
        con.execute("DELETE FROM quarantine WHERE job_id = ?", [job_id])
        con.execute(f"DROP TABLE IF EXISTS {_stage_table(job_id)}")
        con.execute(f"DROP TABLE IF EXISTS raw_job_{int(job_id)}")
        _set(store, job_id, status="rolled_back", finished_at=datetime.now())
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
        writer = csv.writer(fh)
        writer.writerow(csv_row(headers))
        # a quarantined value starting with "=" (or +, -, @) stays text when the file opens in Excel
        writer.writerows(csv_row(r.get(h) for h in headers) for r in records)
    return len(records)
