"""Back up and restore the whole installation: database, dossier store, uploaded files, signing keys and
import files — every path inside the archive relative to the data directory (``CCHC_DATA_DIR``).

Online: taken while the web server and the worker run.
- SQLite: the sqlite3 backup API copies the database in one step under a read lock, so the copy is one
  consistent state even while another process writes (a plain file copy could catch half a transaction).
- PostgreSQL: ``pg_dump`` (custom format) when it is on PATH — it reads one MVCC snapshot, keeps
  sequences, constraints and indexes, and is the tool a DBA knows; otherwise (or with ``--db-format json``,
  which also moves data between SQLite and PostgreSQL) Django's ``dumpdata`` inside one REPEATABLE READ
  transaction, restored with ``loaddata`` inside one transaction after ``migrate``.
- The DuckDB dossier store: DuckDB lets one process at a time open the file, so holding it open *is*
  the store's lock (an import running elsewhere makes us wait, then report busy). Under that lock a
  ``CHECKPOINT`` folds the write-ahead log into the file and the file is copied byte for byte — an exact,
  consistent copy (``EXPORT DATABASE`` would rebuild the store through Parquet files and lose nothing we
  need, but costs a full rewrite on restore). Source paths of import jobs in the copy are made relative.
- Other files (media, pki, dossier-imports, …) are written once and never changed in place.

Verified: ``manifest.json`` lists every file of the archive with its size and SHA-256; ``restore`` checks
them all before it changes anything and refuses a tampered or damaged archive, and refuses a non-empty
target (data directory or database) unless ``force`` is given.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connections, transaction
from django.utils import timezone

from cchc import __version__
from cchc.analytics.snapshot import folder as snapshot_folder
from cchc.domain.documents.fixity import sha256_file
from cchc.domain.errors import UserError, log_failure

FORMAT = 1
MANIFEST = "manifest.json"
DB_DIR = "database"
DATA = "data"
# Never copied from the data directory: derived (collected static files) or handled on their own.
SKIP_DIRS = {"staticfiles", "backups", ".restore"}


class BackupError(UserError):
    """A Vietnamese message for the operator (the CLI prints it as ``Lỗi: …``)."""


@dataclass
class BackupResult:
    path: Path
    files: int
    size: int
    database: str
    warnings: list[str] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


@dataclass
class RestoreResult:
    files: int
    database: str
    created_at: str


# -- helpers ---------------------------------------------------------------------------------------


def _db() -> Mapping[str, Any]:
    return settings.DATABASES["default"]


def _vendor() -> str:
    return connections["default"].vendor  # "sqlite" or "postgresql"


def _sqlite_files() -> set[Path]:
    if _vendor() != "sqlite":
        return set()
    name = str(_db()["NAME"])
    if name.startswith("file:") or name == ":memory:":
        return set()
    base = Path(name).resolve()
    return {base, *(base.with_name(base.name + s) for s in ("-wal", "-shm", "-journal"))}


def _store_path() -> Path:
    from cchc.apps.dossiers.storage import store_path

    return store_path()


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump / pg_restore (the password through the environment)."""
    db = _db()
    args = ["-d", str(db["NAME"])]
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _rel_to(path: Path, root: Path) -> str | None:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


# -- backup ----------------------------------------------------------------------------------------


def _dump_database(stage: Path, db_format: str) -> tuple[str, str, list[str]]:
    """Write the database into ``stage/database``; returns (vendor, method, warnings)."""
    (stage / DB_DIR).mkdir(parents=True, exist_ok=True)
    vendor = _vendor()
    warnings: list[str] = []
    if db_format != "json" and vendor == "sqlite":
        connection = connections["default"]
        connection.ensure_connection()
        target = sqlite3.connect(stage / DB_DIR / "db.sqlite3")
        try:
            connection.connection.backup(target)  # pages=-1: one step, one consistent state
        finally:
            target.close()
        return vendor, "sqlite", warnings
    if db_format != "json" and vendor == "postgresql":
        if shutil.which("pg_dump"):
            args, env = _pg_env()
            out = stage / DB_DIR / "postgres.dump"
            done = subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", str(out), *args],
                env=env,
                capture_output=True,
                text=True,
            )
            if done.returncode == 0:
                return vendor, "pg_dump", warnings
            out.unlink(missing_ok=True)
            warnings.append(
                "pg_dump không chạy được ("
                + (done.stderr.strip().splitlines() or ["?"])[-1]
                + "); dùng dumpdata của Django thay thế."
            )
        elif db_format == "native":
            raise BackupError("Không tìm thấy pg_dump trên PATH (cài gói postgresql-client).")
    # dumpdata in one transaction: every table read from the same snapshot.
    from django.core.management.base import CommandError as DjangoCommandError

    try:
        _dumpdata(stage, vendor)
    except DjangoCommandError as exc:
        log_failure(exc, context="backup: dumpdata")  # the detail goes to the log, not the message
        raise BackupError("Không đọc được CSDL để sao lưu; hãy chạy `cchc manage migrate` trước.") from exc
    return vendor, "json", warnings


