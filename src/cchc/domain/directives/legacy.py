"""Text typed in legacy Vietnamese fonts (TCVN3/ABC ".VnTime", VNI-Windows "VNI-Times") → Unicode.

Such text reaches us as Latin-1/cp1252 code points: TCVN3 uses one byte per accented letter
(``Céng hßa x· héi`` = "Cộng hòa xã hội"), VNI a base letter followed by a mark byte
(``Coäng hoøa xaõ hoäi``). :func:`detect_legacy` scores a text; :func:`tcvn3_to_unicode` and
:func:`vni_to_unicode` convert it.
"""

from __future__ import annotations

import regex

# TCVN3 (TCVN 5712:1993, ABC): one code point per accented lower-case letter.
# Read: "µ¶·¸¹" = à ả ã á ạ (a with huyền, hỏi, ngã, sắc, nặng), and so on for each vowel.
_TCVN3_ROWS: dict[str, str] = {
    "µ¶·¸¹": "àảãáạ",
    "¨»¼½¾Æ": "ăằẳẵắặ",
    "©ÇÈÉÊË": "âầẩẫấậ",
    "ÌÎÏÐÑ": "èẻẽéẹ",
    "ªÒÓÔÕÖ": "êềểễếệ",
    "×ØÜÝÞ": "ìỉĩíị",
    "ßáâãä": "òỏõóọ",
    "«åæçèé": "ôồổỗốộ",
    "¬êëìíî": "ơờởỡớợ",
    "ïñòóô": "ùủũúụ",
    "\xadõö÷øù": "ưừửữứự",  # \xad (soft hyphen) is ư
    "úûüýþ": "ỳỷỹýỵ",
    "®": "đ",
    "¡¢£¤¥¦§": "ĂÂÊÔƠƯĐ",
}
TCVN3_MAP: dict[int, str] = {
    ord(k): v for keys, vals in _TCVN3_ROWS.items() for k, v in zip(keys, vals, strict=True)
}

# VNI-Windows: vowel + mark byte(s). Longest sequences first. Example: "Vieät" → "Việt".
_VNI_PAIRS: list[tuple[str, str]] = []
_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_TONES_UP = {"Ù": "\u0301", "Ø": "\u0300", "Û": "\u0309", "Õ": "\u0303", "Ï": "\u0323"}
_HAT = {"á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323", "â": ""}
_HAT_UP = {"Á": "\u0301", "À": "\u0300", "Å": "\u0309", "Ã": "\u0303", "Ä": "\u0323", "Â": ""}
_BREVE = {"é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323", "ê": ""}
_BREVE_UP = {"É": "\u0301", "È": "\u0300", "Ú": "\u0309", "Ü": "\u0303", "Ë": "\u0323", "Ê": ""}


def _build_vni() -> list[tuple[str, str]]:
    import unicodedata

    pairs: list[tuple[str, str]] = []

    def add(src: str, base: str, marks: str) -> None:
        pairs.append((src, unicodedata.normalize("NFC", base + marks)))

    for low, up in (("a", "A"), ("e", "E"), ("o", "O")):
        for m, tone in _HAT.items():
            add(low + m, low, "\u0302" + tone)
        for m, tone in _HAT_UP.items():
            add(up + m, up, "\u0302" + tone)
    for m, tone in _BREVE.items():
        add("a" + m, "a", "\u0306" + tone)
    for m, tone in _BREVE_UP.items():
        add("A" + m, "A", "\u0306" + tone)
    for base_src, base, horn in (
        ("ô", "o", "\u031b"),
        ("ö", "u", "\u031b"),
        ("Ô", "O", "\u031b"),
        ("Ö", "U", "\u031b"),
    ):
        table = _TONES if base_src.islower() else _TONES_UP
        for m, tone in table.items():
            add(base_src + m, base, horn + tone)
    for low, up in (("a", "A"), ("e", "E"), ("o", "O"), ("u", "U"), ("y", "Y")):
        for m, tone in _TONES.items():
            add(low + m, low, tone)
        for m, tone in _TONES_UP.items():
            add(up + m, up, tone)
    singles = {"ô": "ơ", "ö": "ư", "Ô": "Ơ", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ", "í": "í", "ì": "ì", "æ": "ỉ",
               "ó": "ĩ", "ò": "ị", "î": "ỵ", "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ"}  # fmt: skip
    pairs.extend(singles.items())
    pairs.sort(key=lambda p: -len(p[0]))
    return pairs


