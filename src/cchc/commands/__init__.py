"""Command groups of the ``cchc`` CLI; each module defines ``register(subparsers)``.

A handler receives the parsed ``argparse.Namespace`` and returns an exit code. It raises
:class:`CommandError` with a Vietnamese message for a user error (bad file, unknown unit...).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from cchc.technical_log import technical_log

if TYPE_CHECKING:
    from cchc.apps.org.models import Unit


class CommandError(Exception):
    """A user-facing error: printed as ``Lỗi: <message>`` with exit code 2."""


def django_setup(settings_module: str = "cchc.settings.dev") -> None:
    """Configure Django for commands that touch the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()
    technical_log()  # Django's LOGGING reset the CLI's error log: the detail goes to the file again


def unit_option(code: str | None) -> Unit | None:
    """The unit a ``--unit`` option names (code or abbreviation), None when not given; an unknown one is a
    :class:`CommandError` (cchc.apps.org.selectors.unit_by_code)."""
    if not code:
        return None
    from cchc.apps.org.models import Unit
    from cchc.apps.org.selectors import unit_by_code

    try:
        return unit_by_code(code)
    except Unit.DoesNotExist as exc:
        raise CommandError(f"Không tìm thấy đơn vị có mã “{code}”.") from exc
