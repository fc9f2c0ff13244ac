"""TrueType fonts for PDF output and signature captions.

Times New Roman is what NĐ 30/2020 prescribes but Debian does not ship it; Liberation Serif
(fonts-liberation2) is metric-compatible and covers Vietnamese, Noto Serif (fonts-noto-core) is the
fallback. A PDF must embed a TTF: the standard 14 fonts cannot show Vietnamese diacritics.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/msttcorefonts"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/noto"),
)
# (regular, bold, italic, bold italic) file names, in order of preference.
FAMILIES = (
    (
        "Times_New_Roman.ttf",
        "Times_New_Roman_Bold.ttf",
        "Times_New_Roman_Italic.ttf",
        "Times_New_Roman_Bold_Italic.ttf",
    ),
    (
        "LiberationSerif-Regular.ttf",
        "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf",
        "LiberationSerif-BoldItalic.ttf",
    ),
    ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf", "NotoSerif-BoldItalic.ttf"),
)


class FontNotFound(RuntimeError):
    """No TrueType serif font with Vietnamese coverage is installed."""


@dataclass(frozen=True)
class SerifFamily:
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


@cache
def serif_family() -> SerifFamily:
    """The first complete serif family found; ``CCHC_FONT_DIR`` is searched first."""
    dirs = list(FONT_DIRS)
    if extra := os.environ.get("CCHC_FONT_DIR"):
        dirs.insert(0, Path(extra))
    for names in FAMILIES:
        for d in dirs:
            paths = [d / n for n in names]
            if all(p.is_file() for p in paths):
                return SerifFamily(*paths)
    raise FontNotFound(
        "không tìm thấy phông chữ có dấu tiếng Việt (cài fonts-liberation2 hoặc fonts-noto-core)"
    )


@cache
def stamp_family() -> SerifFamily:
    """Font for pyHanko-drawn captions. Noto Serif first: with Liberation Serif 2.1 pyHanko's
    GlyphAccumulator (0.38) writes glyph widths that space every letter an em apart (checked by
    rendering with pdftoppm), while Noto Serif comes out right."""
    noto = Path("/usr/share/fonts/truetype/noto")
    names = FAMILIES[2]
    paths = [noto / n for n in names]
    if all(p.is_file() for p in paths):
        return SerifFamily(*paths)
    return serif_family()