_VNI_PAIRS = _build_vni()
_VNI_RE = regex.compile("|".join(regex.escape(s) for s, _ in _VNI_PAIRS))
_VNI_DICT = dict(_VNI_PAIRS)

# Code points that never occur in Unicode Vietnamese but are frequent in TCVN3 text.
_TCVN3_ONLY = set("µ¶·¸¹¨»¼½¾Æ©ÇÈËÌÎÏÐÑªÖ×ØÜÞßäåæçë¬îïñö÷øûüþ®«\xad")
# VNI signatures: a vowel followed by a mark byte ("aø", "eä", "oà"), or "ñ" for đ.
_VNI_SIG = regex.compile(r"[aeouyAEOUY][øùûõïâäåãêéèüëÂÄÅÃÊÉÈÜËØÙÛÕÏ]|ö[øùûõï]|ô[øùûõï]")


def detect_legacy(text: str) -> str | None:
    """Return "tcvn3", "vni" or None. Looks only at letters so that a few "§" or "°" do not trip it."""
    letters = sum(1 for c in text[:20000] if c.isalpha())
    if letters < 20:
        return None
    sample = text[:20000]
    vni_hits = len(_VNI_SIG.findall(sample))
    tcvn_hits = sum(1 for c in sample if c in _TCVN3_ONLY)
    has_unicode_vn = sum(1 for c in sample if "\u1ea0" <= c <= "\u1ef9" or c in "ăđơưĂĐƠƯ")
    if has_unicode_vn > max(vni_hits, tcvn_hits):
        return None
    if vni_hits >= 5 and vni_hits / letters > 0.02 and vni_hits >= tcvn_hits * 0.5:
        return "vni"
    if tcvn_hits >= 5 and tcvn_hits / letters > 0.02:
        return "tcvn3"
    return None


def tcvn3_to_unicode(text: str) -> str:
    """``"Céng hßa x· héi chñ nghÜa ViÖt Nam"`` → ``"Cộng hòa xã hội chủ nghĩa Việt Nam"``."""
    return text.translate(TCVN3_MAP)


def unicode_to_tcvn3(text: str) -> str:
    """Inverse of :func:`tcvn3_to_unicode` (used by tests to make legacy input). A capital accented letter, which
    TCVN3 lacks, is written with the small letter's code, as a heading set in ".VnTimeH" is stored."""
    inverse = {v: chr(k) for k, v in TCVN3_MAP.items()}
    return "".join(inverse.get(c) or inverse.get(c.lower(), c) for c in text)


def vni_to_unicode(text: str) -> str:
    """``"Coäng hoøa xaõ hoäi"`` → ``"Cộng hòa xã hội"``."""
    return _VNI_RE.sub(lambda m: _VNI_DICT[m.group(0)], text)


def unicode_to_vni(text: str) -> str:
    """Inverse of :func:`vni_to_unicode` (used by tests to make legacy input)."""
    import unicodedata

    inverse: dict[str, str] = {}
    for src, uni in _VNI_PAIRS:
        if src != uni:
            inverse.setdefault(uni, src)
    return "".join(inverse.get(c, c) for c in unicodedata.normalize("NFC", text))


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def unicode_to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes of a Unicode text: letters it has (ă, ơ, ư, đ …) precomposed, tones as combining
    marks, as Word writes it (used by tests to make legacy input)."""
    import unicodedata

    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        try:
            out += c.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", c)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in _TONE_MARKS))
        tones = "".join(p for p in parts if p in _TONE_MARKS)
        out += (base + tones).encode("cp1258", errors="replace")
    return bytes(out)
