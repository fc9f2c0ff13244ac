"""The ``cchc`` command.

Each command group lives in its own module under :mod:`cchc.commands` and exposes
``register(subparsers)``; groups are discovered automatically so that adding one touches no
shared file. Commands that need the database call :func:`cchc.commands.django_setup` first;
pure domain commands (for example ``directives extract``) start without Django.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from cchc import __version__, commands
from cchc.domain.errors import UserError
from cchc.domain.errors import user_message as domain_user_message
from cchc.technical_log import technical_log


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cchc",
        description="cchc — điều hành, theo dõi và đo lường cải cách hành chính.",
    )
    parser.add_argument("--version", action="version", version=f"cchc {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"cchc.commands.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    log_file = technical_log()
    try:
        return int(handler(args) or 0)
    except (commands.CommandError, UserError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return 130
    except Exception as exc:  # an engine failure or a bug: words for the user, the traceback to the log
        print(f"Lỗi: {_user_message(exc)}", file=sys.stderr)
        if log_file is not None:
            print(f"Chi tiết kỹ thuật đã ghi vào {log_file}.", file=sys.stderr)
        return 1


def _user_message(exc: BaseException) -> str:
    """Django's refusals (ValidationError, PermissionDenied) keep their own Vietnamese words when Django
    is set up; everything else goes through the domain's error path."""
    try:
        from django.conf import settings

        if settings.configured:
            from cchc.apps.core.errors import user_message

            return user_message(exc, context="cli")
    except ImportError:  # pragma: no cover - Django is a dependency
        pass
    return domain_user_message(exc, context="cli")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
