"""Folding text for tolerant comparison — the one rule for headers, labels, unit names and words.

Before there were three folds (directives, dossiers, procedures) that disagreed on punctuation and
underscores: "Mã_hồ_sơ (*)" folded to "ma ho so (*)" for dossiers and to "ma ho so" for procedures, so a
header profile written for one reader did not match in the other.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold"]

_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lower case, no diacritics ("đ" → "d"), every run of punctuation, underscores and spaces → one space.

    "Sở Nội vụ" → "so noi vu"; "Ngày_hẹn_trả (*)" → "ngay hen tra"; "Phòng KH-TC" → "phong kh tc".
    For matching only, never for display.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", bare.lower()).split())