def _dumpdata(stage: Path, vendor: str) -> None:
    with transaction.atomic():
        if vendor == "postgresql":
            with connections["default"].cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=["contenttypes", "auth.permission", "sessions"],
            output=str(stage / DB_DIR / "data.json"),
            verbosity=0,
        )


def _copy_store(stage: Path, data_dir: Path, wait_seconds: float) -> str | None:
    """Copy the DuckDB store under its lock; returns its path in the archive (None if there is none)."""
    from cchc.apps.dossiers.storage import StoreBusy, open_store

    path = _store_path()
    if not path.exists():
        return None
    name = f"{DATA}/{_rel_to(path, data_dir) or 'analytics.duckdb'}"
    target = stage / name
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open_store(wait_seconds=wait_seconds) as store:
            store.con.execute("CHECKPOINT")
            shutil.copyfile(path, target)
    except StoreBusy as exc:
        raise BackupError(
            f"Kho hồ sơ đang bận (một lô nhập đang chạy) sau {wait_seconds:.0f} giây chờ; chưa sao lưu gì. "
            "Chạy lại sau khi lô nhập xong, hoặc tăng --store-wait."
        ) from exc
    _relative_store_paths(target, live_folder=path.parent)
    return name


def _relative_store_paths(copy: Path, *, live_folder: Path) -> None:
    """Import jobs recorded before paths were kept relative name their files absolutely: rewrite those
    under the store's folder in the copy (the live store is left as it is)."""
    import duckdb

    con = duckdb.connect(str(copy))
    try:
        rows = con.execute("SELECT DISTINCT path FROM import_jobs WHERE path IS NOT NULL").fetchall()
        for (stored,) in rows:
            if Path(stored).is_absolute() and (rel := _rel_to(Path(stored), live_folder)) is not None:
                con.execute("UPDATE import_jobs SET path = ? WHERE path = ?", [rel, stored])
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _data_files(data_dir: Path, skip: set[Path]) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    if not data_dir.is_dir():
        return found
    for root, dirs, files in os.walk(data_dir):
        rel_root = Path(root).relative_to(data_dir)
        if rel_root == Path("."):
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        # our own working folders (a backup or restore running now)
        dirs[:] = sorted(d for d in dirs if not d.startswith((".cchc-backup-", ".restore-")))
        for name in sorted(files):
            path = Path(root) / name
            if (
                path.resolve() in skip
                or Path(root).resolve() in skip  # a skipped folder (the store's pages snapshot)
                or name.endswith((".partial", ".tmp"))
                or path.is_symlink()
            ):
                continue
            found.append((path, (rel_root / name).as_posix()))
    return found


def _keys_outside(data_dir: Path) -> list[str]:
    from cchc.apps.documents.models import KeyKind, SigningKey

    out = []
    for key in SigningKey.objects.filter(kind=KeyKind.P12).exclude(p12_path=""):
        if Path(key.p12_path).is_absolute():
            out.append(
                f"Khóa “{key.label}” nằm ngoài thư mục dữ liệu ({key.p12_path}): không có trong bản sao lưu, "
                "hãy sao lưu riêng hoặc chuyển vào CCHC_DATA_DIR."
            )
    return out


def _target_file(out: Path) -> Path:
    """A name ending in .tar.gz/.tgz/.tar is the archive itself; anything else is a folder that
    receives ``cchc-YYYYmmdd-HHMMSS.tar.gz`` (the form scheduled backups and ``--keep`` use)."""
    if out.name.endswith((".tar.gz", ".tgz", ".tar")) and not out.is_dir():
        out.parent.mkdir(parents=True, exist_ok=True)
        return out
    out.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return out / f"cchc-{stamp}.tar.gz"


def prune(folder: Path, keep: int) -> list[Path]:
    """Keep the newest ``keep`` archives named ``cchc-*.tar.gz`` in ``folder``; delete the others."""
    archives = sorted(folder.glob("cchc-*.tar.gz"), key=lambda p: p.name, reverse=True)
    removed = archives[keep:] if keep > 0 else []
    for path in removed:
        path.unlink()
    return removed


