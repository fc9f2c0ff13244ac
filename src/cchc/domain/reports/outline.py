"""The outline (đề cương) of the periodic CCHC report: a TOML file a province can replace.

Format (``src/cchc/domain/data/report_outline_default.toml`` is the bundled one; docs/reports.md)::

    [outline]
    name = "…"                     # the outline's name
    title = "… {ky}"               # the report's trích yếu
    addressees = ["Sở Nội vụ …"]   # kính gửi
    recipients = ["Như trên"]      # nơi nhận
    closing = "…./."               # optional last sentence

    [[section]]                    # one per section, in print order
    key = "chi_dao"                # [a-z0-9_]+, unique: the edited text is kept under it
    number = "1."                  # optional
    heading = "Công tác chỉ đạo, điều hành"
    level = 2                      # 1: a part (I, II…), 2: a section (default)
    text = "…"                     # optional default text; may use the PLACEHOLDERS below
    sources = ["tasks.on_time_share", "index766.*"]   # measured sources (a key or a family "prefix.*")
    lists = ["tasks_by_directive"] # lists read from the modules (LISTS)

A file breaking the format is refused with an :class:`OutlineError` that names the file, the line and the
field. Whether a source key is registered is not checked here: a module that is absent yields nothing.
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import UserError
from ..i18n import gettext_noop

DEFAULT_FILE = "report_outline_default.toml"

PLACEHOLDERS = {
    "ky": gettext_noop("kỳ báo cáo (quý I năm 2026)"),
    "don_vi": gettext_noop("tên đơn vị báo cáo"),
    "tu_ngay": gettext_noop("ngày đầu của số liệu (15/12/2025)"),
    "den_ngay": gettext_noop("ngày cuối của số liệu (14/03/2026)"),
    "han_bao_cao": gettext_noop("hạn gửi báo cáo (20/03/2026)"),
}
# The lists a section may ask for; each is read from its module's selectors (cchc.apps.reports.generate).
LISTS = {
    "tasks_by_directive": gettext_noop("Nhiệm vụ theo văn bản chỉ đạo"),
    "simplification_plans": gettext_noop("Phương án đơn giản hóa thủ tục hành chính"),
    "review_rounds": gettext_noop("Đợt rà soát văn bản quy phạm pháp luật"),
}
OUTLINE_KEYS = frozenset({"name", "title", "addressees", "recipients", "closing"})
SECTION_KEYS = frozenset({"key", "number", "heading", "level", "text", "sources", "lists"})
SECTION_KEY = re.compile(r"^[a-z0-9_]+$")
SOURCE_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?$")


class OutlineError(UserError):
    """An outline file that breaks the format; the message names the file, line and field."""


class _BadValue(OutlineError):
    """A value of a field, before its line is known (re-raised as an OutlineError naming it)."""


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    heading: str
    number: str = ""
    level: int = 2
    text: str = ""
    sources: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return f"{self.number} {self.heading}".strip()

    def wants(self, key: str) -> bool:
        """Whether the source ``key`` belongs here: named, or of a family "prefix.*" named."""
        return any(key == s or (s.endswith(".*") and key.startswith(s[:-1])) for s in self.sources)


@dataclass(frozen=True, slots=True)
class Outline:
    name: str
    title: str
    sections: tuple[Section, ...]
    addressees: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    closing: str = ""
    origin: str = DEFAULT_FILE

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


def fill(template: str, values: dict[str, str]) -> str:
    """A text with its placeholders replaced ("{ky}" → "quý I năm 2026"); checked by the loader."""
    return template.format_map({k: values.get(k, "") for k in PLACEHOLDERS})


def _line(text: str, section_index: int | None, field: str | None) -> int:
    """The line (1-based) of ``field`` in the ``section_index``-th [[section]] (or in [outline])."""
    lines = text.splitlines()
    header = (
        re.compile(r"^\s*\[\[\s*section\s*\]\]")
        if section_index is not None
        else re.compile(r"^\s*\[\s*outline\s*\]")
    )
    seen, start = -1, None
    for i, line in enumerate(lines):
        if header.match(line):
            seen += 1
            if section_index is None or seen == section_index:
                start = i
                break
    if start is None:
        return 1
    if field is None:
        return start + 1
    pattern = re.compile(rf"^\s*{re.escape(field)}\s*=")
    for i in range(start + 1, len(lines)):
        if re.match(r"^\s*\[", lines[i]):
            break
        if pattern.match(lines[i]):
            return i + 1
    return start + 1


def _check_text(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise _BadValue(f"{where}: phải là một chuỗi văn bản")
    try:
        names = [name for _literal, name, _spec, _conv in string.Formatter().parse(value) if name is not None]
    except ValueError:  # "{" alone
        names = None
    if names is None or any(not n for n in names):
        raise _BadValue(f"{where}: dấu ngoặc nhọn không khớp (viết {{{{ và }}}} cho dấu ngoặc thật)")
    for name in names:
        if name not in PLACEHOLDERS:
            known = ", ".join("{" + k + "}" for k in PLACEHOLDERS)
            raise _BadValue(f"{where}: không có chỗ điền “{{{name}}}” (dùng {known})")
    return value


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _BadValue(f'{where}: phải là một danh sách chuỗi, ví dụ ["…", "…"]')
    return tuple(value)


def loads(text: str, origin: str = "đề cương") -> Outline:
    """Read an outline from its TOML text; :class:`OutlineError` names ``origin``, the line and the field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        line = _syntax_error_line(text)
        raise OutlineError(f"Đề cương báo cáo {origin}, dòng {line}: không đọc được cú pháp TOML.") from None

    def fail(section: int | None, field: str | None, message: str) -> OutlineError:
        line = _line(text, section, field)
        return OutlineError(f"Đề cương báo cáo {origin}, dòng {line}: {message}.")

    unknown = set(data) - {"outline", "section"}
    if unknown:
        raise OutlineError(
            f"Đề cương báo cáo {origin}: bảng không dùng được “{sorted(unknown)[0]}” (chỉ có [outline] và [[section]])."
        )
    head = data.get("outline")
    if not isinstance(head, dict):
        raise OutlineError(f"Đề cương báo cáo {origin}: thiếu bảng [outline] (tên, trích yếu của báo cáo).")
    for key in head:
        if key not in OUTLINE_KEYS:
            raise fail(None, key, f"trường “{key}” của [outline] không dùng được")
    values: dict[str, object] = {}
    for key in ("name", "title"):
        if not str(head.get(key, "")).strip():
            raise fail(None, key if key in head else None, f"[outline] thiếu trường “{key}”")
    try:
        for key in ("name", "title", "closing"):
            if key in head:
                values[key] = _check_text(head[key], f"trường “{key}”")
        for key in ("addressees", "recipients"):
            if key in head:
                values[key] = _strings(head[key], f"trường “{key}”")
    except _BadValue as exc:
        raise fail(None, _field_of(str(exc)), str(exc)) from None
    raw = data.get("section")
    if not isinstance(raw, list) or not raw:
        raise OutlineError(f"Đề cương báo cáo {origin}: không có mục nào ([[section]]).")
    sections: list[Section] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        label = f"mục thứ {i + 1}"
        for key in item:
            if key not in SECTION_KEYS:
                raise fail(i, key, f"{label}: trường “{key}” không dùng được")
        key = item.get("key")
        if not isinstance(key, str) or not SECTION_KEY.match(key):
            raise fail(i, "key" if "key" in item else None, f"{label}: “key” phải gồm chữ thường, số, “_”")
        if key in seen:
            raise fail(i, "key", f"{label}: mã mục “{key}” bị trùng")
        seen.add(key)
        label = f"mục “{key}”"
        heading = item.get("heading")
        if not isinstance(heading, str) or not heading.strip():
            raise fail(i, "heading" if "heading" in item else None, f"{label}: thiếu tiêu đề (“heading”)")
        level = item.get("level", 2)
        if level not in (1, 2) or isinstance(level, bool):
            raise fail(i, "level", f"{label}: “level” là 1 (phần lớn) hoặc 2 (mục con)")
        try:
            number = _check_text(item.get("number", ""), f"{label}, trường “number”")
            body = _check_text(item.get("text", ""), f"{label}, trường “text”")
            sources = _strings(item.get("sources", []), f"{label}, trường “sources”")
            lists = _strings(item.get("lists", []), f"{label}, trường “lists”")
        except _BadValue as exc:
            raise fail(i, _field_of(str(exc)), str(exc)) from None
        for s in sources:
            if not SOURCE_PATTERN.match(s) or "." not in s:
                raise fail(
                    i,
                    "sources",
                    f"{label}: nguồn số liệu “{s}” sai dạng (ví dụ tasks.on_time_share, index766.*)",
                )
        for name in lists:
            if name not in LISTS:
                raise fail(i, "lists", f"{label}: không có danh sách “{name}” (dùng {', '.join(LISTS)})")
        sections.append(Section(key, heading.strip(), number, level, body, sources, lists))
    return Outline(
        name=str(values["name"]), title=str(values["title"]), sections=tuple(sections),
        addressees=tuple(values.get("addressees", ())),  # type: ignore[arg-type]
        recipients=tuple(values.get("recipients", ())),  # type: ignore[arg-type]
        closing=str(values.get("closing", "")), origin=origin,
    )  # fmt: skip


def _syntax_error_line(text: str) -> int:
    """The first line from which every longer prefix of the file fails to parse (a value spanning lines
    makes its own prefixes fail only until it closes)."""
    lines = text.splitlines()
    last_ok = 0
    for n in range(1, len(lines) + 1):
        try:
            tomllib.loads("\n".join(lines[:n]))
        except tomllib.TOMLDecodeError:
            continue
        last_ok = n
    return min(last_ok + 1, max(len(lines), 1))


def _field_of(message: str) -> str | None:
    m = re.search(r"trường “([a-z_]+)”", message)
    return m[1] if m else None


def load(path: str | Path | None = None) -> Outline:
    """The outline in ``path``, or the bundled default when ``path`` is empty."""
    if not path:
        text = resources.files("cchc.domain.data").joinpath(DEFAULT_FILE).read_text(encoding="utf-8")
        return loads(text, DEFAULT_FILE)
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise OutlineError(f"Không tìm thấy tệp đề cương báo cáo {p.name}.") from None
    except UnicodeDecodeError:
        raise OutlineError(f"Tệp đề cương báo cáo {p.name} không phải văn bản UTF-8.") from None
    return loads(text, p.name)
