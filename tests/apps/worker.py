"""Run the REAL background worker (`cchc manage db_worker --batch`) against the test database.

On PostgreSQL the worker connects to the test database directly. On SQLite the test database lives in
memory, which another process cannot open, so it is copied to a file (sqlite3 backup API), the worker runs
on the file, and the file is copied back before the caller's assertions.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.db import connection


def _database_url(tmp: Path) -> tuple[str, Path | None]:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp / "worker.sqlite3"
        path.unlink(missing_ok=True)
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}", path
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}", None


def run_worker(tmp: Path, *, email_url: str = "console://") -> subprocess.CompletedProcess:
    """Process every queued job once in a separate `db_worker --batch` process, then return."""
    url, copy = _database_url(tmp)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cchc.settings.test",
        "DATABASE_URL": url,
        "CCHC_EMAIL_URL": email_url,
        "CCHC_DATA_DIR": str(tmp),
    }
    command = [
        sys.executable,
        "-m",
        "cchc.cli",
        "manage",
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
    ]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    if copy is not None:
        source = sqlite3.connect(copy)
        source.backup(connection.connection)
        source.close()
    return proc
