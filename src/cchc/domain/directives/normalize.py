"""Unicode normalisation: NFC, one tone placement, line ends, odd spaces.

Every later offset (``span``) refers to the text returned by :func:`normalize_text`.
Tone placement: old style "hoà, thuỷ, khoẻ" becomes new style "hòa, thủy, khỏe"
(the mark goes on the main vowel). "quý", "quá", "quả" keep their mark: after "q" the "u" is part of
the consonant, so the ``(?<![qQ])`` guard is essential (without it "quý" became "qúy").
"""

from __future__ import annotations

import unicodedata

import regex

from cchc.domain.text import fold  # noqa: F401  (the one fold, re-exported)

# old → new placement for the diphthongs oa, oe, uy (lower case; upper case derived below).
_TONE_PAIRS = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}  # fmt: skip
_OLD_TO_NEW = {old: new for new, old in _TONE_PAIRS.items()}
_OLD_TO_NEW.update({old.capitalize(): new.capitalize() for old, new in list(_OLD_TO_NEW.items())})
_OLD_TO_NEW.update({old.upper(): new.upper() for old, new in list(_OLD_TO_NEW.items())})
# Only at the end of a syllable ("hoà" but not "hoàng"; "thuỷ" but not "khuỷu"), never after q.
_OLD_RE = regex.compile(r"(?<![qQ])(" + "|".join(regex.escape(k) for k in _OLD_TO_NEW) + r")(?!\p{L})")

_SPACES = regex.compile(r"[\u00a0\u2007\u202f\u200b\ufeff\t]")


def normalize_text(text: str) -> str:
    """NFC, new-style tone placement, ``\\n`` line ends, no-break and zero-width spaces → space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text)
    text = text.replace("\u200b", "")
    return _OLD_RE.sub(lambda m: _OLD_TO_NEW[m.group(1)], text)
