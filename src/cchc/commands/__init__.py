"""Command groups of the ``cchc`` CLI; each module defines ``register(subparsers)``.

A handler receives the parsed ``argparse.Namespace`` and returns an exit code. It raises
:class:`CommandError` with a Vietnamese message for a user error (bad file, unknown unit...).
"""

from __future__ import annotations

import os

from cchc.technical_log import technical_log


class CommandError(Exception):
    """A user-facing error: printed as ``Lỗi: <message>`` with exit code 2."""


def django_setup(settings_module: str = "cchc.settings.dev") -> None:
    """Configure Django for commands that touch the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()
    technical_log()  # Django's LOGGING reset the CLI's error log: the detail goes to the file again
