"""Cells of every spreadsheet and CSV export: a value that starts like a formula stays text.

A text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return becomes a live formula when
a spreadsheet opens the file (``=HYPERLINK("http://…","Bấm vào đây")`` in a task title or a quarantined
dossier row). Two rules, used by every export:

- XLSX: every workbook is made by :func:`workbook`, whose XlsxWriter options never turn a string into a
  formula, a URL or a number; a text is written as a text cell, however it starts. Numbers, dates and
  booleans keep their types (a negative number stays a number).
- CSV (which has no cell types): :func:`csv_cell` prefixes such a text with an apostrophe, the OWASP
  rule; a text that is only a number (``-5``, ``+84…``, ``-1.234,5``) is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

__all__ = ["FORMULA_STARTS", "csv_cell", "csv_row", "is_formula_like", "workbook"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9 .,]*%?")

# XlsxWriter turns a str written with write() into a formula ("=…"), a URL or a number by default.
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet read ``text`` as a formula? (A plain signed number is not one.)"""
    return text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text)


def csv_cell(value: Any) -> Any:
    """``value`` for a CSV cell: a formula-like text gets a leading apostrophe; anything else unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


def workbook(target: str | Path | IO[bytes], **options: Any) -> Any:
    """An ``xlsxwriter.Workbook`` writing to ``target`` (a path or a BytesIO, then ``in_memory``) whose
    ``write()`` keeps every str a text cell. The one constructor of XLSX exports."""
    import xlsxwriter  # imported here: only exports pay for it

    merged = {**options, **WORKBOOK_OPTIONS}  # the safe options cannot be turned off
    if not isinstance(target, str | Path):
        merged.setdefault("in_memory", True)
    return xlsxwriter.Workbook(target if not isinstance(target, Path) else str(target), merged)
