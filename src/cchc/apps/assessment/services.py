"""Writes of the PAR self-assessment. Every change is recorded by the audit trail (django-auditlog: the
models are registered in apps.py, the acting person is the request's user); measured values come only from
the registry of measured sources (cchc.apps.core.measures), and a person changes one only with a reason."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core.measures import measure, measuring_pass, sources
from cchc.apps.org.access import can_access_unit, require_capability
from cchc.apps.org.models import Unit, User
from cchc.domain.assessment import workflow
from cchc.domain.assessment.criteria import CriteriaSet, load_sample, parse_set
from cchc.domain.assessment.scoring import Answer, ScoreError, measured_answer, score_item
from cchc.domain.errors import UserError
from cchc.domain.files import check_kept_file

from . import selectors
from .models import (
    FIXITY_CHANGED,
    FIXITY_MISSING,
    FIXITY_OK,
    Assessment,
    Attachment,
    CriteriaSetVersion,
    Entry,
    EvidenceFile,
)


class AssessmentError(UserError):
    """A step refused with a Vietnamese sentence."""


def known_sources() -> list[str]:
    return [s.key for s in sources()]


# --- criteria sets ----------------------------------------------------------------------------------------


def save_criteria_set(*, user: User | None, cset: CriteriaSet, origin: str) -> CriteriaSetVersion:
    """Store a validated set as a new version (a version already stored under the same code is refused)."""
    if user is not None:
        require_capability(user, "assessment.manage")
    if CriteriaSetVersion.objects.filter(code=cset.code, version=cset.version).exists():
        raise AssessmentError(
            _("Đã có bộ tiêu chí “%(code)s” phiên bản “%(v)s”; hãy đặt phiên bản mới.")
            % {"code": cset.code, "v": cset.version}
        )
    return CriteriaSetVersion.objects.create(
        code=cset.code, version=cset.version, name=cset.name, year=cset.year, basis=cset.basis,
        sample=cset.sample, header=cset.header(), rows=list(cset.rows), origin=origin, created_by=user,
    )  # fmt: skip


def ensure_sample_set() -> CriteriaSetVersion:
    """The shipped sample set, stored once."""
    sample = load_sample(known_sources=known_sources())
    found = CriteriaSetVersion.objects.filter(code=sample.code, version=sample.version).first()
    return found or save_criteria_set(user=None, cset=sample, origin="file")


def edit_criteria_set(
    *, user: User, base: CriteriaSetVersion, header: dict[str, Any], rows: list[dict[str, Any]]
) -> CriteriaSetVersion:
    """The coordinator's edit in the browser: validated like a file, saved as a new version (years already
    scored keep theirs). The capability is checked where it is saved (save_criteria_set)."""
    cset = parse_set(header, rows, known_sources=known_sources())
    return save_criteria_set(user=user, cset=cset, origin="editor")


# --- a year's assessment ----------------------------------------------------------------------------------


def create_assessment(
    *, user: User, year: int, version: CriteriaSetVersion, organisation: Unit | None = None
) -> Assessment:
    """A year's draft: one entry per scored criterion, measured ones filled at once."""
    organisation = organisation or selectors.organisation_of(user)
    if organisation is None:
        raise AssessmentError(_("Tài khoản chưa thuộc cơ quan nào nên không tạo được bản tự đánh giá."))
    if not selectors.may_manage(user, None) or not can_access_unit(user, organisation, write=True):
        raise PermissionDenied(_("Bạn không có quyền tạo bản tự đánh giá của cơ quan này."))
    if Assessment.objects.filter(organisation=organisation, year=year).exists():
        raise AssessmentError(_("Năm %(y)s đã có bản tự đánh giá.") % {"y": year})
    cset = selectors.criteria_set(version)
    with transaction.atomic():
        a = Assessment.objects.create(
            organisation=organisation, year=year, criteria_set=version, created_by=user
        )
        Entry.objects.bulk_create([Entry(assessment=a, code=i.code) for i in cset.items()])
        fill_measured(user=user, assessment=a)
    return a


