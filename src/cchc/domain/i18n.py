"""Marking Vietnamese labels of the plain-Python domain for translation, without Django.

``gettext_noop`` returns its argument unchanged; ``make messages`` (xgettext) knows the name and puts the
string in the catalogue, and the app translates it with ``gettext`` where it is shown.
"""

from __future__ import annotations


def gettext_noop(message: str) -> str:
    """Marks a msgid for ``make messages``; the app translates it when shown."""
    return message


def pgettext_noop(context: str, message: str) -> str:
    """Marks a msgid with its context (msgctxt) for ``make messages``: the same Vietnamese word translated two
    ways ("Thông báo": the notifications bell, and a notice as a type of văn bản); the app translates it with
    ``pgettext(context, message)``. The keyword is added to xgettext by core's ``makemessages``."""
    return message
