"""What to tell a person about a deadline they typed, before anything is saved.

A deadline on a day off is not moved silently: the person is told that the task falls due on the next
working day (as the law counts a period ending on a day off, Bộ luật Dân sự 2015, Điều 148) and may
keep it or type another date. A deadline already past is said so, as it is usually a typo of the year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol


class _Calendar(Protocol):
    def is_working_day(self, d: date) -> bool: ...
    def next_working_day(self, d: date) -> date: ...
    def holiday_name(self, d: date) -> str | None: ...


@dataclass(frozen=True)
class DeadlineWarning:
    kind: str  # "past" or "day_off"
    deadline: date
    due_on: date | None = None  # for "day_off": the next working day the task falls due on
    day_name: str = ""  # for "day_off": the holiday's name, or "" for a weekend


def deadline_warnings(deadline: date | None, *, today: date, cal: _Calendar) -> list[DeadlineWarning]:
    if deadline is None:
        return []
    found: list[DeadlineWarning] = []
    if deadline < today:
        found.append(DeadlineWarning("past", deadline))
    if not cal.is_working_day(deadline):
        found.append(
            DeadlineWarning(
                "day_off", deadline, cal.next_working_day(deadline), cal.holiday_name(deadline) or ""
            )
        )
    return found
