"""`cchc backup OUT` and `cchc restore IN`: the whole installation in one verified archive."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import CommandError, django_setup


def register(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser(
        "backup",
        help="Sao lưu CSDL, kho hồ sơ, tệp tải lên, khóa ký số và tệp nhập vào một tệp .tar.gz (chạy được khi hệ thống đang hoạt động)",
    )
    b.add_argument("out", help="tệp .tar.gz, hoặc thư mục (tạo tệp cchc-YYYYmmdd-HHMMSS.tar.gz trong đó)")
    b.add_argument(
        "--keep",
        type=int,
        metavar="N",
        help="khi OUT là thư mục: chỉ giữ N bản sao lưu mới nhất cchc-*.tar.gz, xóa các bản cũ hơn",
    )
    b.add_argument(
        "--db-format",
        choices=["auto", "native", "json"],
        default="auto",
        help="auto: API sao lưu SQLite / pg_dump (nếu có); json: dumpdata của Django (chuyển được giữa SQLite và PostgreSQL)",
    )
    b.add_argument(
        "--store-wait",
        type=float,
        default=600,
        metavar="GIÂY",
        help="chờ tối đa chừng này giây khi kho hồ sơ đang bận vì một lô nhập (mặc định 600)",
    )
    b.set_defaults(handler=_backup)

    r = sub.add_parser(
        "restore", help="Khôi phục từ một bản sao lưu (kiểm tra mã SHA-256 của từng tệp trước)"
    )
    r.add_argument("archive", metavar="IN", help="tệp .tar.gz do `cchc backup` tạo")
    r.add_argument(
        "--force", action="store_true", help="ghi đè thư mục dữ liệu / CSDL đích dù chúng không trống"
    )
    r.set_defaults(handler=_restore)


def _backup(args: argparse.Namespace) -> int:
    django_setup()
    from cchc.apps.core.backup import BackupError, backup

    if args.keep is not None and args.keep < 1:
        raise CommandError("--keep phải là số nguyên dương.")
    try:
        res = backup(Path(args.out), db_format=args.db_format, keep=args.keep, store_wait=args.store_wait)
    except BackupError as exc:
        raise CommandError(str(exc)) from exc
    size = f"{res.size / 1024 / 1024:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")
    print(f"Đã sao lưu {res.files} tệp, CSDL {res.database}, vào {res.path} ({size} MB).")
    for path in res.removed:
        print(f"Đã xóa bản sao lưu cũ {path.name}.")
    for warning in res.warnings:
        print(f"Cảnh báo: {warning}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    django_setup()
    from cchc.apps.core.backup import BackupError, restore

    try:
        res = restore(Path(args.archive), force=args.force)
    except BackupError as exc:
        raise CommandError(str(exc)) from exc
    from datetime import datetime

    from django.utils import timezone

    try:
        when = timezone.localtime(datetime.fromisoformat(res.created_at)).strftime("%H:%M ngày %d/%m/%Y")
    except ValueError:
        when = res.created_at
    print(
        f"Đã khôi phục CSDL {res.database} và {res.files} tệp từ bản sao lưu lúc {when}. "
        "Hãy chạy lại `cchc manage collectstatic --noinput` rồi khởi động lại dịch vụ."
    )
    return 0