def fill_measured(*, user: User | None, assessment: Assessment) -> int:
    """Read every measured entry's figure from the registry (the organisation, the year): value, unit,
    period, source, link to the rows and query id. An entry a person overrode keeps its value (the figure is
    still refreshed beside it). Returns the number of entries read."""
    cset = selectors.criteria_set(assessment.criteria_set)
    rows = selectors.entries(assessment)
    period = str(assessment.year)
    measured = [i for i in cset.items() if i.source and i.code in rows]
    with measuring_pass():  # every figure read before any entry is written (the 766 ones share a scorecard)
        figures = {i.code: measure(i.source, assessment.organisation, period) for i in measured}
    count = 0
    for item in measured:
        e = rows[item.code]
        m = figures[item.code]
        from cchc.apps.core.measures import source

        e.measured_value = m.value
        e.measured_unit = m.unit
        e.measured_period = m.period
        e.measured_label = source(item.source).label
        e.measured_url = m.detail_url
        e.measured_query = m.query_id
        e.numerator, e.denominator = m.numerator, m.denominator
        if not e.overridden and not e.na:
            answer = measured_answer(item, m.value)
            e.value = None if answer is None else Decimal(answer.value)  # type: ignore[arg-type]
        e.updated_by = user
        e.save()
        count += 1
    assessment.measured_at = timezone.now()
    assessment.save(update_fields=["measured_at"])
    return count


def _check_fill(user: User, entry: Entry) -> None:
    if not selectors.may_fill(user, entry.assessment, entry):
        if entry.assessment.state not in workflow.EDITABLE_SELF:
            raise AssessmentError(_("Bản tự đánh giá đã trình lãnh đạo: không sửa được điểm tự chấm."))
        raise PermissionDenied(_("Bạn không có quyền chấm tiêu chí này."))


def save_entry(
    *, user: User, entry: Entry, value: Any, na: bool, explanation: str, override_reason: str = ""
) -> Entry:
    """A self-score: the value for the entry's rule (or "không phát sinh") and the explanation. A measured
    entry's value differs from the measured one only with a reason (kept, and in the audit trail)."""
    _check_fill(user, entry)
    cset = selectors.criteria_set(entry.assessment.criteria_set)
    item = cset.item(entry.code)
    yes = value if isinstance(value, bool) else None
    number = None if isinstance(value, bool) or value is None else Decimal(value)
    answer = Answer(na=True) if na else Answer(yes if item.rule.kind == "yes_no" else number)
    try:
        score_item(item, answer)  # the rule refuses a value it cannot score
    except ScoreError as exc:
        raise AssessmentError(str(exc)) from None
    if item.measured and not na:
        measured = measured_answer(item, entry.measured_value)
        differs = measured is None or number is None or Decimal(measured.value) != number  # type: ignore[arg-type]
        if differs and number is not None:
            if not override_reason.strip():
                raise AssessmentError(
                    _("Tiêu chí %(c)s lấy giá trị từ số liệu đo được; muốn sửa phải ghi lý do.")
                    % {"c": entry.code}
                )
            entry.overridden, entry.override_reason = True, override_reason.strip()
        elif not differs:
            entry.overridden, entry.override_reason = False, ""
    entry.na = na
    entry.value_yes = yes if not na else None
    entry.value = number if not na else None
    entry.explanation = explanation.strip()
    entry.updated_by = user
    entry.save()
    return entry


def use_measured(*, user: User, entry: Entry) -> Entry:
    """Drop a person's override: the entry takes the measured value again."""
    _check_fill(user, entry)
    item = selectors.criteria_set(entry.assessment.criteria_set).item(entry.code)
    answer = measured_answer(item, entry.measured_value)
    entry.overridden, entry.override_reason = False, ""
    entry.value = None if answer is None else Decimal(answer.value)  # type: ignore[arg-type]
    entry.updated_by = user
    entry.save()
    return entry