def backup(
    out: Path, *, db_format: str = "auto", keep: int | None = None, store_wait: float = 600
) -> BackupResult:
    data_dir = Path(settings.DATA_DIR)
    target = _target_file(Path(out))
    skip = _sqlite_files() | {target.resolve()}
    store = _store_path()
    skip |= {store.resolve(), store.resolve().with_name(store.name + ".wal")}
    # the pages' snapshot is derived from the store: rebuilt from the restored store, never archived
    skip.add(snapshot_folder(store).resolve())
    with tempfile.TemporaryDirectory(prefix=".cchc-backup-", dir=target.parent) as tmp:
        stage = Path(tmp)
        try:
            vendor, method, warnings = _dump_database(stage, db_format)
        except DatabaseError as exc:
            log_failure(exc, context="backup: database")
            raise BackupError("Không đọc được CSDL để sao lưu. Kiểm tra DATABASE_URL.") from exc
        store_name = _copy_store(stage, data_dir, store_wait)
        entries: list[tuple[Path, str]] = sorted(
            (p, p.relative_to(stage).as_posix()) for p in stage.rglob("*") if p.is_file()
        )
        skip_names = {store_name} if store_name else set()
        for path, rel in _data_files(data_dir, skip):
            if f"{DATA}/{rel}" not in skip_names:
                entries.append((path, f"{DATA}/{rel}"))
        warnings += _keys_outside(data_dir)
        files = {name: {"sha256": sha256_file(path), "size": path.stat().st_size} for path, name in entries}
        manifest = {
            "format": FORMAT,
            "app": "cchc",
            "version": __version__,
            "created_at": timezone.now().isoformat(),
            "database": {"vendor": vendor, "method": method},
            "store": store_name,
            "data_dir": str(data_dir.resolve()),
            "files": files,
        }
        partial = target.with_name(target.name + ".partial")
        mode = "w:gz" if target.name.endswith(("gz", "tgz")) else "w"
        with tarfile.open(partial, mode) as tar:  # type: ignore[call-overload]
            blob = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(blob), int(datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(blob))
            for path, name in entries:
                tar.add(path, arcname=name, recursive=False)
        partial.replace(target)  # a half-written archive never carries the final name
    removed = prune(target.parent, keep) if keep else []
    return BackupResult(
        path=target,
        files=len(entries),
        size=target.stat().st_size,
        database=f"{vendor} ({method})",
        warnings=warnings,
        removed=removed,
    )


# -- restore ---------------------------------------------------------------------------------------


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for m in tar.getmembers():
        p = PurePosixPath(m.name)
        if p.is_absolute() or ".." in p.parts or not (m.isfile() or m.isdir()):
            raise BackupError(
                f"Bản sao lưu không hợp lệ: mục “{m.name}” không được phép (đường dẫn lạ hoặc liên kết)."
            )
        members.append(m)
    return members


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        fh = tar.extractfile(MANIFEST)
        manifest = json.loads(fh.read().decode()) if fh else None
    except (KeyError, ValueError, UnicodeDecodeError) as exc:
        raise BackupError("Tệp không phải bản sao lưu của cchc (thiếu hoặc hỏng manifest.json).") from exc
    if not isinstance(manifest, dict) or manifest.get("app") != "cchc" or "files" not in manifest:
        raise BackupError("Tệp không phải bản sao lưu của cchc (manifest.json không đúng dạng).")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Bản sao lưu định dạng {manifest.get('format')} không được phiên bản này hỗ trợ.")
    return manifest


def _verify(stage: Path, manifest: dict[str, Any]) -> None:
    listed: dict[str, dict[str, Any]] = manifest["files"]
    present = {p.relative_to(stage).as_posix() for p in stage.rglob("*") if p.is_file()} - {MANIFEST}
    problems = []
    for name in sorted(set(listed) - present):
        problems.append(f"thiếu tệp {name}")
    for name in sorted(present - set(listed)):
        problems.append(f"tệp lạ không có trong danh mục: {name}")
    for name in sorted(set(listed) & present):
        path = stage / name
        if path.stat().st_size != listed[name]["size"] or sha256_file(path) != listed[name]["sha256"]:
            problems.append(f"tệp {name} khác với danh mục (mã SHA-256 không khớp)")
    if problems:
        shown = "; ".join(problems[:5]) + (f"; và {len(problems) - 5} lỗi khác" if len(problems) > 5 else "")
        raise BackupError(
            f"Bản sao lưu đã bị sửa đổi hoặc hư hỏng: {shown}. Không khôi phục gì; hãy dùng một bản sao lưu khác."
        )


