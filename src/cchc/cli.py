"""The ``cchc`` command.

Each command group lives in its own module under :mod:`cchc.commands` and exposes
``register(subparsers)``; groups are discovered automatically so that adding one touches no
shared file. Commands that need the database call :func:`cchc.commands.django_setup` first;
pure domain commands (for example ``directives extract``) start without Django.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from pathlib import Path

from cchc import __version__, commands
from cchc.domain.errors import UserError
from cchc.domain.errors import user_message as domain_user_message


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
    log_file = _technical_log()
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


class _LazyFileHandler(logging.FileHandler):
    """A file log whose folder and file appear only when something is logged (a command that succeeds
    leaves the data directory untouched, e.g. before ``cchc restore`` into an empty one)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, encoding="utf-8", delay=True)

    def _open(self):  # type: ignore[no-untyped-def]
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def handleError(self, record: logging.LogRecord) -> None:
        pass  # an unwritable data directory must not turn a sentence into a traceback


def _technical_log() -> Path | None:
    """Send the technical detail of a failure (logger ``cchc.errors``) to ``$CCHC_DATA_DIR/logs/cli.log``
    instead of the terminal: the command prints a Vietnamese sentence, never a traceback. With
    ``CCHC_DEBUG=1`` the detail goes to the terminal as well. Called again after ``django.setup()``
    (:func:`cchc.commands.django_setup`), whose logging configuration resets the logger."""
    logger = logging.getLogger("cchc.errors")
    for handler in logger.handlers:
        if getattr(handler, "cchc_cli", False):
            return getattr(handler, "cchc_cli_file", None)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    from cchc import config

    folder = config.data_dir() / "logs"
    path: Path | None = folder / "cli.log"
    handler = _LazyFileHandler(path)  # type: ignore[arg-type]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    handler.cchc_cli, handler.cchc_cli_file = True, path  # type: ignore[attr-defined]
    logger.addHandler(handler)
    # Decided once, at the command's start: the dev settings switch CCHC_DEBUG on for Django later,
    # which must not bring tracebacks back to the terminal.
    debug = getattr(logger, "cchc_terminal_detail", None)
    if debug is None:
        try:
            debug = config.env_bool("CCHC_DEBUG", False)
        except config.ConfigError:
            debug = False
        logger.cchc_terminal_detail = debug  # type: ignore[attr-defined]
    if debug:
        logger.addHandler(logging.StreamHandler(sys.stderr))
    return path


technical_log = _technical_log


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
