"""Metadata: type, number, issuer, place and date, subject, Kính gửi, Nơi nhận, signer, signature stamp,
cited documents. Each finder is one regex with an example."""

from __future__ import annotations

import regex

from .model import CitedDocument, Field, ParsedLetter
from .subject import find_subject

DOC_TYPES: list[tuple[str, str, str]] = [
    # (title as printed, code in the symbol, name)
    ("CHỈ THỊ", "CT", "Chỉ thị"),
    ("KẾ HOẠCH", "KH", "Kế hoạch"),
    ("THÔNG BÁO", "TB", "Thông báo"),
    ("QUYẾT ĐỊNH", "QĐ", "Quyết định"),
    ("CÔNG ĐIỆN", "CĐ", "Công điện"),
    ("THÔNG TƯ", "TT", "Thông tư"),
    ("NGHỊ QUYẾT", "NQ", "Nghị quyết"),
    ("NGHỊ ĐỊNH", "NĐ", "Nghị định"),
    ("BÁO CÁO", "BC", "Báo cáo"),
    ("TỜ TRÌNH", "TTr", "Tờ trình"),
    ("HƯỚNG DẪN", "HD", "Hướng dẫn"),
    ("CHƯƠNG TRÌNH", "CTr", "Chương trình"),
]
_CODE_TO_TYPE = {code.upper(): name for _, code, name in DOC_TYPES}
_TYPE_WORDS = "|".join(name for _, _, name in DOC_TYPES) + "|Công văn|Luật|Kết luận|Pháp lệnh"

# "Số: 1036 /SVHTTDL-VP" (spaces tolerated) → 1036/SVHTTDL-VP
NUMBER_RE = regex.compile(
    r"(?m)^\s*Số\s*:\s*(?P<n>\d+[A-Za-z]?)\s*/\s*(?P<s>(?:\d{4}/)?[\p{Lu}\d][\p{L}\d.&]*(?:-[\p{L}\d.&]+)*)"
)
# "Lai Châu, ngày 27 tháng 3 năm 2026" (possibly wrapped over lines)
PLACE_DATE_RE = regex.compile(
    r"(?P<place>\p{Lu}[\p{L} .]{1,40}?),\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})"
)
# Công văn: "V/v đẩy mạnh … hành chính" up to a blank line or the place-date line. Other types: the line(s)
# after the tên loại heading, see subject.py
SUBJECT_RE = regex.compile(
    r"(?m)^\s*(?P<s>V/v\s.+?)(?=\n\s*\n|\n\s*\|?\s*\n|\n[^\n]*ngày\s+\d{1,2}\s+tháng|\Z)", regex.S
)
# "Kính gửi: …"; a công điện names its addressees after "THỦ TƯỚNG CHÍNH PHỦ điện:" (same list shape)
ADDRESSEE_RE = regex.compile(r"(?m)^\s*(?:Kính\s+gửi|\p{Lu}[\p{Lu} ]{2,60}\s+điện)\s*:?[ \t]*")
RECIPIENTS_RE = regex.compile(r"(?m)^\s*Nơi\s+nhận\s*:?[ \t]*$")
SIGNED_BY_RE = regex.compile(r"(?m)^\s*Ký\s+bởi\s*:\s*(?P<v>.+?)\s*$")
SIGNED_AT_RE = regex.compile(
    r"(?m)^\s*Thời\s+gian\s+ký\s*:\s*(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})(?:\s+(?P<t>\d{1,2}:\d{2}(?::\d{2})?))?(?P<tz>\s*[+-]\d{2}:?\d{2})?"
)
# Cited documents: "Công văn số 1928/UBND-TH ngày 20/3/2026", "Nghị định số 118/2025/NĐ-CP", "Kế hoạch số 02-KH/BCĐTW"
CITED_RE = regex.compile(
    r"(?:(?P<type>"
    + _TYPE_WORDS
    + r")\s+(?:số\s+)?)?(?<![\d/])(?P<n>\d{1,5}(?:\.\d{1,2})?(?:/\d{4})?/[\p{Lu}Đ][\p{Lu}\p{Ll}Đđ\d]*(?:-[\p{Lu}Đ][\p{L}\d]*)+|\d{1,4}-[\p{Lu}]{1,4}/[\p{Lu}Đ]+)"
    r"(?:[^.;\n]{0,40}?ngày\s+(?P<d>\d{1,2})\s*(?:/|\s+tháng\s+)\s*(?P<m>\d{1,2})\s*(?:/|\s+năm\s+)\s*(?P<y>\d{4}))?",
    regex.I,
)
_POSITION_WORDS = regex.compile(
    r"(?:KT|TL|TM|TUQ|Q)\.|CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|THỨ TRƯỞNG|THỦ TƯỚNG|CHỦ NHIỆM|CHÁNH|TRƯỞNG|PHÓ|ỦY BAN|UBND|DÂN$|TỔNG CỤC|CỤC TRƯỞNG|VỤ TRƯỞNG"
)
_NAME_RE = regex.compile(r"^\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}*){1,4}$")