def _data_dir_in_use(data_dir: Path) -> list[str]:
    """What the data directory already holds; an empty SQLite file (opened by Django before any
    migration) and the folders a restore never writes do not count — the database is checked apart."""
    if not data_dir.is_dir():
        return []
    ignore = {p.name for p in _sqlite_files() if p.parent == data_dir.resolve()}
    return sorted(
        p.name
        for p in data_dir.iterdir()
        if p.name not in ignore | {"staticfiles", "backups"} and not p.name.startswith(".restore-")
    )


def _database_in_use() -> bool:
    connection = connections["default"]
    try:
        return bool(connection.introspection.table_names())
    except Exception:  # an unreachable database is reported by the restore step itself
        return False


def restore(archive: Path, *, force: bool = False) -> RestoreResult:
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {archive}.")
    data_dir = Path(settings.DATA_DIR)
    try:
        tar = tarfile.open(archive)
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(
            f"Không đọc được tệp sao lưu {archive.name}: tệp hỏng hoặc không phải .tar.gz."
        ) from exc
    with tar:
        members = _safe_members(tar)
        manifest = _read_manifest(tar)
        if not force:
            used = _data_dir_in_use(data_dir)
            if used:
                raise BackupError(
                    f"Thư mục dữ liệu {data_dir} không trống ({', '.join(used[:5])}…). Khôi phục sẽ ghi đè: "
                    "dùng --force nếu chắc chắn, hoặc chọn CCHC_DATA_DIR mới."
                )
            if _database_in_use():
                raise BackupError(
                    "Cơ sở dữ liệu đích đã có dữ liệu. Khôi phục sẽ ghi đè: dùng --force nếu chắc chắn, "
                    "hoặc tạo một cơ sở dữ liệu trống."
                )
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".restore-", dir=data_dir) as tmp:
            stage = Path(tmp)
            try:
                for m in members:
                    tar.extract(m, stage, set_attrs=False)
            except (tarfile.TarError, OSError, EOFError) as exc:
                log_failure(exc, context="restore: extract")
                raise BackupError("Không giải nén được bản sao lưu: tệp hỏng.") from exc
            _verify(stage, manifest)  # nothing has been changed yet
            method = _restore_database(stage, manifest, force=force)
            count = _restore_files(stage, manifest, data_dir)
    return RestoreResult(
        files=count, database=f"{_vendor()} ({method})", created_at=str(manifest.get("created_at", ""))
    )


def _restore_database(stage: Path, manifest: dict[str, Any], *, force: bool) -> str:
    source = manifest["database"]
    vendor, method = source["vendor"], source["method"]
    target = _vendor()
    if method != "json" and vendor != target:
        raise BackupError(
            f"Bản sao lưu chứa CSDL {vendor}, CSDL đích là {target}: hãy sao lưu bằng “cchc backup --db-format json” "
            "để chuyển giữa SQLite và PostgreSQL."
        )
    if method == "sqlite":
        name = Path(str(_db()["NAME"]))
        name.parent.mkdir(parents=True, exist_ok=True)
        connections["default"].close()
        src = sqlite3.connect(stage / DB_DIR / "db.sqlite3")
        dst = sqlite3.connect(name)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
    elif method == "pg_dump":
        if not shutil.which("pg_restore"):
            raise BackupError("Không tìm thấy pg_restore trên PATH (cài gói postgresql-client).")
        connections["default"].close()
        args, env = _pg_env()
        clean = ["--clean", "--if-exists"] if force else []
        done = subprocess.run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", *clean,
             *args, str(stage / DB_DIR / "postgres.dump")],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["?"])[-1]
            raise BackupError(f"pg_restore không khôi phục được CSDL (không có gì bị thay đổi): {last}")
    else:
        if force:
            call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        with transaction.atomic():
            call_command("loaddata", str(stage / DB_DIR / "data.json"), verbosity=0)
            _reset_sequences()
    # An archive made by an older version gets this version's migrations.
    call_command("migrate", interactive=False, verbosity=0)
    return method


def _reset_sequences() -> None:
    from django.apps import apps
    from django.core.management.color import no_style

    connection = connections["default"]
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)


def _restore_files(stage: Path, manifest: dict[str, Any], data_dir: Path) -> int:
    count = 0
    store_name = manifest.get("store")
    for name in manifest["files"]:
        if not name.startswith(f"{DATA}/"):
            continue
        src = stage / name
        if name == store_name:
            dest = _store_path()
            dest.with_name(dest.name + ".wal").unlink(missing_ok=True)
            # the pages' snapshot of the replaced store: gone, the restored store publishes its own
            shutil.rmtree(snapshot_folder(dest), ignore_errors=True)
        else:
            dest = data_dir / name[len(DATA) + 1 :]
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(src), dest)
        count += 1
    return count
