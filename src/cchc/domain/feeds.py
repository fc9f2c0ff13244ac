"""Rules of the continuous dossier feed (a drop folder per source watched by ``cchc worker``), in plain Python.

- which names in a drop folder are export files to take (:func:`classify`): temporary and partial names
  (``*.part``, ``*.tmp``, ``~$…``, ``.…``) are left alone, another extension is refused with a reason;
- when a file is complete (:func:`is_stable`): the same size and modification time at two scans at least
  ``settle_seconds`` apart (a vendor that writes ``x.part`` then renames it is complete at once, but the
  same rule holds for one that writes the final name directly);
- a folder given for a feed stays inside the feeds root (:func:`confined_folder`): relative, no ``..``,
  no drive, no hidden or control characters;
- when a feed has gone quiet (:func:`quiet_deadline`, :func:`is_quiet`) and whether its alert is due
  (:func:`alert_due`: once per quiet spell).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import PurePosixPath
from typing import Protocol

from cchc.domain.errors import UserError

EXTENSIONS = (".csv", ".xlsx", ".json")
# Names a writer uses while the file is not finished (browsers, rsync, SFTP clients, Office, editors).
PARTIAL_SUFFIXES = (
    ".part",
    ".partial",
    ".tmp",
    ".temp",
    ".crdownload",
    ".download",
    ".filepart",
    ".swp",
    "~",
)
PARTIAL_PREFIXES = (".", "~$", "~")

TAKE, WAIT, SKIP, REFUSE = "take", "wait", "skip", "refuse"
HOURS, WORKING_DAYS = "hours", "working_days"


class FeedError(UserError):
    """A feed setting refused (Vietnamese message)."""


def classify(name: str) -> str:
    """What the scanner does with a file of this name in a drop folder: ``take`` (an export file),
    ``skip`` (a partial or temporary name: it will be renamed when complete), ``refuse`` (another kind of
    file: moved to failed/ with the reason)."""
    low = name.lower()
    if not name or name.startswith(PARTIAL_PREFIXES) or low.endswith(PARTIAL_SUFFIXES):
        return SKIP
    if any(ch in name for ch in "\n\r\t\x00"):
        return REFUSE
    return TAKE if low.endswith(EXTENSIONS) else REFUSE


@dataclass(frozen=True, slots=True)
class Seen:
    """A file as one scan saw it: size in bytes, modification time (ns) and when it was seen (s)."""

    size: int
    mtime_ns: int
    at: float

    def as_list(self) -> list[float]:
        return [self.size, self.mtime_ns, self.at]

    @classmethod
    def of(cls, value: object) -> Seen | None:
        if isinstance(value, list | tuple) and len(value) == 3:
            try:
                return cls(int(value[0]), int(value[1]), float(value[2]))
            except (TypeError, ValueError):
                return None
        return None


def is_stable(before: Seen | None, now: Seen, *, settle_seconds: float) -> bool:
    """Complete: seen before with the same size and modification time, at least ``settle_seconds`` ago.
    A file still being written (size or time moved) or seen for the first time waits for the next scan."""
    if before is None:
        return False
    same = before.size == now.size and before.mtime_ns == now.mtime_ns
    return same and now.at - before.at >= settle_seconds


_FOLDER_PART = re.compile(r"^[\w][\w .-]*$", re.UNICODE)


def default_folder(source: str) -> str:
    """The folder (relative to the feeds root) of a source: its name folded to ``a-z0-9-``."""
    text = unicodedata.normalize("NFKD", source.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:60] or "nguon"


def confined_folder(folder: str) -> str:
    """``folder`` checked as a path relative to the feeds root, in its POSIX form. Refused: empty, absolute,
    a drive, ``..``, a hidden or reserved part (``.x``, ``processing``, ``done``, ``failed`` at the
    top), characters other than letters, digits, space, ``.``, ``_`` and ``-``."""
    raw = folder.strip().replace("\\", "/")
    if not raw:
        raise FeedError("Hãy nhập thư mục nhận tệp.")
    if raw.startswith("/") or re.match(r"^[A-Za-z]:", raw):
        raise FeedError("Thư mục nhận tệp phải là đường dẫn tương đối trong thư mục nguồn tự động.")
    parts = [p for p in raw.split("/") if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts):
        raise FeedError("Thư mục nhận tệp không được chứa “..”: nó phải nằm trong thư mục nguồn tự động.")
    if len(parts) > 4 or len(raw) > 200:
        raise FeedError("Thư mục nhận tệp quá sâu hoặc quá dài (tối đa 4 cấp, 200 ký tự).")
    for part in parts:
        if not _FOLDER_PART.match(part) or part.endswith((" ", ".")):
            raise FeedError(
                "Tên thư mục chỉ gồm chữ, số, dấu cách, “.”, “_”, “-” và không bắt đầu bằng dấu chấm."
            )
        if part.lower() in RESERVED:
            raise FeedError("Không dùng tên thư mục dành riêng: processing, done, failed.")
    return PurePosixPath(*parts).as_posix()


RESERVED = frozenset({"processing", "done", "failed"})


class Calendar(Protocol):
    def add_working_days(self, d: date, n: int) -> date: ...


def quiet_deadline(last: datetime, amount: int, unit: str, calendar: Calendar | None = None) -> datetime:
    """When a feed whose last new file came at ``last`` goes quiet: ``amount`` hours later, or at the end
    of the ``amount``-th working day after the day of ``last`` (``last``'s own day not counted, as the
    calendar's ``add_working_days``)."""
    if amount <= 0:
        raise FeedError("Ngưỡng báo im lặng phải lớn hơn 0.")
    if unit == HOURS:
        return last + timedelta(hours=amount)
    if unit == WORKING_DAYS:
        if calendar is None:
            raise FeedError("Cần lịch ngày làm việc để tính ngưỡng theo ngày làm việc.")
        day = calendar.add_working_days(last.date(), amount)
        return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=last.tzinfo)
    raise FeedError("Đơn vị của ngưỡng báo im lặng phải là giờ hoặc ngày làm việc.")


def is_quiet(
    last: datetime | None, now: datetime, amount: int, unit: str, calendar: Calendar | None = None
) -> bool:
    """No new file since ``quiet_deadline``. A feed that never received a file counts from ``last`` =
    when it was set up (the caller passes that)."""
    return last is not None and now >= quiet_deadline(last, amount, unit, calendar)


def alert_due(*, quiet: bool, last: datetime | None, alerted_at: datetime | None) -> bool:
    """Once per quiet spell: quiet, and no alert since the last new file (a new file ends the spell)."""
    if not quiet:
        return False
    return alerted_at is None or (last is not None and alerted_at < last)