def _field(text: str, s: int, e: int, value: str | None = None) -> Field:
    return Field(value if value is not None else " ".join(text[s:e].split()), (s, e))


# Words that end a place name in a heading ("TỈNH ĐẮK LẮK VỀ VIỆC …", "THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG").
_ACRONYMS = {"UBND", "HĐND", "MTTQ", "TP", "CP", "VPCP", "BCĐ"}
_NOT_PLACE = {
    "và",
    "về",
    "của",
    "trên",
    "tại",
    "năm",
    "giai",
    "trực",
    "thuộc",
    "các",
    "trong",
    "đến",
    "theo",
    "với",
}


def sentence_case(caps: str) -> str:
    """ "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" → "Sở Văn hóa, Thể thao và Du lịch"; a place name after tỉnh, thành phố,
    huyện, xã, phường keeps a capital on every word ("UBND tỉnh Đắk Lắk", "Thành phố Hà Nội")."""
    words = caps.split()
    out: list[str] = []
    capital_next = True
    place = 0  # words of a place name still to capitalise
    for w in words:
        low = w.lower()
        bare = low.strip(",.;:()")
        if place and bare in _NOT_PLACE:
            place = 0
        if bare.upper() in _ACRONYMS:
            out.append(w)
        elif capital_next or place:
            out.append(low[:1].upper() + low[1:])
        else:
            out.append(low)
        place = max(place - 1, 0) if not w.endswith((",", ";", ".")) else 0
        if bare in {"tỉnh", "phố", "huyện", "xã", "phường", "quận", "thị"} and not w.endswith(","):
            place = 3
        capital_next = w.endswith(",") or low in {
            "tỉnh",
            "phố",
            "sở",
            "bộ",
            "cục",
            "vụ",
            "phủ",
            "nam",
            "quốc",
        }
    s = " ".join(out)
    s = regex.sub(r"Ủy ban nhân dân|Ủy Ban Nhân Dân", "UBND", s, flags=regex.I)
    s = regex.sub(r"(?<=, )(\p{Ll})", lambda m: m.group(1).upper(), s)
    s = regex.sub(r"Chính Phủ", "Chính phủ", s)
    s = regex.sub(r" Và ", " và ", s)
    return s


def find_metadata(text: str, letter: ParsedLetter) -> None:
    head = text[: min(len(text), 4000)]
    _number(text, head, letter)
    _place_date(text, head, letter)
    m = SUBJECT_RE.search(head)
    if m:
        letter.subject = _field(text, m.start("s"), m.end("s"))
    heading = _type(text, head, letter)
    if letter.subject is None and heading is not None:
        letter.subject = find_subject(text, heading.end(), len(head))
    _issuer(text, head, letter)
    _addressees(text, letter)
    _recipients_and_signer(text, letter)
    _signature(text, letter)
    _cited(text, letter)


