"""Run the REAL background worker (`cchc worker`) against the test database.

On PostgreSQL the worker connects to the test database directly. On SQLite the test database lives in
memory, which another process cannot open, so it is copied to a file (sqlite3 backup API), the workers
run on the file, and the file is copied back before the caller's assertions.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


def _copy_back(copy: Path | None) -> None:
    if copy is not None:
        source = sqlite3.connect(copy)
        source.backup(connection.connection)
        source.close()


def _env(url: str, tmp: Path, email_url: str, extra: dict[str, str]) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cchc.settings.test",
        "DATABASE_URL": url,
        "CCHC_EMAIL_URL": email_url,
        "CCHC_DATA_DIR": str(tmp),
        **extra,
    }


WORKER = [sys.executable, "-m", "cchc.cli", "worker", "--interval", "0.2"]


def run_worker(tmp: Path, *, email_url: str = "console://") -> subprocess.CompletedProcess:
    """Process every queued job once in a separate `cchc worker --batch` process, then return."""
    url, copy = _database_url(tmp)
    env = _env(url, tmp, email_url, {})
    proc = subprocess.run(
        [*WORKER, "--batch"], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    _copy_back(copy)
    return proc


class Workers:
    """Long-running `cchc worker` processes on one database, started, killed and read by a test."""

    def __init__(self, url: str, copy: Path | None, tmp: Path, env: dict[str, str]) -> None:
        self.url, self.copy, self.tmp, self.env = url, copy, tmp, env
        self.procs: list[subprocess.Popen] = []

    def start(self) -> subprocess.Popen:
        n = len(self.procs) + 1
        out = (self.tmp / f"worker-{n}.out").open("w")
        err = (self.tmp / f"worker-{n}.err").open("w")
        proc = subprocess.Popen(WORKER, env=self.env, stdout=out, stderr=err)
        self.procs.append(proc)
        return proc

    def output(self) -> str:
        return "".join(
            (self.tmp / f"worker-{n}.{kind}").read_text()
            for n in range(1, len(self.procs) + 1)
            for kind in ("out", "err")
        )

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Read what the workers wrote (SQL with %s placeholders)."""
        if self.copy is not None:
            con = sqlite3.connect(self.copy, timeout=30)
            try:
                return con.execute(sql.replace("%s", "?"), params).fetchall()
            finally:
                con.close()
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()

    def wait(self, what: str, ready: Callable[[], Any], timeout: float = 60) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = ready()
            if value:
                return value
            if self.procs and self.procs[-1].poll() is not None:
                raise AssertionError(
                    f"worker exited ({self.procs[-1].returncode}) waiting for {what}:\n{self.output()}"
                )
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}:\n{self.output()}")


@contextmanager
def workers(tmp: Path, *, email_url: str = "console://", **env: str) -> Iterator[Workers]:
    """Workers on a copy of the test database (SQLite) or on it (PostgreSQL); every worker still
    running at the end is stopped, and on SQLite the file is copied back for the caller's assertions."""
    url, copy = _database_url(tmp)
    pool = Workers(url, copy, tmp, _env(url, tmp, email_url, env))
    try:
        yield pool
    finally:
        for proc in pool.procs:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        _copy_back(copy)
