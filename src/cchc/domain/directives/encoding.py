"""Which encoding a Vietnamese text file is in, told apart by its content.

UTF-8 (a strict decode succeeds) and UTF-16 (a byte-order mark or every other byte zero) are certain. An
8-bit file may be Windows-1258, TCVN3 (ABC, ".VnTime") or VNI-Windows: every byte decodes in all three, so
each candidate is decoded and scored by how much of it reads as Vietnamese (:func:`vietnamese_score`: the share
of accented words that are common Vietnamese syllables). The best wins when it is clearly best; when two
candidates are close, or none reads as Vietnamese, :class:`EncodingUnsure` says so instead of guessing.
"""

from __future__ import annotations

import unicodedata

import regex

from cchc.domain.errors import UserError

from .legacy import tcvn3_to_unicode, vni_to_unicode

# Frequent syllables of administrative Vietnamese that carry a diacritic (one wrong decoding turns them into
# symbols or into other letters: "của" in cp1258 read as TCVN3 is "cña").
COMMON_SYLLABLES = frozenset(
    """của và các được trong với về thực hiện ngày năm tháng tỉnh sở nhân dân ủy đơn vị cơ quan công tác văn bản
    số kế hoạch chỉ đạo nhiệm vụ triển tổ chức báo cáo quản lý hành chính thủ tục giải quyết phòng người đến từ
    là này những một không đã sẽ để đề nghị yêu cầu trên địa bàn phối hợp chủ trì xây dựng nâng hiệu quả kết
    tiếp đẩy mạnh tăng cường bảo đảm thời gian hạn trước nội mục tiêu thông pháp luật quy định nước việt cộng hòa
    xã hội nghĩa độc lập tự hạnh phúc kính gửi nơi nhận như lưu giám đốc phó trưởng bộ ủy điều thành phố huyện
    phường dịch sự động đồng hồ sơ tài liệu dữ chuyển đổi hướng dẫn kiểm tra rà soát đánh giá tình hình ban
    hành cấp trực tuyến điện tử văn hóa thể du lịch theo dõi đôn thường xuyên định kỳ hằng hàng tổng hợp
    trình phê duyệt cải cách nguồn kinh phí ngân sách trách nhiệm chức năng lĩnh vực đối tượng phạm vi""".split()
)
_WORD = regex.compile(r"\p{L}+")


class EncodingUnsure(UserError):
    """Two encodings read the file almost as well (or none reads as Vietnamese); the message says which."""

    def __init__(self, candidates: list[tuple[str, float]]) -> None:
        self.candidates = candidates
        names = " hoặc ".join(LABELS.get(n, n) for n, _ in candidates[:2])
        super().__init__(
            f"Không xác định chắc chắn bảng mã của tệp (có thể là {names}). Hãy lưu lại văn bản dưới dạng "
            "Unicode UTF-8 (ví dụ chuyển mã bằng Unikey) rồi tải lên lại."
        )


LABELS = {"cp1258": "Windows-1258", "tcvn3": "TCVN3 (ABC)", "vni": "VNI-Windows"}
# the winner must read at least this well, and this much better than the runner-up
MIN_SCORE = 0.25
MIN_MARGIN = 0.15


def vietnamese_score(text: str) -> float:
    """Share of the words with a non-ASCII letter that are common Vietnamese syllables (0 … 1)."""
    text = unicodedata.normalize("NFC", text[:30000])
    accented = [w.lower() for w in _WORD.findall(text) if not w.isascii()]
    if not accented:
        return 0.0
    return sum(1 for w in accented if w in COMMON_SYLLABLES) / len(accented)


def decode_8bit(data: bytes) -> tuple[str, str]:
    """(text, encoding) of an 8-bit Vietnamese file: cp1258, TCVN3 or VNI, chosen by content."""
    latin = data.decode("cp1252", errors="replace")
    candidates = {
        "cp1258": unicodedata.normalize("NFC", data.decode("cp1258", errors="replace")),
        "tcvn3": restore_caps(tcvn3_to_unicode(latin)),
        "vni": vni_to_unicode(latin),
    }
    scored = sorted(((n, vietnamese_score(t)) for n, t in candidates.items()), key=lambda x: -x[1])
    (best, s1), (_, s2) = scored[0], scored[1]
    if s1 < MIN_SCORE or s1 - s2 < MIN_MARGIN:
        raise EncodingUnsure(scored)
    return candidates[best], best