def assign_entry(*, user: User, entry: Entry, unit: Unit | None) -> Entry:
    if not selectors.may_manage(user, entry.assessment):
        raise PermissionDenied(_("Chỉ đầu mối CCHC giao tiêu chí cho đơn vị."))
    if unit is not None and unit.root() != entry.assessment.organisation:
        raise AssessmentError(_("Đơn vị không thuộc cơ quan này."))
    entry.unit = unit
    entry.updated_by = user
    entry.save(update_fields=["unit", "updated_by", "updated_at"])
    return entry


def take_step(*, user: User, assessment: Assessment, name: str) -> Assessment:
    """Move the year's assessment one step (draft → units fill → review → leader approves → appraisal)."""
    try:
        step = workflow.step(name)
    except StopIteration:
        raise AssessmentError(_("Bước không hợp lệ.")) from None
    require_capability(user, step.capability)
    if not can_access_unit(user, assessment.organisation, write=True):
        raise PermissionDenied(_("Bạn không có quyền với bản tự đánh giá của cơ quan này."))
    if assessment.state != step.source:
        raise AssessmentError(
            _("Bản tự đánh giá đang ở bước “%(s)s”: không thực hiện được “%(a)s”.")
            % {"s": _(workflow.STATES[assessment.state]), "a": _(step.label)}
        )
    problems = selectors.blockers(assessment, name)
    if problems:
        raise AssessmentError(" ".join(problems))
    assessment.state = step.target
    assessment.save(update_fields=["state"])
    return assessment


def save_appraisal(*, user: User, entry: Entry, points: Decimal | None, reason: str) -> Entry:
    """The appraisal council's score of one entry, beside the self-score, with the difference's reason."""
    a = entry.assessment
    if not selectors.may_manage(user, a):
        raise PermissionDenied(_("Chỉ đầu mối CCHC ghi kết quả thẩm định."))
    if a.state not in workflow.EDITABLE_APPRAISAL:
        raise AssessmentError(
            _("Chỉ ghi điểm thẩm định sau khi bản tự đánh giá đã được phê duyệt, gửi thẩm định.")
        )
    item = selectors.criteria_set(a.criteria_set).item(entry.code)
    if points is not None and not Decimal(0) <= points <= item.max_points:
        raise AssessmentError(
            _("Điểm thẩm định của tiêu chí %(c)s phải từ 0 đến %(m)s.")
            % {"c": entry.code, "m": item.max_points}
        )
    entry.appraisal_points = points
    entry.difference_reason = reason.strip()
    entry.updated_by = user
    entry.save(update_fields=["appraisal_points", "difference_reason", "updated_by", "updated_at"])
    return entry


def save_appraisals(
    *, user: User, assessment: Assessment, scores: dict[str, tuple[Decimal | None, str]]
) -> int:
    """The appraisal council's table entered at once: code → (points, reason). Every row is checked first and
    every problem named by its code; nothing is saved unless all are right. Returns the rows changed."""
    if not selectors.may_manage(user, assessment):
        raise PermissionDenied(_("Chỉ đầu mối CCHC ghi kết quả thẩm định."))
    rows = selectors.entries(assessment)
    cset = selectors.criteria_set(assessment.criteria_set)
    problems = []
    for code, (points, _reason) in scores.items():
        if code not in rows:
            problems.append(_("Tiêu chí %(c)s không có trong bộ tiêu chí.") % {"c": code})
        elif points is not None and not Decimal(0) <= points <= cset.item(code).max_points:
            problems.append(
                _("Điểm thẩm định của tiêu chí %(c)s phải từ 0 đến %(m)s.")
                % {"c": code, "m": cset.item(code).max_points}
            )
    if problems:
        raise AssessmentError(" ".join(problems))
    changed = 0
    with transaction.atomic():
        for code, (points, reason) in scores.items():
            e = rows[code]
            if (e.appraisal_points, e.difference_reason) == (points, reason.strip()):
                continue
            save_appraisal(user=user, entry=e, points=points, reason=reason)
            changed += 1
    return changed


