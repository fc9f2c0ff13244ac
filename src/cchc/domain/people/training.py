"""Digital-skills training of cán bộ, công chức, viên chức (../shared/standards.md §13).

Kế hoạch 01-KH/BCĐTW (2025, "Bình dân học vụ số"): 80 % of public-sector staff with digital skills in 2025,
100 % in 2026. No text says when a person "counts as trained", so the rule is a setting
(:class:`Rule`): a finished course on digital skills (the default), or a certificate (MOOC "Bình dân học vụ
số", VNeID confirmation…). A person's status is derived from their attendance records; the share of a unit
is trained people / active staff, compared with the year's target.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum

from ..errors import UserError
from ..i18n import gettext_noop
from ..measures import share


class TrainingError(UserError):
    """A training rule or record that cannot be used (Vietnamese message)."""


class Status(StrEnum):
    NOT_STARTED = "chua_hoc"
    IN_PROGRESS = "dang_hoc"
    COMPLETED = "da_hoan_thanh"  # finished a digital-skills course
    CERTIFIED = "da_cap_chung_nhan"  # holds a certificate


STATUS_LABELS: dict[Status, str] = {
    Status.NOT_STARTED: "Chưa học",
    Status.IN_PROGRESS: "Đang học",
    Status.COMPLETED: "Đã hoàn thành khóa học",
    Status.CERTIFIED: "Đã được cấp chứng nhận",
}
_RANK = {Status.NOT_STARTED: 0, Status.IN_PROGRESS: 1, Status.COMPLETED: 2, Status.CERTIFIED: 3}


class Rule(StrEnum):
    COURSE = "course"  # a finished digital-skills course counts
    CERTIFICATE = "certificate"  # only a certificate counts


RULE_LABELS = {
    Rule.COURSE: gettext_noop("Hoàn thành một khóa học kỹ năng số"),
    Rule.CERTIFICATE: gettext_noop("Có chứng nhận kỹ năng số (Bình dân học vụ số, VNeID…)"),
}

# Kế hoạch 01-KH/BCĐTW, Mục III: public-sector staff with digital skills.
TARGETS: dict[int, Decimal] = {2025: Decimal(80), 2026: Decimal(100)}


def target_for(year: int) -> Decimal | None:
    """The year's target share in %: 80 (2025), 100 (2026 and after: the plan asks it be kept); None before."""
    if year < min(TARGETS):
        return None
    return TARGETS.get(year, TARGETS[max(TARGETS)])


@dataclass(frozen=True, slots=True)
class Attendance:
    """One person's record on one course: enrolled, finished on a date, certificate id."""

    digital_skills: bool  # the course is on digital skills
    completed_on: date | None = None
    certificate: str = ""


def status(records: Iterable[Attendance], *, on: date | None = None) -> Status:
    """The best status a person's records give (only digital-skills courses; as of ``on`` when given)."""
    best = Status.NOT_STARTED
    for r in records:
        if not r.digital_skills:
            continue
        done = r.completed_on is not None and (on is None or r.completed_on <= on)
        if done and r.certificate.strip():
            found = Status.CERTIFIED
        elif done:
            found = Status.COMPLETED
        else:
            found = Status.IN_PROGRESS
        if _RANK[found] > _RANK[best]:
            best = found
    return best


def counts_as_trained(st: Status, rule: Rule = Rule.COURSE) -> bool:
    if rule == Rule.CERTIFICATE:
        return st == Status.CERTIFIED
    return st in (Status.COMPLETED, Status.CERTIFIED)


def parse_rule(text: str) -> Rule:
    try:
        return Rule(text)
    except ValueError:
        raise TrainingError(
            f"Quy tắc “{text}” không hợp lệ: dùng “course” (hoàn thành khóa học) hoặc “certificate” (có chứng nhận)."
        ) from None


@dataclass(frozen=True, slots=True)
class Share:
    trained: int
    staff: int
    value: Decimal | None  # %
    target: Decimal | None
    gap: int  # people still to train to reach the target

    @property
    def reached(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        return self.value >= self.target


def trained_share(statuses: Iterable[Status], year: int, rule: Rule = Rule.COURSE) -> Share:
    """Trained / staff in %, with the year's target and how many more people reaching it takes."""
    sts = list(statuses)
    trained = sum(1 for s in sts if counts_as_trained(s, rule))
    staff = len(sts)
    target = target_for(year)
    gap = 0
    if target is not None and staff:
        needed = int((target * staff / 100).to_integral_value(rounding=ROUND_CEILING))
        gap = max(0, needed - trained)
    return Share(trained, staff, share(trained, staff), target, gap)
