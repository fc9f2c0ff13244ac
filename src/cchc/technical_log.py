"""The CLI's technical log: the detail of a failure goes to a file, the terminal gets a Vietnamese sentence.

Used by :mod:`cchc.cli` at a command's start and by :func:`cchc.commands.django_setup` after Django's
logging configuration reset it (its own module, so neither imports the other to reach it).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from cchc import config


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


def technical_log() -> Path | None:
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