def legacy_in_unicode(text: str) -> tuple[str, str | None]:
    """Text typed in a legacy font but saved as Unicode (Word with ".VnTime"): converted when the conversion
    reads clearly better as Vietnamese; (text, None) when it is plain Unicode Vietnamese."""
    plain = vietnamese_score(text)
    best: tuple[str, str | None, float] = (text, None, plain)
    for name, convert in (("tcvn3", lambda t: restore_caps(tcvn3_to_unicode(t))), ("vni", vni_to_unicode)):
        try:
            converted = convert(text)
        except Exception:  # pragma: no cover - converters are total
            continue
        s = vietnamese_score(converted)
        if s > best[2] + MIN_MARGIN:
            best = (converted, name, s)
    return best[0], best[1]


_CAPS_WORD = regex.compile(r"[\p{L}&]+")


def restore_caps(text: str) -> str:
    """TCVN3 has no capital accented letters: a heading in ".VnTimeH" is stored with the small letters' codes
    ("KÕ HO¹CH" → "Kế HOạCH"). A word whose unaccented letters are capitals is put back in capitals when it
    has two of them or when its neighbours on the line are such words ("KẾ HOẠCH"); "Bộ VHTTDL" in a sentence
    stays. "ủy ban" is always written "Ủy ban"; a sentence or list item opens with a capital."""
    words = list(_CAPS_WORD.finditer(text))
    caps = [_caps_like(m.group(0)) for m in words]
    lower = [any(c.islower() for c in _capable(m.group(0))) for m in words]
    # the words next to each word with only spaces, a comma or one line break between (a wrapped heading;
    # "Số: 229/CĐ" is not one)
    near: list[list[int]] = [[] for _ in words]
    for i in range(len(words) - 1):
        if _GAP.fullmatch(text, words[i].end(), words[i + 1].start()):
            near[i].append(i + 1)
            near[i + 1].append(i)
    # words in capitals for sure: two capitals ("HOạCH", "VIệC"); then their caps-like neighbours, in turn
    # (a word of plain ASCII capitals, "KH&CN", "UBND", proves nothing: "Sở KH&CN" stays)
    upper = [
        c and _ascii_caps(m.group(0)) >= 2 and not m.group(0).isascii()
        for c, m in zip(caps, words, strict=True)
    ]
    changed = True
    while changed:
        changed = False
        for i in range(len(words)):
            if upper[i] or not caps[i] or _ROMAN.fullmatch(words[i].group(0)):
                continue
            if any(upper[j] for j in near[i]) and not any(lower[j] for j in near[i]):
                upper[i] = changed = True
    pieces, pos = [], 0
    for i, m in enumerate(words):
        if upper[i] and not m.group(0).isupper():
            pieces.append(text[pos : m.start()])
            pieces.append(m.group(0).upper())
            pos = m.end()
    pieces.append(text[pos:])
    out = "".join(pieces)
    out = _UY_BAN.sub("Ủy ban", out)
    # a sentence or a list item opens with a capital ("1. ủy ban …" → "1. Ủy ban …")
    return _OPENING.sub(lambda m: m.group(1) + m.group(2).upper(), out)


_ROMAN = regex.compile(r"[IVXLC]+")
_GAP = regex.compile(r"[ \t,]+|[ \t,]*\n[ \t|]*")
_UY_BAN = regex.compile(r"(?<!\p{L})ủy\s+ban(?!\p{L})")


# Letters TCVN3 can write as capitals: the unaccented ones and Ă Â Ê Ô Ơ Ư Đ.
_CAPABLE = frozenset("ĂÂÊÔƠƯĐăâêôơưđ")


def _capable(w: str) -> list[str]:
    return [c for c in w if (c.isascii() and c.isalpha()) or c in _CAPABLE]


def _caps_like(w: str) -> bool:
    """Every letter TCVN3 can write as a capital is one (a word of a heading in capitals, read back)."""
    letters = _capable(w)
    return bool(letters) and all(c.isupper() for c in letters)


_OPENING = regex.compile(
    r"(?m)((?:^[ \t|]*(?:\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\)|[-+•])[ \t]*)|(?:[.!?][ \t]+))([^\x00-\x7f\W\d_])"
)


def _ascii_caps(w: str) -> int:
    return sum(1 for c in _capable(w) if c.isupper())
