"""Vietnamese personal names: họ + đệm + tên, and their sort order.

A Vietnamese full name is written family name first: "Trần Mạnh Hùng" is họ "Trần", đệm "Mạnh", tên
"Hùng". The user model keeps the họ in ``last_name`` and "đệm tên" in ``first_name`` (the two fields
of Django's user, whose own ``get_full_name`` would print the Western "Mạnh Hùng Trần"). Every
display of a person goes through :func:`full_name`; lists of people are sorted with
:func:`sort_key`, by tên first, then họ and đệm, ignoring case and diacritics as Vietnamese
directories do ("An" before "Bình" before "Đức", whatever the family names).
"""

from __future__ import annotations

import unicodedata

__all__ = ["full_name", "given_name", "sort_key"]


def _clean(part: str | None) -> str:
    return " ".join((part or "").split())


def full_name(family: str | None, given: str | None) -> str:
    """``full_name("Trần", "Mạnh Hùng") == "Trần Mạnh Hùng"`` (either part may be empty)."""
    return " ".join(p for p in (_clean(family), _clean(given)) if p)


def given_name(family: str | None, given: str | None) -> str:
    """The tên, the last word of the full name: "Hùng" for "Trần Mạnh Hùng"."""
    words = full_name(family, given).split()
    return words[-1] if words else ""


def _fold(text: str) -> str:
    # "đ" sorts after "d" in Vietnamese; folding it to "d~" keeps it after every plain "d" word.
    text = text.lower().replace("đ", "d~")
    text = unicodedata.normalize("NFD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def sort_key(family: str | None, given: str | None) -> tuple[str, str, str]:
    """Sort by tên, then by họ đệm, then by the exact text (so equal folded names keep a fixed order)."""
    name = full_name(family, given)
    words = name.split()
    if not words:
        return ("", "", "")
    return (_fold(words[-1]), _fold(" ".join(words[:-1])), name)
