"""Numbering as printed (I., Điều 1., 1., 1.1., a), -, +) and appendix tables with "|" cells.

The text is scanned line by line; a line that starts with a marker opens an :class:`Item`. Markers
nest by rank (:data:`RANKS`); a number or letter is accepted only if it continues its siblings'
sequence (1 or previous + 1), so a wrapped line starting with "2025. " is not item 2025.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

# Marker kinds, highest rank first. Example in the comment.
MARKERS: list[tuple[str, regex.Pattern[str]]] = [
    ("roman", regex.compile(r"(?P<l>[IVX]{1,5})\.\s+(?=\S)")),  # "II. NHIỆM VỤ"
    ("article", regex.compile(r"Điều\s+(?P<l>\d{1,3})\s*[.:]\s*")),  # "Điều 1. …"
    ("decimal", regex.compile(r"(?P<l>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?=\S)")),  # "1.1. Xây dựng…"
    ("number", regex.compile(r"(?P<l>\d{1,2})\s*[.)]\s*(?=\S|$)")),  # "1. Vụ Pháp chế"
    ("letter", regex.compile(r"(?P<l>[a-zđ])\)\s*")),  # "a) Nhiệm vụ: …"
    ("dash", regex.compile(r"[-–•](?![-–\d])\s*")),  # "- Các phòng chuyên môn…"
    ("plus", regex.compile(r"\+\s*")),  # "+ Lớp tập huấn…"
]
# Nesting rank (lower = outer). Matching order above differs: "1.1." must be tried before "1.".
RANKS = {"roman": 0, "article": 1, "number": 2, "decimal": 3, "letter": 4, "dash": 5, "plus": 6}
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
_LETTERS = "abcdđeghiklmnopqrstuvxy"


@dataclass
class Item:
    kind: str
    label: str
    start: int  # line start
    content_start: int  # after the marker
    end: int = 0  # end of the item with its children
    children: list[Item] = field(default_factory=list)
    parent: Item | None = None

    @property
    def own_end(self) -> int:
        """End of the item's own text (before its first child)."""
        return self.children[0].start if self.children else self.end

    @property
    def rank(self) -> int:
        return RANKS[self.kind]


