"""One criterion of the year: its rule, measured value with its source and the rows behind it, the
self-score (override of a measured value only with a reason), the evidence attached from the library or
uploaded, the unit that fills it, and the appraisal council's score beside the self-score."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cchc.apps.core.errors import report
from cchc.apps.core.params import id_param
from cchc.apps.core.uploads import check_upload
from cchc.apps.org.access import declare, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.apps.org.selectors import unit_or_404
from cchc.domain.assessment import workflow
from cchc.domain.assessment.criteria import NA_POLICIES, RULE_KINDS
from cchc.domain.assessment.gaps import next_step
from cchc.domain.errors import UserError
from cchc.domain.numbers import format_number

from .. import selectors, services
from ..models import Attachment, Entry
from .common import YEARS, NoAssessment, decimal_or_none, year_assessment

CODES = ("1.1.1",)  # the value the route × role suite fills the code with (a sub-criterion of the sample)
EVIDENCE_EXTENSIONS = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".jpg", ".jpeg", ".png", ".zip", ".txt")


def _value(kind: str, post: Any) -> Any:
    if kind == "yes_no":
        raw = post.get("value_yes", "")
        return True if raw == "1" else False if raw == "0" else None
    return decimal_or_none(post.get("value", ""), _("Giá trị"))


@declare("assessment.view", "assessment.fill", year=YEARS, code=CODES)
@login_required
def entry(request: AuthenticatedRequest, year: int, code: str) -> HttpResponse:
    require_capability(request.user, "assessment.view")
    try:
        a = year_assessment(request, year)
    except NoAssessment as exc:
        return exc.response
    e = Entry.objects.select_related("unit", "assessment").filter(assessment=a, code=code).first()
    cset = selectors.criteria_set(a.criteria_set)
    if e is None:
        messages.info(request, _("Bộ tiêu chí năm %(y)s không có tiêu chí %(c)s.") % {"y": year, "c": code})
        return redirect("assessment:year", year=year)
    item = cset.item(code)
    if request.method == "POST":
        require_capability(request.user, "assessment.fill")
        try:
            _act(request, e, item.rule.kind)
        except Exception as exc:
            report(request, exc)
        return redirect("assessment:entry", year=year, code=code)
    rows = selectors.entries(a)
    score = selectors.self_score(a, cset, rows)
    s = score.item(code)
    e = rows[code]
    counts = None
    if e.measured_value is not None:
        from cchc.domain.assessment.gaps import Counts

        counts = Counts(e.measured_value, e.numerator, e.denominator)
    attachments = list(e.attachments.select_related("evidence"))
    have = {att.requirement for att in attachments}
    may_fill = selectors.may_fill(request.user, a, e)
    may_manage = selectors.may_manage(request.user, a)
    return render(request, "assessment/entry.html", {
        "a": a, "e": e, "item": item, "s": s, "rule_kind": RULE_KINDS[item.rule.kind], "rule": item.rule.describe(),
        "na_policy": NA_POLICIES[item.na], "step": next_step(item, s.points, counts),
        # the stored value to its last decimal (a measured share kept as 85,7143 saves back unchanged)
        "value_text": "" if e.value is None else format_number(e.value, 4, strip_zeros=True),
        "attachments": attachments, "missing": [r for r in item.evidence if r not in have],
        "may_fill": may_fill, "may_manage": may_manage, "measured": selectors.measured_text(e),
        "library": selectors.library(user=request.user)[:50] if may_fill else [],
        "candidates": selectors.candidates(user=request.user, limit=15) if may_fill else [],
        "units": a.organisation.subtree() if may_manage else [],
        "appraisal_open": a.state in workflow.EDITABLE_APPRAISAL and may_manage,
        "extensions": ", ".join(EVIDENCE_EXTENSIONS), "show_detail": selectors.may_see_details(request.user, a),
    })  # fmt: skip


def _act(request: AuthenticatedRequest, e: Entry, kind: str) -> None:
    post, user = request.POST, request.user
    action = post.get("action", "")
    if action == "save":
        services.save_entry(
            user=user, entry=e, value=_value(kind, post), na=post.get("na") == "1",
            explanation=post.get("explanation", ""), override_reason=post.get("override_reason", ""),
        )  # fmt: skip
        messages.success(request, _("Đã lưu điểm tự chấm tiêu chí %(c)s.") % {"c": e.code})
    elif action == "measured":
        services.use_measured(user=user, entry=e)
        messages.success(request, _("Tiêu chí %(c)s dùng lại giá trị đo được.") % {"c": e.code})
    elif action == "assign":
        unit_id = id_param(post, "unit")
        services.assign_entry(user=user, entry=e, unit=unit_or_404(unit_id) if unit_id else None)
        messages.success(request, _("Đã giao tiêu chí %(c)s.") % {"c": e.code})
    elif action == "attach":
        evidence_id = id_param(post, "evidence")
        evidence = selectors.library(user=user).filter(pk=evidence_id).first() if evidence_id else None
        if evidence is None:
            raise UserError(_("Chọn một tài liệu trong thư viện."))
        services.attach_evidence(
            user=user, entry=e, evidence=evidence, requirement=post.get("requirement", "")
        )
        messages.success(request, _("Đã đính kèm “%(n)s”.") % {"n": evidence.name})
    elif action == "reference":
        ref = post.get("ref", "")
        model, _sep, raw_pk = ref.rpartition(":")
        pk = id_param({"pk": raw_pk}, "pk")
        if pk is None:
            raise UserError(_("Chọn một văn bản hoặc minh chứng nhiệm vụ."))
        evidence = services.reference_evidence(user=user, model=model, pk=pk)
        services.attach_evidence(
            user=user, entry=e, evidence=evidence, requirement=post.get("requirement", "")
        )
        messages.success(request, _("Đã đính kèm “%(n)s”.") % {"n": evidence.name})
    elif action == "upload":
        upload = request.FILES.get("file")
        if upload is None:
            raise UserError(_("Chọn tệp để tải lên."))
        check_upload(upload, extensions=EVIDENCE_EXTENSIONS, label=_("tệp tài liệu kiểm chứng"))
        evidence = services.upload_evidence(user=user, upload=upload, name=post.get("name", ""), unit=e.unit)
        services.attach_evidence(
            user=user, entry=e, evidence=evidence, requirement=post.get("requirement", "")
        )
        messages.success(request, _("Đã tải lên và đính kèm “%(n)s”.") % {"n": evidence.name})
    elif action == "detach":
        att_id = id_param(post, "attachment")
        attachment = Attachment.objects.filter(pk=att_id, entry=e).first() if att_id else None
        if attachment is None:
            raise UserError(_("Không tìm thấy tài liệu đính kèm."))
        services.detach_evidence(user=user, attachment=attachment)
        messages.success(request, _("Đã gỡ tài liệu khỏi tiêu chí (tài liệu vẫn còn trong thư viện)."))
    elif action == "appraisal":
        points = decimal_or_none(post.get("appraisal_points", ""), _("Điểm thẩm định"))
        services.save_appraisal(user=user, entry=e, points=points, reason=post.get("difference_reason", ""))
        messages.success(request, _("Đã lưu điểm thẩm định tiêu chí %(c)s.") % {"c": e.code})
    else:
        raise UserError(_("Thao tác không hợp lệ."))
