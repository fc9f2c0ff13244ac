"""Backup → restore on a fresh machine → sign, verify, same scorecard (end to end, through the CLI).

The demo is built in one data directory and database; the backup is restored into a new data directory and
a new, empty database after the first directory has been moved away (so nothing absolute can still point
at it). Then a new document is signed with the restored keys, an old signed document verifies, and the
766 scorecard is the same JSON. Tampered archives and non-empty targets are refused in Vietnamese.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
PG = "postgres://postgres@127.0.0.1:5432"

SIGN_NEW = """
import json
from cchc.apps.documents.demo import _letter
from cchc.apps.documents.services import drafting, signing
from cchc.apps.org.models import Unit, User
root = Unit.objects.get(parent__isnull=True, abbreviation="SVHTTDL")
office = Unit.objects.get(parent=root, abbreviation="VP")
director, clerk = User.objects.get(username="giamdoc"), User.objects.get(username="vanphong")
doc = drafting.create_draft(user=clerk, unit=office, data=_letter(office, director, "kiểm tra sau khôi phục"))
drafting.submit_for_signing(user=clerk, document=doc)
signing.sign_as_person(user=director, document=doc)
doc = signing.seal_and_issue(user=clerk, document=doc)
print(json.dumps({"number": doc.number_symbol, "pdf": doc.signed_pdf.path,
                  "ok": [s.verification_ok for s in doc.signatures.all()]}))