def iter_lines(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each line in ``text[start:end]``, without the newline."""
    end = len(text) if end is None else end
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        out.append((pos, stop))
        pos = stop + 1
    return out


def _follows(kind: str, label: str, prev: str | None) -> bool:
    if kind == "number":
        n = int(label)
        return (prev is None and n <= 2) or (prev is not None and n == int(prev) + 1)
    if kind == "letter":
        if label not in _LETTERS:
            return False
        i = _LETTERS.index(label)
        return (prev is None and i == 0) or (
            prev is not None and prev in _LETTERS and 0 < i - _LETTERS.index(prev) <= 2
        )
    if kind == "roman":
        if label not in _ROMAN:
            return False
        i = _ROMAN.index(label)
        return (prev is None and i == 0) or (
            prev is not None and prev in _ROMAN and i == _ROMAN.index(prev) + 1
        )
    if kind == "article":
        return prev is None or int(label) == int(prev) + 1
    return True


def parse_items(text: str, start: int, end: int) -> list[Item]:
    """Top-level items of ``text[start:end]`` (each with nested children)."""
    roots: list[Item] = []
    stack: list[Item] = []
    last_label: dict[tuple[int, str], str] = {}
    for ls, le in iter_lines(text, start, end):
        line = text[ls:le]
        stripped = line.lstrip()
        if not stripped or stripped == "|":
            continue
        lead = ls + (len(line) - len(stripped))
        for kind, rx in MARKERS:
            m = rx.match(stripped)
            if not m:
                continue
            label = m.groupdict().get("l") or ""
            rank = RANKS[kind]
            probe = [it for it in stack if it.rank < rank]
            parent = probe[-1] if probe else None
            key = (id(parent), kind)
            if kind == "decimal":
                head = label.rsplit(".", 1)[0]
                if not parent or not (
                    parent.label == head or parent.label.endswith("." + head) or head in parent.label
                ):
                    if not _decimal_plausible(label, last_label.get(key)):
                        break
            elif not _follows(kind, label, last_label.get(key)):
                break
            while stack and stack[-1].rank >= rank:
                stack.pop()
            item = Item(kind, label, lead, lead + m.end(), parent=stack[-1] if stack else None)
            (stack[-1].children if stack else roots).append(item)
            stack.append(item)
            last_label[key] = label
            break
    _set_ends(roots, end)
    return roots


def _decimal_plausible(label: str, prev: str | None) -> bool:
    parts = [int(p) for p in label.split(".")]
    if prev is None:
        return parts[-1] == 1
    pp = [int(p) for p in prev.split(".")]
    return len(pp) == len(parts) and pp[:-1] == parts[:-1] and parts[-1] == pp[-1] + 1


def _set_ends(items: list[Item], end: int) -> None:
    for i, it in enumerate(items):
        it.end = items[i + 1].start if i + 1 < len(items) else end
        _set_ends(it.children, it.end)


def walk(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    for it in items:
        out.append(it)
        out.extend(walk(it.children))
    return out


# ---------------------------------------------------------------- tables with "|" cells

# Column roles by header keyword. Example header: "STT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp |
# Kết quả thực hiện | Thời hạn hoàn thành".
COLUMN_ROLES: list[tuple[str, regex.Pattern[str]]] = [
    ("number", regex.compile(r"(?i)^(?:stt|tt|số\s+tt)$")),
    ("responsible", regex.compile(r"(?i)chủ\s+trì")),
    ("coordinating", regex.compile(r"(?i)phối\s+hợp")),
    ("deadline", regex.compile(r"(?i)thời\s+(?:hạn|gian)|tiến\s+độ")),
    ("product", regex.compile(r"(?i)sản\s+phẩm|kết\s+quả")),
    ("leader", regex.compile(r"(?i)người\s+đứng\s+đầu|chịu\s+trách\s+nhiệm")),
    ("task", regex.compile(r"(?i)nhiệm\s+vụ|nội\s+dung|công\s+việc|giải\s+pháp|hoạt\s+động")),
]


@dataclass
class Cell:
    start: int
    end: int


@dataclass
class TableRow:
    cells: dict[str, Cell]  # role → cell
    start: int
    end: int


def parse_tables(text: str, start: int, end: int) -> list[TableRow]:
    """Data rows of task tables. Cells are the text between lone "|" lines; an empty cell ends a row."""
    rows: list[list[Cell]] = []
    current: list[Cell] = []
    cell_start: int | None = None
    for ls, le in iter_lines(text, start, end):
        if text[ls:le].strip() == "|":
            if cell_start is not None:
                cs, ce = _trim(text, cell_start, ls)
                if ce > cs:
                    current.append(Cell(cs, ce))
                elif current:
                    rows.append(current)
                    current = []
            cell_start = le + 1
    if current:
        rows.append(current)
    out: list[TableRow] = []
    roles: list[str] | None = None
    for row in rows:
        texts = [" ".join(text[c.start : c.end].split()) for c in row]
        header = _header_roles(texts)
        if header:
            roles = header
            continue
        if roles is None:
            continue
        if len(row) != len(roles):
            if len(row) <= 2:
                continue  # a group heading row ("I | Nhiệm vụ chung")
            roles = None
            continue
        out.append(TableRow({r: c for r, c in zip(roles, row, strict=True) if r}, row[0].start, row[-1].end))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _header_roles(texts: list[str]) -> list[str] | None:
    if len(texts) < 3 or any(len(t) > 60 for t in texts):
        return None
    roles: list[str] = []
    for t in texts:
        role = next((name for name, rx in COLUMN_ROLES if rx.search(t)), "")
        roles.append(role if role not in roles else "")
    if "task" in roles and ({"responsible", "deadline"} & set(roles)):
        return roles
    return None
