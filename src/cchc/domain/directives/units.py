"""Units: recognise unit names, who is responsible (chủ trì) and who coordinates (phối hợp).

A unit name starts with a head word (:data:`HEADS`, e.g. "Sở", "Cục", "Văn phòng", "Các phòng") and
runs until a word that starts the predicate (:data:`STOPS`, e.g. "chủ trì", "phối hợp", "theo",
"tập trung"). A comma or "và" followed by another head word starts the next unit:
"Bộ Tài chính, Bộ Công Thương, Bộ Nông nghiệp và Môi trường" → three units.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from .model import OrgUnit, UnitRef
from .normalize import fold

# Head words that open a unit name. Example for each group in the comment.
HEADS = [
    r"Ủy\s+ban\s+nhân\s+dân", r"Ủy\s+ban", r"UBND", r"HĐND", r"Hội\s+đồng\s+nhân\s+dân",  # UBND tỉnh, UBND các xã
    r"Văn\s+phòng", r"Thanh\s+tra", r"Công\s+an", r"Kho\s+bạc", r"Bảo\s+hiểm\s+xã\s+hội",  # Văn phòng Sở
    r"Sở", r"Bộ(?!\s+(?:máy|chỉ\s+số|phận|quy\s+tắc|tiêu\s+chí|thủ\s+tục|dữ\s+liệu|công\s+cụ))", r"Cục", r"Vụ",
    r"Tổng\s+cục", r"Chi\s+cục", r"Ban(?!\s+hành)", r"Viện", r"Trung\s+tâm",  # Sở Nội vụ; not "Bộ máy", "Ban hành"
    r"Phòng(?!,?\s+(?:chống|ngừa))", r"Đài", r"Báo(?!\s+cáo)", r"Trường(?!\s+hợp)", r"Bệnh\s+viện", r"Ngân\s+hàng",
    r"Đoàn(?!\s+kết)", r"Hội(?!\s+(?:nghị|thảo|nhập))", r"Liên\s+đoàn", r"Hiệp\s+hội", r"Liên\s+minh",
    r"Tỉnh\s+ủy", r"Thành\s+ủy", r"Mặt\s+trận", r"Bộ\s+Chỉ\s+huy", r"Tòa\s+án", r"Viện\s+kiểm\s+sát",
    r"Chánh\s+Văn\s+phòng", r"Chánh\s+Thanh\s+tra", r"Thủ\s+trưởng", r"Chủ\s+tịch", r"Giám\s+đốc", r"Người\s+đứng\s+đầu", r"Cục\s+trưởng", r"Vụ\s+trưởng",
    r"(?:Các|các)\s+đồng\s+chí(?=\s+(?:Bộ|Thủ|Chủ|Giám|Bí|Trưởng|Phó))",  # "Các đồng chí Bộ trưởng, Thủ trưởng …"
    r"Tỉnh", r"Thành\s+phố",  # "Tỉnh Phú Thọ" as addressee of a kết luận
    r"Thường\s+trực", r"Tập\s+đoàn", r"Tổng\s+công\s+ty",  # Thường trực Tỉnh ủy; Tập đoàn Điện lực Việt Nam
    r"Các\s+(?:phòng|đơn\s+vị|cơ\s+quan|Sở|sở|Bộ|bộ|Cục|Vụ|ban|Ban|địa\s+phương|xã|huyện|doanh\s+nghiệp|tổ\s+chức|Tập\s+đoàn|tập\s+đoàn"
    r"|chủ\s+rừng|chủ\s+đầu\s+tư|nhà\s+mạng|hội|Hội|đoàn\s+thể|trường|cơ\s+sở|hợp\s+tác\s+xã|ngân\s+hàng|lực\s+lượng|ngành)",  # Các phòng chuyên môn
    r"Thuế(?=\s+(?:tỉnh|thành\s+phố|cơ\s+sở))", r"Kiểm\s+toán\s+nhà\s+nước", r"Hải\s+quan", r"Thông\s+tấn\s+xã",
]  # fmt: skip
HEAD_RE = regex.compile(r"(?:" + "|".join(HEADS) + r")(?!\p{L})")
LOWER_HEAD_RE = regex.compile(
    r"(?:các\s+(?:phòng|đơn\s+vị|cơ\s+quan|sở|bộ|ban|cục|vụ|địa\s+phương|tổ\s+chức|doanh\s+nghiệp|ngân\s+hàng|hội|đoàn\s+thể|trường|chủ\s+đầu\s+tư"
    r"|Ban|Sở|Bộ|Cục|Vụ|Phòng|Trung\s+tâm|Hội|Chi\s+cục|Tập\s+đoàn|Tổng\s+công\s+ty|Ngân\s+hàng)"
    r"|ủy\s+ban\s+nhân\s+dân|văn\s+phòng|người\s+đứng\s+đầu|thủ\s+trưởng|chủ\s+tịch|giám\s+đốc)(?!\p{L})"
)
# Words that end a unit name (the predicate starts). Extend when a new verb shows up. Case-sensitive on
# purpose: "Phòng Quản lý văn hóa" keeps its capitalised "Quản lý".
STOPS = [
    "chủ trì", "phối hợp", "theo", "thực hiện", "triển khai", "tổ chức", "tập trung", "khẩn trương", "chủ động",
    "nghiên cứu", "tham mưu", "rà soát", "xây dựng", "hướng dẫn", "có trách nhiệm", "chịu trách nhiệm",
    "căn cứ", "tiếp tục", "đôn đốc", "kiểm tra", "báo cáo", "được giao", "để", "trong", "đảm bảo", "bảo đảm",
    "và các", "là", "cần", "phải", "sớm", "xem xét", "quán triệt", "lãnh đạo", "chỉ đạo", "giải quyết",
    "đẩy mạnh", "nâng cao", "cung cấp", "xử lý", "hoàn thành", "hoàn thiện", "thống nhất", "đề xuất",
    "trình", "ban hành", "cập nhật", "tăng cường", "quản lý", "giao", "yêu cầu", "đề nghị", "thông báo",
    "về việc", "với", "cho", "tại", "khi", "nhằm", "gồm", "biết", "lập", "đánh giá", "vận hành", "rà",
    "đưa", "trong việc", "công bố", "thực thi", "làm", "gửi", "tiếp nhận", "ứng cứu", "đã", "sẽ", "đang",
    "tổng hợp", "theo dõi", "thẩm định", "bố trí", "hỗ trợ", "phổ biến", "tuyên truyền", "chuẩn bị", "ưu tiên",
    "khắc phục", "phân bổ", "kiểm soát", "giám sát", "phản ánh",
    "huy động", "phát động", "thành lập", "tiến hành", "vận động", "lồng ghép", "tích cực", "kịp thời", "đăng tải",
    "tổng kết", "sơ kết", "kiện toàn", "củng cố", "bổ sung", "quan tâm", "duy trì", "phát huy", "thúc đẩy",
    "đầu tư", "số hóa", "chuẩn hóa", "thu hồi", "cắt giảm", "đơn giản hóa", "chi trả", "nghiêm túc", "khảo sát",
]  # fmt: skip
_STOP_RE = regex.compile(
    r"\s(?:" + "|".join(regex.escape(s).replace(r"\ ", r"\s+") for s in STOPS) + r")(?!\p{L})"
)
# A capitalised verb opening the body right after a heading unit ("Giao Sở Xây dựng\nTheo dõi, đôn đốc…"):
# these never occur inside a unit name ("Ban Chỉ đạo" is guarded).
_CAP_STOP_RE = regex.compile(
    r"\s(?:Khẩn\s+trương|Theo\s+dõi|Chủ\s+động|Tập\s+trung|Tiếp\s+tục|Phối\s+hợp|Chủ\s+trì|Thực\s+hiện"
    r"|Triển\s+khai|Rà\s+soát|Đôn\s+đốc|Hoàn\s+thành|Tham\s+mưu|Nghiên\s+cứu|(?<!Ban\s)Chỉ\s+đạo)(?!\p{L})"
)
# After a comma the name goes on with a listed common noun ("Sở, ban, ngành") or a capitalised word that is not
# a head word ("Văn hóa, Thể thao và Du lịch"; "Xuất bản, In và Phát hành").
_CONT_AFTER_COMMA = regex.compile(
    r"(?:(?:ban|ngành|đơn\s+vị|phường|xã|thị\s+trấn|cơ\s+quan|địa\s+phương|thành\s+phố|tỉnh|huyện|quận|đặc\s+khu"
    r"|đoàn\s+thể|hội|tổ\s+chức|lực\s+lượng|doanh\s+nghiệp)(?!\p{L})|\p{Lu})"
)
_TITLE_RE = regex.compile(
    r"(?:(?:Các|các)\s+đồng\s+chí\s+)?(?:Bộ|Thủ|Cục|Vụ|Viện|Hội)\s+trưởng|Giám\s+đốc|Chủ\s+tịch|Chánh|Trưởng|Người\s+đứng"
)
MAX_NAME_WORDS = 15  # "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"
_GENERIC = regex.compile(
    r"(?i)^(?:các|những)\s+(?:bộ|cơ\s+quan|đơn\s+vị|tổ\s+chức|địa\s+phương|ngành|cấp)\b.*(?:liên\s+quan|trung\s+ương)$"
)


def _cut_name(flat: str, start: int, limit: int) -> int:
    """End offset of the unit name that starts at ``start``."""
    limit = min(limit, start + 120)
    end = limit
    # " - " inside a name joins two capitalised parts ("Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam",
    # "Phòng Kế hoạch - Tài chính"); before a lower-case word it opens the predicate
    for m in regex.finditer(r"[.;:()\[\]!?/“”\"]|\s-\s(?!\p{Lu})|,(?!\s)", flat[start:limit]):
        end = start + m.start()
        break
    m = _STOP_RE.search(flat, start + 2, end) or _CAP_STOP_RE.search(flat, start + 2, end)
    if m:
        end = min(end, m.start(), *(x.start() for x in [_CAP_STOP_RE.search(flat, start + 2, end)] if x))
    # a comma ends the name unless the next word continues it ("Văn hóa, Thể thao", "Sở, ban, ngành")
    pos = start
    while True:
        c = flat.find(",", pos, end)
        if c < 0:
            break
        nxt = flat[c + 1 : end].lstrip()
        if _CONT_AFTER_COMMA.match(nxt) and not HEAD_RE.match(nxt):
            pos = c + 1
            continue
        if _TITLE_RE.match(flat, start, end) and regex.match(r"Thủ\s+trưởng(?!\p{L})", nxt):
            pos = c + 1  # "Bộ trưởng, Thủ trưởng cơ quan ngang Bộ": the heads of one level are one addressee
            continue
        end = c
        break
    # the same head word again starts another name: a title glued to its body ("Trách nhiệm của Cục Thuế⏎Cục Thuế
    # hướng dẫn …") or a list without commas
    head = HEAD_RE.match(flat, start, end)
    if head and not _TITLE_RE.match(flat, start, end):  # "Bộ trưởng Bộ Công Thương" names its Bộ
        again = regex.search(
            r"(?:\s(?:và|cùng)(?=\s))?\s" + regex.escape(head.group(0)) + r"(?!\p{L})", flat[head.end() : end]
        )
        if again:
            end = head.end() + again.start()
    words = list(regex.finditer(r"\S+", flat[start:end]))
    if len(words) > MAX_NAME_WORDS:
        end = start + words[MAX_NAME_WORDS - 1].end()
    return len(flat[:end].rstrip())


# Sectors that name a Bộ or a Sở ("Bộ Tài chính", "Sở Văn hóa, Thể thao và Du lịch"), longest first, with the
# abbreviations used in lists ("Các Bộ: TC, XD, NV"): a list after "Các Bộ:" / "Các Sở:" is read with them, so a
# comma inside a name ("Văn hóa, Thể thao và Du lịch") does not split it.
SECTORS: dict[str, tuple[str, ...]] = {
    "Văn hóa, Thể thao và Du lịch": ("VH, TT&DL", "VHTTDL", "VH,TT&DL"),
    "Nông nghiệp và Môi trường": ("NN&MT", "NNMT"),
    "Khoa học và Công nghệ": ("KH&CN", "KHCN"),
    "Giáo dục và Đào tạo": ("GD&ĐT", "GDĐT"),
    "Dân tộc và Tôn giáo": ("DT&TG", "DTTG"),
    "Văn hóa và Thể thao": (),
    "Tài nguyên và Môi trường": ("TN&MT", "TNMT"),
    "Kế hoạch và Đầu tư": ("KH&ĐT", "KHĐT"),
    "Lao động - Thương binh và Xã hội": ("LĐTB&XH", "LĐTBXH"),
    "Thông tin và Truyền thông": ("TT&TT", "TTTT"),
    "Giao thông vận tải": ("GTVT",),
    "Công Thương": ("CT",),
    "Tài chính": ("TC",),
    "Xây dựng": ("XD",),
    "Nội vụ": ("NV",),
    "Tư pháp": ("TP",),
    "Y tế": ("YT",),
    "Ngoại giao": ("NG",),
    "Ngoại vụ": (),
    "Quốc phòng": ("QP",),
    "Công an": ("CA",),
    "Du lịch": ("DL",),
}
_SECTOR_RE = regex.compile(
    r"(?:"
    + "|".join(
        regex.escape(k).replace(r"\ ", r"\s+")
        for k in sorted(
            [n for n in SECTORS] + [a for v in SECTORS.values() for a in v], key=len, reverse=True
        )
    )
    + r")(?![\p{L}&])"
)
_SECTOR_OF = {fold(a): n for n, v in SECTORS.items() for a in (n, *v)}
_SECTOR_LIST_HEAD = regex.compile(
    r"(?i)(?:các\s+)?(?P<kind>Bộ|Sở|Tập\s+đoàn|Tổng\s+công\s+ty)(?:\s*,\s*(?:cơ\s+quan|ngành))?\s*:\s*"
)


def expand_sector_list(flat: str, start: int, end: int) -> tuple[list[UnitRef], int] | None:
    """ "Các Bộ, cơ quan: Tài chính, Xây dựng, Văn hóa, Thể thao và Du lịch, Tập đoàn Điện lực Việt Nam theo …"
    → Bộ Tài chính, Bộ Xây dựng, Bộ Văn hóa, Thể thao và Du lịch, Tập đoàn Điện lực Việt Nam; with the end of the
    list. None when ``flat[start:]`` is not such a list."""
    m = _SECTOR_LIST_HEAD.match(flat, start, end)
    if not m:
        return None
    kind = " ".join(m.group("kind").split())
    kind = kind[0].upper() + kind[1:].lower()
    sectors = kind in {"Bộ", "Sở"}
    out: list[UnitRef] = []
    pos = m.end()
    while pos < end:
        sm = _SECTOR_RE.match(flat, pos, end) if sectors else None
        named = not sectors and not HEAD_RE.match(flat, pos, end) and regex.match(r"\p{Lu}", flat[pos:end])
        if named:  # "các Tập đoàn: Công nghiệp - Năng lượng Quốc gia Việt Nam, Viễn thông Quân đội theo …"
            stop = end
            for rx in (regex.compile(r"[,;.:()]"), _STOP_RE, regex.compile(r"\s(?:và|cùng)\s+(?=\p{Lu})")):
                hit = rx.search(flat, pos, stop)
                if hit:
                    stop = hit.start()
            name = " ".join(flat[pos:stop].split())
            if not name:
                break
            out.append(UnitRef(f"{kind} {name}", (pos, stop)))
        elif sm:
            name = _SECTOR_OF.get(fold(" ".join(sm.group(0).split())), " ".join(sm.group(0).split()))
            out.append(UnitRef(f"{kind} {name}", (pos, sm.end())))
            stop = sm.end()
        elif HEAD_RE.match(flat, pos, end):
            stop = _cut_name(flat, pos, end)
            name = " ".join(flat[pos:stop].split()).strip(" ,")
            if name:
                out.append(UnitRef(name, (pos, pos + len(name))))
        else:
            break
        nxt = regex.match(r"\s*(?:,|và(?=\s))\s*", flat[stop:end])
        if not nxt or stop <= pos:
            pos = stop
            break
        pos = stop + nxt.end()
    return (out, pos) if len(out) >= 2 else None


def split_units(flat: str, start: int, end: int, *, generic_ok: bool = True) -> list[UnitRef]:
    """Units listed in ``flat[start:end]`` ("A, B và C"; "A; B"). Pieces that do not start with a head word
    are kept only as the first piece (e.g. "các phòng chuyên môn" after "giao")."""
    out: list[UnitRef] = []
    pos = start
    while pos < end:
        while pos < end and flat[pos] in " ,;:-+":
            pos += 1
        m = regex.match(r"(?:và|cùng|với)\s+", flat[pos:end])
        if m and out:
            pos += m.end()
        if pos >= end:
            break
        listed = expand_sector_list(flat, pos, end)
        if listed:
            out.extend(listed[0])
            break
        is_head = HEAD_RE.match(flat, pos, end) or LOWER_HEAD_RE.match(flat, pos, end)
        if not is_head:
            break
        stop = _cut_name(flat, pos, end)
        # "Bộ Nông nghiệp và Môi trường" keeps "và"; "A và Bộ B" splits at "và" before a head word
        sub = regex.search(r"\s(?:và|cùng)\s+(?=" + HEAD_RE.pattern + ")", flat[pos:stop])
        if sub:
            stop = pos + sub.start()
        name = flat[pos:stop].strip(" ,")
        if name and len(name) > 2:
            ref = UnitRef(text=" ".join(name.split()), span=(pos, pos + len(name)))
            if generic_ok or not _GENERIC.match(ref.text):
                out.append(ref)
        if stop <= pos:
            break
        pos = stop
        nxt = regex.match(r"\s*(?:,|;|:|(?:và|cùng)\s)\s*", flat[pos:end])
        if not nxt:
            break
        pos += nxt.end()
    return out


# Assignment patterns over a task text. ``R`` = responsible list, ``C`` = coordinating list.
# Each pattern is tried in order; the first that names a responsible unit wins.
_UNIT_START = r"(?P<R>" + HEAD_RE.pattern + r")"
RESPONSIBLE_PATTERNS = [
    # "Đơn vị chủ trì: Sở Khoa học và Công nghệ."  /  "Cơ quan chủ trì: …"
    regex.compile(
        r"(?i)(?:đơn\s+vị|cơ\s+quan)\s+(?:chủ\s+trì(?:\s+thực\s+hiện)?|thực\s+hiện)\s*:\s*[-+•]?\s*"
    ),
    # "Giao Bộ Tài chính, Bộ Công Thương … chủ trì" / "giao cho các phòng chuyên môn"
    regex.compile(r"(?i)(?<!\p{L})giao\s+(?:cho\s+)?(?=\p{L})"),
    # a unit opening the paragraph after a heading that ends with ":" ("…2026-2030:\n\nCác Bộ, cơ quan liên quan…")
    regex.compile(r":\s+[-+•]?\s*(?=" + HEAD_RE.pattern + r")"),
    # an article title glued to its units: "Trách nhiệm thực hiện Sở Văn hóa, Sở Y tế; …", "Trách nhiệm của Sở Y tế"
    regex.compile(r"(?i)\G\W*trách\s+nhiệm\s+(?:thực\s+hiện|thi\s+hành|của)\s*:?\s*"),
    # (then) a unit at the very start: "Bộ Nội vụ theo chức năng…", "Các phòng chuyên môn phối hợp với…"
]
COORDINATING_PATTERNS = [
    regex.compile(
        r"(?i)(?:đơn\s+vị|cơ\s+quan)\s+phối\s+hợp(?:\s+thực\s+hiện)?\s*:\s*"
    ),  # "Đơn vị phối hợp: …"
    regex.compile(
        r"(?i)phối\s+hợp\s+(?:chặt\s+chẽ\s+)?(?:với\s+)?(?=\p{L})"
    ),  # "chủ trì, phối hợp với Văn phòng"
]


# Tried after a unit at the start, so "Sở A báo cáo, đề nghị Bộ B …" stays with Sở A.
LATE_RESPONSIBLE_PATTERNS = [
    # "Đề nghị Thường trực Tỉnh ủy tập trung …", "yêu cầu các Tập đoàn: …"; not the topic "Về đề nghị …"
    regex.compile(r"(?i)(?<!\p{L})(?<!về\s)(?:đề\s+nghị|yêu\s+cầu)\s*:?\s+(?=\p{L})"),
    # "Từ ngày 01/12/2025, Trung tâm Phục vụ hành chính công tỉnh tổ chức …": a short opening adverbial
    regex.compile(r"(?i)\G\W*(?:từ|trong|sau|trước|khi|đối\s+với|định\s+kỳ|hằng|hàng)\s[^,:;.]{2,90},\s*"),
]
# A longer opening adverbial whose own words hold commas ("Trên cơ sở đề nghị của các Bộ, cơ quan liên quan, Bộ Tài
# chính khẩn trương …"): the subject is the first unit after one of its commas.
_OPENING = regex.compile(r"(?i)\G\W*(?:trên\s+cơ\s+sở|căn\s+cứ|để|nhằm|theo|từ|trong|sau|đối\s+với)\s")


def find_responsible(flat: str, start: int, end: int) -> list[UnitRef]:
    for rx in RESPONSIBLE_PATTERNS:
        for m in rx.finditer(flat, start, end):
            units = split_units(flat, m.end(), end)
            if units:
                return units
    while start < end and flat[start] in " -+":
        start += 1
    if HEAD_RE.match(flat, start, end):
        return split_units(flat, start, end)
    for rx in LATE_RESPONSIBLE_PATTERNS:
        for m in rx.finditer(flat, start, end):
            if HEAD_RE.match(flat, m.end(), end) or LOWER_HEAD_RE.match(flat, m.end(), end):
                units = split_units(flat, m.end(), end)
                if units:
                    return units
    if _OPENING.match(flat, start, end):
        for c in regex.finditer(r",\s*", flat[start : min(end, start + 200)]):
            pos = start + c.end()
            if HEAD_RE.match(flat, pos, end):
                units = split_units(flat, pos, end)
                # the subject is followed by its verb, not by another comma of the list it was cited from
                if units and not regex.match(r"\s*,", flat[units[-1].span[1] : end]):
                    return units
    return []


def find_coordinating(flat: str, start: int, end: int) -> list[UnitRef]:
    out: list[UnitRef] = []
    for rx in COORDINATING_PATTERNS:
        for m in rx.finditer(flat, start, end):
            for u in split_units(flat, m.end(), end, generic_ok=False):
                if not any(fold(u.text) == fold(o.text) for o in out):
                    out.append(u)
        if out:
            return out
    return out


# Words that name a body of another level or another organisation ("Văn phòng UBND tỉnh", "Văn phòng Bộ", "Văn
# phòng Sở Tài chính"): a ref that adds them to one of the organisation's unit names is not that unit.
_OTHER_BODY = regex.compile(
    r"(?<!\S)(?:ubnd|uy ban|hdnd|hoi dong|tinh uy|thanh uy|huyen uy|dang uy|chinh phu|thu tuong|quoc hoi|bo|so"
    r"|cuc|tong cuc|trung uong|tinh|thanh pho|huyen|xa|phuong|quan)(?!\S)"
)
# What may follow a unit name and still mean the organisation's own unit ("Văn phòng Sở", "Văn phòng thuộc Sở").
_OWN_SUFFIX = regex.compile(r"(?:(?:truc )?thuoc |cua )?so")


def match_org_units(refs: Sequence[UnitRef], org_units: Sequence[OrgUnit] | None) -> None:
    """Set ``code`` on each ref that names an org unit (by name, abbreviation or alias; accents ignored) and
    ``external`` on the others. A body of another level or organisation is never matched to one of the
    organisation's units because its name contains theirs ("Văn phòng UBND tỉnh" is not "Văn phòng")."""
    if not org_units:
        return
    index: list[tuple[str, OrgUnit]] = []
    for u in org_units:
        for key in (u.name, u.abbreviation, *u.aliases):
            if key:
                index.append((fold(key), u))
    for ref in refs:
        f = fold(ref.text)
        f_bare = regex.sub(r"^(?:cac|nhung)\s+", "", f)
        best: tuple[int, OrgUnit] | None = None
        for key, unit in index:
            score = 0
            if key in (f, f_bare):
                score = 100
            elif len(key) >= 4 and f" {key} " in f" {f_bare} ":
                rest = " ".join(f" {f_bare} ".replace(f" {key} ", " ", 1).split())
                qualifies_body = bool(rest) and key.split()[-1] in {"so", "bo", "cuc"}  # "Sở" + which one
                if (
                    not rest
                    or _OWN_SUFFIX.fullmatch(rest)
                    or not (_OTHER_BODY.search(rest) or qualifies_body)
                ):
                    score = len(key)  # "Văn phòng Sở Tài chính" is not "Văn phòng Sở"
            elif len(key) >= 4 and f" {f_bare} " in f" {key} ":
                score = len(f_bare)
            if score and (best is None or score > best[0]):
                best = (score, unit)
        ref.code = best[1].code if best else None
        ref.external = best is None
