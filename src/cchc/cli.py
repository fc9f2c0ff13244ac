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
    try:
        return int(handler(args) or 0)
    except commands.CommandError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
