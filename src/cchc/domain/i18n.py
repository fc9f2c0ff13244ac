"""Marking Vietnamese labels of the plain-Python domain for translation, without Django.

``gettext_noop`` returns its argument unchanged; ``make messages`` (xgettext) knows the name and puts the
string in the catalogue, and the app translates it with ``gettext`` where it is shown.
"""

from __future__ import annotations


def gettext_noop(message: str) -> str:
    """Marks a msgid for ``make messages``; the app translates it when shown."""
    return message