def _number(text: str, head: str, letter: ParsedLetter) -> None:
    m = NUMBER_RE.search(head)
    if m:
        letter.doc_number = Field(f"{m.group('n')}/{m.group('s')}".rstrip("."), (m.start("n"), m.end("s")))
        return
    # an appendix names its own letter: "(Kèm theo Công văn số 6225/BVHTTDL-VP ngày 18/11/2025 …)"
    m2 = regex.search(
        r"Kèm\s+theo\s+(?:"
        + _TYPE_WORDS
        + r")\s+số\s+(?P<n>\d+/[\p{L}\d/-]+)(?:\s+ngày\s+(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}))?",
        text,
        regex.I,
    )
    if m2:
        letter.doc_number = _field(text, m2.start("n"), m2.end("n"))
        if m2.group("y") and letter.signed_date is None:
            letter.signed_date = Field(
                f"{int(m2.group('y')):04d}-{int(m2.group('m')):02d}-{int(m2.group('d')):02d}", m2.span()
            )


def _place_date(text: str, head: str, letter: ParsedLetter) -> None:
    m = PLACE_DATE_RE.search(head)
    if not m:
        return
    letter.place = _field(text, m.start("place"), m.end("place"))
    letter.signed_date = Field(
        f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}",
        (m.start("d") - 5, m.end("y")),
    )


# The body has begun: a heading after one of these lines is a title inside the body, not the tên loại.
_BODY_START = regex.compile(r"(?m)^[ \t|]*(?:Kính\s+gửi|Căn\s+cứ|Thực\s+hiện|\d{1,2}\.\s|[IVX]{1,4}\.\s)")


def _type(text: str, head: str, letter: ParsedLetter) -> regex.Match[str] | None:
    """Sets the type; returns the tên loại heading ("KẾ HOẠCH" on its own line) if it opens the document."""
    # the earliest heading: a quyết định's attached "KẾ HOẠCH" comes after its own "QUYẾT ĐỊNH"
    found = [
        (m, name)
        for caps, _code, name in DOC_TYPES
        if (m := regex.search(rf"(?m)^[ \t|]*(?P<h>{caps})[ \t|]*$", head))
    ]
    for m, name in sorted(found, key=lambda x: x[0].start())[:1]:
        if m:
            value = name
            after = head[m.end() : m.end() + 200].lstrip()
            if name == "Thông báo" and after.upper().startswith("KẾT"):
                value = "Thông báo (kết luận)"
            letter.doc_type = Field(value, m.span("h"))
            body = _BODY_START.search(head)
            return m if body is None or body.start() > m.start() else None
    if letter.doc_number:
        symbol = letter.doc_number.value.split("/", 1)[1]
        code = symbol.split("-")[0].upper()
        if code in _CODE_TO_TYPE:
            letter.doc_type = Field(_CODE_TO_TYPE[code], letter.doc_number.span)
            return None
        letter.doc_type = Field("Công văn", letter.doc_number.span)
    elif letter.subject or regex.search(r"(?m)^\s*(?:V/v\s|Kính\s+gửi)", head):
        letter.doc_type = Field("Công văn", (0, 0))
    return None