def set_survey(*, user: User, assessment: Assessment, points: Decimal | None, note: str) -> Assessment:
    """The sociological survey's points as published."""
    if not selectors.may_manage(user, assessment):
        raise PermissionDenied(_("Chỉ đầu mối CCHC nhập điểm điều tra xã hội học."))
    cset = selectors.criteria_set(assessment.criteria_set)
    if points is not None and not Decimal(0) <= points <= cset.survey_max:
        raise AssessmentError(_("Điểm điều tra xã hội học phải từ 0 đến %(m)s.") % {"m": cset.survey_max})
    assessment.survey, assessment.survey_note = points, note.strip()
    assessment.save(update_fields=["survey", "survey_note"])
    return assessment


# --- evidence ---------------------------------------------------------------------------------------------


def _digest(chunks: Any) -> tuple[str, int]:
    h, size = hashlib.sha256(), 0
    for chunk in chunks:
        h.update(chunk)
        size += len(chunk)
    return h.hexdigest(), size


def upload_evidence(
    *, user: User, upload: UploadedFile, name: str = "", unit: Unit | None = None
) -> EvidenceFile:
    """An uploaded file into the library, its content checked like every kept file (files.check_kept_file);
    the same bytes already there are the same evidence (not copied)."""
    require_capability(user, "assessment.fill")
    unit = unit or user.unit
    if unit is None or not can_access_unit(user, unit, write=True):
        raise PermissionDenied(_("Bạn không có quyền thêm tài liệu cho đơn vị này."))
    data = b"".join(upload.chunks())
    check_kept_file(data, name=upload.name or "")  # the bytes are what the name says, nothing active
    digest, size = _digest([data])
    organisation = unit.root()
    found = EvidenceFile.objects.filter(organisation=organisation, sha256=digest).first()
    if found is not None:
        return found
    evidence = EvidenceFile(organisation=organisation, unit=unit, name=(name or upload.name or "")[:300], kind="upload",
                            sha256=digest, size=size, created_by=user)  # fmt: skip
    evidence.file.save(upload.name or "minh-chung", ContentFile(data), save=False)
    evidence.save()
    return evidence


