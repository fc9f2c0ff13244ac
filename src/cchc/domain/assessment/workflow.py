"""A year's self-assessment, step by step: draft → units fill → coordinator reviews → leader approves and
submits → the appraisal council's scores recorded. What may move it, and what blocks a step.

The capability each step needs is checked by the app (org/access.py); this module says which step needs
which, and what must be true first: every entry scored (or "không phát sinh"), and every self-score whose
evidence the set asks for is missing explained (standards.md §7: a self-score without evidence is refused
unless explained); after the council, every entry whose appraisal differs from the self-score explained.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

from cchc.domain.i18n import gettext_noop

from .criteria import CriteriaSet
from .scoring import SetScore

DRAFT, FILLING, REVIEW, APPROVAL, SUBMITTED, APPRAISED = (
    "draft", "filling", "review", "approval", "submitted", "appraised",
)  # fmt: skip

# the capabilities of the steps (granted to roles in org/access.py)
MANAGE = "assessment.manage"
APPROVE = "assessment.approve"

# labels are msgids (gettext_noop): the app shows them through gettext / {% trans %}
STATES: dict[str, str] = {
    DRAFT: gettext_noop("Dự thảo"),
    FILLING: gettext_noop("Các đơn vị đang tự chấm"),
    REVIEW: gettext_noop("Đầu mối CCHC đang rà soát"),
    APPROVAL: gettext_noop("Chờ lãnh đạo phê duyệt"),
    SUBMITTED: gettext_noop("Đã phê duyệt, gửi thẩm định"),
    APPRAISED: gettext_noop("Đã có kết quả thẩm định"),
}


@dataclass(frozen=True, slots=True)
class Step:
    name: str  # the service's verb
    label: str  # the button
    source: str
    target: str
    capability: str  # org/access.py


STEPS: tuple[Step, ...] = (
    Step("open", gettext_noop("Giao các đơn vị tự chấm"), DRAFT, FILLING, MANAGE),
    Step("send_for_review", gettext_noop("Chuyển đầu mối rà soát"), FILLING, REVIEW, MANAGE),
    Step("send_for_approval", gettext_noop("Trình lãnh đạo phê duyệt"), REVIEW, APPROVAL, MANAGE),
    Step("return_to_units", gettext_noop("Trả lại các đơn vị"), REVIEW, FILLING, MANAGE),
    Step("approve", gettext_noop("Phê duyệt và gửi thẩm định"), APPROVAL, SUBMITTED, APPROVE),
    Step("return_to_review", gettext_noop("Trả lại đầu mối"), APPROVAL, REVIEW, APPROVE),
    Step("record_appraisal", gettext_noop("Ghi nhận kết quả thẩm định"), SUBMITTED, APPRAISED, MANAGE),
)

EDITABLE_SELF = (DRAFT, FILLING, REVIEW)  # self-scores and evidence change only before the leader's approval
EDITABLE_APPRAISAL = (SUBMITTED,)


def step(name: str) -> Step:
    return next(s for s in STEPS if s.name == name)


def steps_from(state: str) -> list[Step]:
    return [s for s in STEPS if s.source == state]


def blockers(
    name: str,
    cset: CriteriaSet,
    self_score: SetScore,
    *,
    evidence: Mapping[str, Collection[str]],
    explained: Collection[str],
    appraisal: Mapping[str, Decimal | None] | None = None,
    differences_explained: Collection[str] = (),
) -> list[str]:
    """Why step ``name`` cannot be taken now (empty: it can), in Vietnamese."""
    out: list[str] = []
    if name in ("send_for_approval", "approve"):
        missing = [i.code for f in self_score.fields for i in f.items if i.points is None]
        if missing:
            out.append(f"Còn {len(missing)} tiêu chí chưa chấm điểm: {', '.join(missing[:10])}.")
        unexplained = []
        for item in cset.items():
            s = self_score.item(item.code)
            if s.na or not s.points or item.code in explained:
                continue
            have = set(evidence.get(item.code, ()))
            if any(e not in have for e in item.evidence):
                unexplained.append(item.code)
        if unexplained:
            out.append(
                f"{len(unexplained)} tiêu chí có điểm tự chấm nhưng thiếu tài liệu kiểm chứng mà chưa giải trình: "
                f"{', '.join(unexplained[:10])}."
            )
    if name == "record_appraisal":
        appraisal = appraisal or {}
        unscored = [i.code for i in cset.items() if appraisal.get(i.code) is None]
        if unscored:
            out.append(f"Còn {len(unscored)} tiêu chí chưa có điểm thẩm định: {', '.join(unscored[:10])}.")
        differ = [
            i.code
            for i in cset.items()
            if appraisal.get(i.code) is not None
            and appraisal[i.code] != (self_score.item(i.code).points or Decimal(0))
            and i.code not in differences_explained
        ]
        if differ:
            out.append(
                f"{len(differ)} tiêu chí có điểm thẩm định khác điểm tự chấm mà chưa ghi lý do: {', '.join(differ[:10])}."
            )
    return out
