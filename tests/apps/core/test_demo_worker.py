"""`cchc demo` keeps its background worker alive: killed (kill -9), it is started again with a log line,
and stopping the demo stops it. On the old code the demo started the worker once and never again."""

from __future__ import annotations

import argparse
import os
import signal
import time

import pytest

from cchc.commands import server

from ..worker import _database_url

pytestmark = pytest.mark.django_db(transaction=True)


def _until(what: str, ok, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not ok():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_the_demo_restarts_its_worker_when_it_dies(monkeypatch, tmp_path, capsys):
    url, _copy = _database_url(tmp_path)  # the worker runs on (a copy of) the migrated test database
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("cchc.apps.core.demo.load_all", lambda: [])
    supervisors: list[server.Supervisor] = []

    class Recorded(server.Supervisor):
        def start(self) -> None:
            supervisors.append(self)
            super().start()

    monkeypatch.setattr(server, "Supervisor", Recorded)
    seen: dict[str, int] = {}

    def call_command(name: str, *args, **kwargs) -> None:
        if name != "runserver":
            return
        # While the demo serves: its worker is killed.
        (sup,) = supervisors
        _until("the worker", lambda: sup.proc is not None and sup.starts == 1)
        first = sup.proc.pid
        time.sleep(1)  # let it get going
        os.kill(first, signal.SIGKILL)
        _until("a new worker", lambda: sup.starts == 2 and sup.proc.pid != first)
        time.sleep(0.5)
        assert sup.proc.poll() is None  # the new one runs
        seen.update(first=first, second=sup.proc.pid)

    monkeypatch.setattr("django.core.management.call_command", call_command)
    args = argparse.Namespace(addr="127.0.0.1:0", no_serve=False, no_worker=False)
    assert server._demo(args) == 0

    (sup,) = supervisors
    assert seen["first"] != seen["second"]
    assert sup.proc.poll() is not None and not sup.is_alive()  # the demo stopped stops its worker
    out = capsys.readouterr().out
    assert f"Tiến trình xử lý nền (pid {seen['first']}) đã dừng với mã -9; khởi động lại sau 1 giây." in out
    assert out.count("khởi động lại") == 1  # stopping the demo is not a crash


def test_a_worker_that_dies_at_once_is_restarted_slower_and_slower(capsys):
    sup = server.Supervisor(["false"], env=dict(os.environ), pause=0.1)
    sup.start()
    _until("three restarts", lambda: sup.starts >= 4, timeout=10)
    sup.stop()
    out = capsys.readouterr().out
    assert "khởi động lại sau 0.1 giây" in out and "sau 0.2 giây" in out and "sau 0.4 giây" in out
    assert not sup.is_alive()