def reference_evidence(*, user: User, model: str, pk: int) -> EvidenceFile:
    """A file cchc already stores (an issued document, a task's evidence) into the library, by reference:
    its bytes are hashed once, not copied; referencing it again returns the same library entry."""
    require_capability(user, "assessment.fill")
    found = {
        (c.model, c.pk): c
        for c in selectors.candidates(user=user, limit=10_000)
        if (c.model, c.pk) == (model, pk)
    }
    candidate = found.get((model, pk))
    if candidate is None:
        raise PermissionDenied(_("Không có tài liệu này trong phạm vi của bạn."))
    existing = EvidenceFile.objects.filter(ref_model=model, ref_pk=pk, ref_field=candidate.field).first()
    if existing is not None:
        return existing
    from django.apps import apps

    obj = apps.get_model(model).objects.get(pk=pk)
    stored = getattr(obj, candidate.field)
    with stored.open("rb") as fh:
        digest, size = _digest(iter(lambda: fh.read(65536), b""))
    unit = Unit.objects.get(pk=candidate.unit_id) if candidate.unit_id else user.unit
    assert unit is not None
    organisation = unit.root()
    same = EvidenceFile.objects.filter(organisation=organisation, sha256=digest).first()
    if same is not None:
        return same
    return EvidenceFile.objects.create(
        organisation=organisation, unit=unit, name=candidate.name, kind=candidate.kind, ref_model=model,
        ref_pk=pk, ref_field=candidate.field, sha256=digest, size=size, created_by=user,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Fixity:
    evidence: EvidenceFile
    status: str  # models.FIXITY_OK | FIXITY_CHANGED | FIXITY_MISSING
    sha256: str  # the hash of the bytes found now ("" when the file is missing)


def _stored_bytes_hash(evidence: EvidenceFile) -> str | None:
    """The SHA-256 of the file as stored now (an upload here, or the referenced module's file), None when
    it is gone (the file, its row in the owning module, or the bytes in storage)."""
    from django.apps import apps

    stored: Any = evidence.file
    if evidence.kind != "upload":
        try:
            obj = apps.get_model(evidence.ref_model).objects.filter(pk=evidence.ref_pk).first()
        except (LookupError, ValueError):
            obj = None
        stored = getattr(obj, evidence.ref_field, None) if obj is not None else None
    if not stored:
        return None
    try:
        with stored.open("rb") as fh:
            digest, _size = _digest(iter(lambda: fh.read(65536), b""))
    except (FileNotFoundError, OSError):
        return None
    return digest


def verify_evidence(*, user: User | None, organisation: Unit | None = None) -> list[Fixity]:
    """Re-verify the fixity of the evidence library: hash every file again and compare with the SHA-256
    taken when it entered the library (never changed: the file keeps its identity). A changed or missing
    file is flagged on the library and the criteria it serves; the coordinator's library (their scope),
    or from the command line (user None) every organisation's, or ``organisation``'s."""
    qs = EvidenceFile.objects.select_related("unit", "organisation").order_by("pk")
    if user is not None:
        require_capability(user, "assessment.manage")
        qs = selectors.library(user=user).order_by("pk")
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    now = timezone.now()
    out = []
    for evidence in qs:
        found = _stored_bytes_hash(evidence)
        if found is None:
            status = FIXITY_MISSING
        else:
            status = FIXITY_OK if found == evidence.sha256 else FIXITY_CHANGED
        evidence.fixity, evidence.fixity_checked_at = status, now
        evidence.save(update_fields=["fixity", "fixity_checked_at"])
        out.append(Fixity(evidence, status, found or ""))
    return out


def attach_evidence(*, user: User, entry: Entry, evidence: EvidenceFile, requirement: str) -> Attachment:
    """Attach a library file to an entry as one of its required evidence (no copy: the same file)."""
    _check_fill(user, entry)
    if evidence.organisation_id != entry.assessment.organisation_id:
        raise PermissionDenied(_("Tài liệu thuộc cơ quan khác."))
    item = selectors.criteria_set(entry.assessment.criteria_set).item(entry.code)
    if requirement and requirement not in item.evidence:
        raise AssessmentError(
            _("Tiêu chí %(c)s không yêu cầu tài liệu “%(r)s”.") % {"c": entry.code, "r": requirement}
        )
    attachment, _created = Attachment.objects.get_or_create(
        entry=entry, evidence=evidence, requirement=requirement, defaults={"attached_by": user}
    )
    return attachment


def detach_evidence(*, user: User, attachment: Attachment) -> None:
    _check_fill(user, attachment.entry)
    attachment.delete()


def copy_evidence_from(*, user: User, assessment: Assessment, previous: Assessment) -> int:
    """Re-attach last year's evidence to the same codes and requirements of this year (the same library
    files: nothing is copied). Returns the number of attachments made."""
    if not selectors.may_manage(user, assessment):
        raise PermissionDenied(_("Chỉ đầu mối CCHC dùng lại tài liệu năm trước."))
    cset = selectors.criteria_set(assessment.criteria_set)
    now = {e.code: e for e in assessment.entries.all()}
    made = 0
    for att in Attachment.objects.filter(entry__assessment=previous).select_related("entry", "evidence"):
        entry = now.get(att.entry.code)
        if entry is None:
            continue
        wanted = cset.item(entry.code).evidence
        requirement = att.requirement if att.requirement in wanted else ""
        _obj, created = Attachment.objects.get_or_create(
            entry=entry, evidence=att.evidence, requirement=requirement, defaults={"attached_by": user}
        )
        made += created
    return made
