"""`cchc demo`, `cchc serve`, `cchc worker` and `cchc manage …` (Django's management commands)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time

from . import django_setup


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser(
        "demo", help="Tạo CSDL SQLite, nạp dữ liệu mẫu Sở VHTTDL Lai Châu và chạy tại 127.0.0.1:8000"
    )
    demo.add_argument("--addr", default="127.0.0.1:8000", help="địa chỉ:cổng (mặc định 127.0.0.1:8000)")
    demo.add_argument("--no-serve", action="store_true", help="chỉ nạp dữ liệu, không chạy máy chủ")
    demo.add_argument("--no-worker", action="store_true", help="không chạy tiến trình xử lý nền kèm theo")
    demo.set_defaults(handler=_demo)

    worker = sub.add_parser("worker", help="Chạy tiến trình xử lý công việc nền (nhắc hạn, báo cáo, ký số…)")
    worker.add_argument("--batch", action="store_true", help="chạy hết hàng đợi rồi thoát")
    worker.add_argument(
        "--interval", type=float, default=1.0, help="số giây chờ giữa hai lần xem hàng đợi trống (mặc định 1)"
    )
    worker.set_defaults(handler=_worker)

    manage = sub.add_parser("manage", help="Chạy lệnh quản trị Django, ví dụ: cchc manage migrate")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=_manage)


def _settings() -> str:
    return os.environ.get("DJANGO_SETTINGS_MODULE", "cchc.settings.dev")


def _demo(args: argparse.Namespace) -> int:
    django_setup(_settings())
    from django.conf import settings
    from django.core.management import call_command

    from cchc.apps.core.demo import load_all

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    print("Đang tạo cơ sở dữ liệu…", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    print("Đang nạp dữ liệu mẫu…", flush=True)
    # Demo data assigns tasks and so sends notification e-mails; keep them out of the console.
    from django.test.utils import override_settings

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        lines = load_all()
    for line in lines:
        print(line)
    if args.no_serve:
        return 0
    worker = None
    if not args.no_worker:
        worker = Supervisor(
            [sys.executable, "-m", "cchc.cli", "worker"],
            env={**os.environ, "DJANGO_SETTINGS_MODULE": _settings()},
        )
        worker.start()
    print(
        f"Mở http://{args.addr}/ trong trình duyệt và đăng nhập bằng một tài khoản ở trên. Nhấn Ctrl+C để dừng.",
        flush=True,
    )
    try:
        call_command("runserver", args.addr, use_reloader=False)
    finally:
        if worker is not None:
            worker.stop()
    return 0


class Supervisor(threading.Thread):
    """Keeps the demo's background worker running: when it exits (crash, kill -9, out of memory) it is
    started again after a short pause, with a log line. Safe because a restarted worker takes back the
    jobs its predecessor left half-done (cchc.apps.core.jobs). In production systemd restarts it (README)."""

    def __init__(self, command: list[str], *, env: dict[str, str], pause: float = 1.0) -> None:
        super().__init__(name="cchc-worker-supervisor", daemon=True)
        self.command, self.env, self.pause = command, env, pause
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self._stopping = threading.Event()

    def run(self) -> None:
        delay = self.pause
        while not self._stopping.is_set():
            started = time.monotonic()
            self.proc = subprocess.Popen(self.command, env=self.env)
            self.starts += 1
            code = self.proc.wait()
            if self._stopping.is_set():
                return
            if time.monotonic() - started > 60:  # it ran a while: the next pause is short again
                delay = self.pause
            print(
                f"Tiến trình xử lý nền (pid {self.proc.pid}) đã dừng với mã {code}; "
                f"khởi động lại sau {delay:g} giây.",
                flush=True,
            )
            self._stopping.wait(delay)
            delay = min(delay * 2, 60.0)  # one that dies at once (broken settings) is retried slower

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.join(timeout)


def _worker(args: argparse.Namespace) -> int:
    django_setup(_settings())
    from cchc.apps.core import worker

    worker.run(batch=args.batch, interval=max(0.1, args.interval))
    return 0


def _manage(args: argparse.Namespace) -> int:
    django_setup(_settings())
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cchc manage", *args.args])
    return 0