def _issuer(text: str, head: str, letter: ParsedLetter) -> None:
    # Header block: text before "CỘNG HÒA XÃ HỘI" (or before "Số:"), in capitals, wrapped anyhow.
    stop = regex.search(r"CỘNG\s+HÒA|Số\s*:", head)
    block = head[: stop.start()] if stop else ""
    caps = " ".join(regex.sub(r"[|\-_]{1,}", " ", block).split())
    if caps and caps.upper() == caps and len(caps) > 3:
        s = text.find(caps.split()[0])
        m = regex.match(
            r"(?P<p>(?:ỦY BAN NHÂN DÂN|UBND|BỘ)\s+.+?)\s+(?P<i>(?:SỞ|BAN|CỤC|VỤ|VĂN PHÒNG|TRUNG TÂM|CHI CỤC|THANH TRA|TỔNG CỤC)\s.+)$",
            caps,
        )
        if m:
            letter.parent_body = Field(sentence_case(m.group("p")), (s, s + len(block.strip())))
            letter.issuer = Field(sentence_case(m.group("i")), (s, s + len(block.strip())))
        else:
            letter.issuer = Field(sentence_case(caps), (s, s + len(block.strip())))
        return
    # No header (crawled body only): "Bộ Văn hóa, Thể thao và Du lịch yêu cầu:" / "Giám đốc Sở … yêu cầu"
    m2 = regex.search(
        r"(?:Giám\s+đốc\s+|Chủ\s+tịch\s+|Bộ\s+trưởng\s+)?(?P<o>(?:Sở|Bộ|Ủy\s+ban\s+nhân\s+dân|UBND|Văn\s+phòng|Cục)\s+\p{Lu}[\p{L} ,]{2,60}?)\s+(?:yêu\s+cầu|đề\s+nghị|thông\s+báo)",
        text,
    )
    if m2:
        name = " ".join(m2.group("o").split())
        if name.startswith("Sở") and letter.place and letter.place.value not in name:
            name = f"{name} tỉnh {letter.place.value}"
        letter.issuer = Field(name, m2.span("o"))


def _list_after(text: str, pos: int) -> list[Field]:
    """Bulleted lines after ``pos`` ("- Như trên;"), joined across wraps, until "|" or a blank line."""
    items: list[Field] = []
    cur_s: int | None = None
    cur_e = pos
    seen = False
    closed = False  # the current item ended with "." (the last item of the list)
    for m in regex.finditer(r"(?m)^.*$", text[pos : pos + 3000]):
        s, e = pos + m.start(), pos + m.end()
        line = m.group(0).strip()
        if not line or line == "|":
            if seen:
                break
            continue
        seen = True
        if line.startswith(("-", "–", "+", "•")):
            if cur_s is not None:
                items.append(_clean_item(text, cur_s, cur_e))
            cur_s = s + m.group(0).index(line[0]) + 1
        elif cur_s is None:
            cur_s = s
        elif closed or _POSITION_WORDS.match(line) or line.upper() == line:
            break  # "- Chủ tịch UBND các tỉnh.⏎Thiết thực …": the body starts after the item that ends with "."
        cur_e = e
        closed = line.endswith(".") and not line.endswith("./.")
    if cur_s is not None:
        items.append(_clean_item(text, cur_s, cur_e))
    return [i for i in items if i.value]


def _clean_item(text: str, s: int, e: int) -> Field:
    value = " ".join(text[s:e].split())
    value = regex.sub(r"\s*\((?:[^()]*)\)\s*[.;,]*$", "", value).strip(" ;.,")
    return Field(value, (s, e))


def _addressees(text: str, letter: ParsedLetter) -> None:
    m = ADDRESSEE_RE.search(text)
    if not m:
        return
    line_end = text.find("\n", m.end())
    rest = text[m.end() : line_end if line_end >= 0 else len(text)].strip()
    if rest:
        s = m.end() + text[m.end() :].index(rest[0])
        letter.addressees = [_clean_item(text, s, s + len(rest))]
    else:
        letter.addressees = _list_after(text, m.end())