"""


def _env(data_dir: Path, database_url: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CCHC_", "DJANGO_", "DATABASE_"))}
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "cchc.settings.dev",
        "CCHC_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "CCHC_EMAIL_URL": "locmem://",
    }


def cchc(env: dict[str, str], *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "cchc.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    if ok:
        assert result.returncode == 0, f"cchc {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


def scorecard(env: dict[str, str]) -> list:
    out = cchc(env, "indicators", "--period", "2026", "--as-of", "2026-11-30", "--json").stdout
    return json.loads(out)


def _pg_database(name: str, request: pytest.FixtureRequest) -> str:
    """A fresh PostgreSQL database for this test process only (several helpers and CI jobs may run the
    same test at once on one server), dropped when the test ends."""
    psycopg = pytest.importorskip("psycopg")
    name = f"{name}_{os.getpid()}"
    try:
        con = psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        pytest.skip("cần PostgreSQL tại 127.0.0.1:5432")
    with con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        con.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    request.addfinalizer(drop)
    return f"{PG}/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def databases(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/a/cchc.sqlite3", f"sqlite:///{tmp_path}/b/cchc.sqlite3"
    return _pg_database("cchc_backup_a", request), _pg_database("cchc_backup_b", request)


def test_backup_restored_on_a_fresh_machine_signs_verifies_and_scores_the_same(tmp_path, databases):
    url_a, url_b = databases
    env_a = _env(tmp_path / "a", url_a)
    cchc(env_a, "demo", "--no-serve")
    before = scorecard(env_a)
    assert before and sum(card["counts"]["received"] for card in before) > 0

    out = cchc(env_a, "backup", str(tmp_path / "backups"), "--keep", "2").stdout
    archive = next((tmp_path / "backups").glob("cchc-*.tar.gz"))
    assert str(archive) in out
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert set(manifest["files"]) | {"manifest.json"} == names
    assert "data/analytics.duckdb" in names and any(n.startswith("data/pki/") for n in names)
    assert any(n.startswith("data/media/documents/signed/") for n in names)
    assert all(not Path(n).is_absolute() and ".." not in n for n in names)

    shutil.move(tmp_path / "a", tmp_path / "a-moved-away")  # another machine: the old paths are gone
    env_b = _env(tmp_path / "b", url_b)
    restored = cchc(env_b, "restore", str(archive))
    assert "Đã khôi phục" in restored.stdout

    # the same scorecard
    assert scorecard(env_b) == before
    # an old signed document verifies against the restored demo CA
    old = sorted((tmp_path / "b/media/documents/signed").glob("*-ban-hanh.pdf"))[0]
    report = json.loads(
        cchc(
            env_b, "documents", "verify", str(old), "--json", "--trust", str(tmp_path / "b/pki/ca.pem")
        ).stdout
    )
    assert report["ok"] and len(report["signatures"]) == 2
    assert all(s["intact"] and s["trusted"] for s in report["signatures"])
    # a new document is signed with the restored keys, numbered after the restored register
    signed = json.loads(cchc(env_b, "manage", "shell", "-c", SIGN_NEW).stdout.strip().splitlines()[-1])
    assert signed["ok"] == [True, True]
    assert signed["number"] == "1040/SVHTTDL-VP"  # the demo issued 1037–1039
    assert Path(signed["pdf"]).is_relative_to(tmp_path / "b")
    new = json.loads(
        cchc(
            env_b, "documents", "verify", signed["pdf"], "--json", "--trust", str(tmp_path / "b/pki/ca.pem")
        ).stdout
    )
    assert new["ok"]

    # restoring again over the now non-empty target is refused without --force
    again = cchc(env_b, "restore", str(archive), ok=False)
    assert again.returncode == 2 and "không trống" in again.stderr and "--force" in again.stderr


def _tampered(archive: Path, out: Path, member: str, data: bytes | None) -> Path:
    """A copy of ``archive`` with ``member`` replaced by ``data`` (or removed when None)."""
    import io

    with tarfile.open(archive) as src, tarfile.open(out, "w:gz") as dst:
        for m in src.getmembers():
            body = src.extractfile(m).read() if m.isfile() else None
            if m.name == member:
                if data is None:
                    continue
                body = data
                m.size = len(body)
            dst.addfile(m, io.BytesIO(body) if body is not None else None)
    return out


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory):
    """A backup of a small installation (migrated database, a key, an upload) — no demo needed."""
    tmp_path = tmp_path_factory.mktemp("small")
    env = _env(tmp_path / "src", f"sqlite:///{tmp_path}/src/cchc.sqlite3")
    (tmp_path / "src/pki").mkdir(parents=True)
    cchc(env, "manage", "migrate", "-v", "0")
    (tmp_path / "src/pki/org.p12").write_bytes(b"not really a key")
    (tmp_path / "src/media/evidence").mkdir(parents=True)
    (tmp_path / "src/media/evidence/a.pdf").write_bytes(b"%PDF-1.4 evidence")
    cchc(env, "backup", str(tmp_path / "src.tar.gz"))
    return tmp_path / "src.tar.gz"


@pytest.mark.parametrize(
    "member,data",
    [
        ("data/media/evidence/a.pdf", b"%PDF-1.4 changed evidence"),
        ("data/pki/org.p12", None),
        ("database/db.sqlite3", b"SQLite format 3\x00 truncated"),
    ],
    ids=["changed-file", "missing-file", "changed-database"],
)
def test_a_tampered_archive_is_refused_and_nothing_is_restored(tmp_path, small_archive, member, data):
    bad = _tampered(small_archive, tmp_path / "bad.tar.gz", member, data)
    env = _env(tmp_path / "fresh", f"sqlite:///{tmp_path}/fresh/cchc.sqlite3")
    result = cchc(env, "restore", str(bad), ok=False)
    assert result.returncode == 2
    assert "Lỗi: Bản sao lưu đã bị sửa đổi hoặc hư hỏng" in result.stderr
    assert member in result.stderr
    assert "Traceback" not in result.stderr
    fresh = tmp_path / "fresh"
    assert not (fresh / "media").exists() and not (fresh / "pki").exists()
    assert not (fresh / "cchc.sqlite3").exists() or (fresh / "cchc.sqlite3").stat().st_size == 0


def test_an_extra_file_or_an_escaping_path_is_refused(tmp_path, small_archive):
    import io

    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(small_archive) as src, tarfile.open(evil, "w:gz") as dst:
        for m in src.getmembers():
            dst.addfile(m, src.extractfile(m) if m.isfile() else None)
        info = tarfile.TarInfo("data/../../outside.txt")
        info.size = 2
        dst.addfile(info, io.BytesIO(b"hi"))
    env = _env(tmp_path / "fresh", f"sqlite:///{tmp_path}/fresh/cchc.sqlite3")
    result = cchc(env, "restore", str(evil), ok=False)
    assert result.returncode == 2 and "không được phép" in result.stderr
    assert not (tmp_path / "outside.txt").exists()


def test_an_unreachable_database_gets_a_clear_message(tmp_path):
    env = _env(tmp_path / "nowhere", f"sqlite:///{tmp_path}/no/such/dir/cchc.sqlite3")
    result = cchc(env, "backup", str(tmp_path / "b.tar.gz"), ok=False)
    assert result.returncode == 2 and "Lỗi: Không đọc được CSDL" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "b.tar.gz").exists()


def test_not_an_archive_gets_a_clear_message(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"this is not a tar file")
    env = _env(tmp_path / "fresh", f"sqlite:///{tmp_path}/fresh/cchc.sqlite3")
    result = cchc(env, "restore", str(junk), ok=False)
    assert result.returncode == 2 and "Lỗi: Không đọc được tệp sao lưu" in result.stderr


def test_force_overwrites_a_non_empty_target(tmp_path, small_archive):
    env = _env(tmp_path / "t", f"sqlite:///{tmp_path}/t/cchc.sqlite3")
    (tmp_path / "t/pki").mkdir(parents=True)
    cchc(env, "manage", "migrate", "-v", "0")
    (tmp_path / "t/pki/org.p12").write_bytes(b"old key")
    refused = cchc(env, "restore", str(small_archive), ok=False)
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert (tmp_path / "t/pki/org.p12").read_bytes() == b"old key"
    cchc(env, "restore", str(small_archive), "--force")
    assert (tmp_path / "t/pki/org.p12").read_bytes() == b"not really a key"


def test_keep_removes_the_oldest_archives(tmp_path, small_archive):
    folder = tmp_path / "many"
    folder.mkdir()
    for stamp in ("20260101-010000", "20260102-010000", "20260103-010000"):
        shutil.copy(small_archive, folder / f"cchc-{stamp}.tar.gz")
    (folder / "other.txt").write_text("not a backup")
    src = small_archive.parent / "src"  # the installation small_archive was made from
    out = cchc(_env(src, f"sqlite:///{src}/cchc.sqlite3"), "backup", str(folder), "--keep", "2").stdout
    left = sorted(p.name for p in folder.iterdir())
    assert len(left) == 3 and "other.txt" in left and "cchc-20260103-010000.tar.gz" in left
    assert "cchc-20260101-010000.tar.gz" not in left and "Đã xóa bản sao lưu cũ" in out


def test_backup_is_consistent_while_another_process_writes(tmp_path, small_archive):
    """Online: a write transaction open in another connection neither blocks the backup nor leaks into it."""
    import sqlite3

    src = small_archive.parent / "src"
    env = _env(src, f"sqlite:///{src}/cchc.sqlite3")
    writer = sqlite3.connect(src / "cchc.sqlite3", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO dossiers_calendaroverride (day, working, name, source) VALUES ('2026-05-02', 1, 'chưa commit', '')"
    )
    try:
        cchc(env, "backup", str(tmp_path / "during.tar.gz"))
    finally:
        writer.execute("COMMIT")
        writer.close()
    cchc(env, "backup", str(tmp_path / "after.tar.gz"))

    def overrides(archive: Path) -> list:
        with tarfile.open(archive) as tar:
            tar.extract("database/db.sqlite3", tmp_path / archive.name.split(".")[0], filter="data")
        con = sqlite3.connect(tmp_path / archive.name.split(".")[0] / "database/db.sqlite3")
        try:
            return con.execute("SELECT name FROM dossiers_calendaroverride").fetchall()
        finally:
            con.close()

    assert overrides(tmp_path / "during.tar.gz") == []
    assert overrides(tmp_path / "after.tar.gz") == [("chưa commit",)]


@pytest.mark.postgres
def test_json_backup_moves_sqlite_to_postgresql_and_a_used_database_is_refused(
    tmp_path, small_archive, request
):
    src = small_archive.parent / "src"
    env_src = _env(src, f"sqlite:///{src}/cchc.sqlite3")
    cchc(
        env_src,
        "manage",
        "shell",
        "-c",
        "from cchc.apps.org.demo import *; ensure_demo_users(ensure_demo_units())",
    )
    cchc(env_src, "backup", str(tmp_path / "json.tar.gz"), "--db-format", "json")
    url = _pg_database("cchc_backup_json", request)
    env_pg = _env(tmp_path / "pg", url)
    cchc(env_pg, "restore", str(tmp_path / "json.tar.gz"))
    count = "from cchc.apps.org.models import User; print(User.objects.filter(username='giamdoc').count(), User.objects.count())"
    assert (
        cchc(env_pg, "manage", "shell", "-c", count).stdout.split()
        == cchc(env_src, "manage", "shell", "-c", count).stdout.split()
    )
    assert (tmp_path / "pg/pki/org.p12").read_bytes() == b"not really a key"
    # a new user gets the next id (sequences were reset after loaddata)
    add = "from cchc.apps.org.models import User; print(User.objects.create(username='moi').pk > 1)"
    assert cchc(env_pg, "manage", "shell", "-c", add).stdout.split()[-1] == "True"
    # a database that holds tables is not overwritten without --force, even with an empty data directory
    env_used = _env(tmp_path / "empty-dir", url)
    refused = cchc(env_used, "restore", str(tmp_path / "json.tar.gz"), ok=False)
    assert refused.returncode == 2 and "Cơ sở dữ liệu đích đã có dữ liệu" in refused.stderr


def test_a_busy_dossier_store_fails_the_backup_clearly(tmp_path, small_archive):
    """An import holding the store's lock (another process) makes the backup wait, then refuse — no
    half archive is left behind."""
    src = small_archive.parent / "src"
    store = src / "analytics.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys, time; c = duckdb.connect({str(store)!r}); print('ok', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        env = _env(src, f"sqlite:///{src}/cchc.sqlite3")
        result = cchc(env, "backup", str(tmp_path / "busy.tar.gz"), "--store-wait", "1", ok=False)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 2 and "Lỗi: Kho hồ sơ đang bận" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.glob("busy.tar.gz*")) == []
    store.unlink()  # the other tests' archive has no store