def _recipients_and_signer(text: str, letter: ParsedLetter) -> None:
    m = RECIPIENTS_RE.search(text)
    if m:
        letter.recipients = _list_after(text, m.end())
    # Signer: after the last "./." or Nơi nhận: capital position lines then a name line.
    anchor = max(text.rfind("./."), m.start() if m else -1)
    if anchor < 0:
        return
    appendix = regex.search(r"(?m)^\s*PHỤ\s+LỤC", text[anchor:])
    zone_end = anchor + appendix.start() if appendix else len(text)
    titles: list[tuple[int, int]] = []
    for lm in regex.finditer(r"(?m)^[ \t]*(?P<l>[^\n]*?)[ \t]*$", text[anchor:zone_end]):
        line = lm.group("l").strip(" ,|")
        if not line:
            continue
        s = anchor + lm.start("l")
        if line.upper() == line and _POSITION_WORDS.search(line) and not line.startswith(("-", "Lưu")):
            titles.append((s, s + len(lm.group("l"))))
        elif titles and _NAME_RE.match(line) and not line.startswith(("Ký", "Thời")):
            letter.signer_name = Field(line, (s, s + len(line)))
            letter.signer_title = Field(_title_text(text, titles), (titles[0][0], titles[-1][1]))
            return


def _title_text(text: str, titles: list[tuple[int, int]]) -> str:
    """ "TM. ỦY BAN NHÂN / DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" → "KT. Chủ tịch, Phó Chủ tịch"."""
    joined = " ".join(" ".join(text[s:e].split()) for s, e in titles)
    parts = [p.strip(" ,") for p in regex.split(r"(?=(?:KT|TL|TM|TUQ|Q)\.)", joined) if p.strip(" ,")]
    if len(parts) > 1 and parts[0].startswith("TM."):
        parts = parts[1:]  # the person signs "KT. Chủ tịch" on behalf of the collective
    words = " ".join(parts)
    m = regex.match(r"(?P<auth>(?:KT|TL|TM|TUQ|Q)\.\s*)?(?P<rest>.*)", words)
    assert m is not None
    rest = m.group("rest")
    positions = regex.findall(
        r"(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|GIÁM\s+ĐỐC|BỘ\s+TRƯỞNG|THỨ\s+TRƯỞNG|THỦ\s+TƯỚNG|CHỦ\s+NHIỆM|CHÁNH\s+VĂN\s+PHÒNG|CỤC\s+TRƯỞNG|VỤ\s+TRƯỞNG|TRƯỞNG\s+BAN|TỔNG\s+CỤC\s+TRƯỞNG)",
        rest,
    )
    if not positions:
        positions = [rest]
    nice = [
        p.lower().capitalize().replace("chủ tịch", "Chủ tịch").replace("Phó chủ", "Phó Chủ")
        for p in positions
    ]
    nice = [regex.sub(r"^Phó (\p{Ll})", lambda x: "Phó " + x.group(1).upper(), n) for n in nice]
    auth = m.group("auth")
    return (auth.strip() + " " if auth else "") + ", ".join(nice)


def _signature(text: str, letter: ParsedLetter) -> None:
    m = SIGNED_BY_RE.search(text)
    if m:
        letter.signed_by = _field(text, m.start("v"), m.end("v"))
    m2 = SIGNED_AT_RE.search(text)
    if m2:
        iso = f"{int(m2.group('y')):04d}-{int(m2.group('m')):02d}-{int(m2.group('d')):02d}"
        if m2.group("t"):
            t = m2.group("t")
            iso += "T" + (t if t.count(":") == 2 else t + ":00").zfill(8)
        if m2.group("tz"):
            iso += m2.group("tz").strip()
        letter.signed_at = Field(iso, m2.span())
        if letter.signed_date is None:
            letter.signed_date = Field(iso[:10], m2.span())


def _cited(text: str, letter: ParsedLetter) -> None:
    own = letter.doc_number.value if letter.doc_number else None
    seen: set[str] = set()
    for m in CITED_RE.finditer(text):
        n = regex.sub(r"\s+", "", m.group("n"))
        if n == own or n in seen:
            continue
        seen.add(n)
        date = None
        if m.group("y"):
            date = f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
        dtype = m.group("type")
        if not dtype:
            parts = n.split("/")
            code = parts[-1].split("-")[0].upper() if len(parts) > 1 else ""
            dtype = _CODE_TO_TYPE.get(code)
        letter.cited_documents.append(CitedDocument(n, dtype.capitalize() if dtype else None, date, m.span()))
