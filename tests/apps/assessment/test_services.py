"""The year's assessment: overrides only with a reason (audited), evidence reused without copies, units
fill their own criteria, the steps with their blockers and capabilities, the council's scores and the survey."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.apps.assessment import selectors, services
from cchc.apps.assessment.models import Assessment, Attachment, Entry, EvidenceFile
from cchc.domain.assessment import workflow
from cchc.domain.errors import UserError

from .conftest import issue


def entry(a: Assessment, code: str) -> Entry:
    return Entry.objects.get(assessment=a, code=code)


def test_a_year_keeps_its_criteria_set_version(cast, year_2026) -> None:
    old = year_2026.criteria_set
    header = dict(old.header, version="2026.2")
    rows = [dict(r) for r in old.rows]
    rows[0] = dict(rows[0], name="Công tác chỉ đạo, điều hành CCHC (sửa)")
    new = services.edit_criteria_set(user=cast["vanphong"], base=old, header=header, rows=rows)
    year_2026.refresh_from_db()
    assert new.pk != old.pk and year_2026.criteria_set_id == old.pk
    assert selectors.criteria_set(new).fields[0].name.endswith("(sửa)")
    with pytest.raises(UserError, match="phiên bản mới"):
        services.edit_criteria_set(user=cast["vanphong"], base=old, header=header, rows=rows)


def test_override_of_a_measured_value_needs_a_reason_kept_in_the_audit_trail(cast, year_2026) -> None:
    e = entry(year_2026, "7.1.1")
    with pytest.raises(UserError, match="phải ghi lý do"):
        services.save_entry(user=cast["vanphong"], entry=e, value=Decimal(90), na=False, explanation="")
    services.save_entry(user=cast["vanphong"], entry=e, value=Decimal(90), na=False, explanation="",
                        override_reason="Theo báo cáo của Văn phòng UBND tỉnh")  # fmt: skip
    e.refresh_from_db()
    assert e.overridden and e.value == 90
    assert selectors.self_score(year_2026).item("7.1.1").points == 2  # 90 % → the 90 % band
    logged = [x.changes for x in LogEntry.objects.get_for_object(e)]
    assert any("Văn phòng UBND" in str(c.get("override_reason", "")) for c in logged), logged
    services.use_measured(user=cast["vanphong"], entry=e)
    e.refresh_from_db()
    assert not e.overridden and e.value == e.measured_value


def test_rule_refuses_bad_values(cast, year_2026) -> None:
    with pytest.raises(UserError, match="0 đến 1"):
        services.save_entry(
            user=cast["vanphong"], entry=entry(year_2026, "1.5"), value=Decimal(2), na=False, explanation=""
        )
    with pytest.raises(UserError, match="Không phát sinh"):
        services.save_entry(
            user=cast["vanphong"], entry=entry(year_2026, "1.5"), value=None, na=True, explanation=""
        )


def test_units_fill_only_their_own_criteria_while_filling(cast, units, year_2026) -> None:
    mine, other = entry(year_2026, "3.2"), entry(year_2026, "4.1")
    services.assign_entry(user=cast["vanphong"], entry=mine, unit=units["QLVH"])
    services.assign_entry(user=cast["vanphong"], entry=other, unit=units["QLDL"])
    head = cast["truongphong.vh"]
    with pytest.raises(PermissionDenied):  # still a draft: the units have not been asked yet
        services.save_entry(user=head, entry=mine, value=True, na=False, explanation="")
    services.take_step(user=cast["vanphong"], assessment=year_2026, name="open")
    mine.refresh_from_db()
    services.save_entry(user=head, entry=mine, value=True, na=False, explanation="")
    with pytest.raises(PermissionDenied):
        services.save_entry(user=head, entry=other, value=True, na=False, explanation="")
    with pytest.raises(PermissionDenied):
        services.assign_entry(user=head, entry=other, unit=units["QLVH"])


def test_evidence_reused_across_years_keeps_identity_and_hash(cast, units, year_2026) -> None:
    doc = issue(units["VP"], signed=True, day=dt.date(2026, 1, 10))
    clerk = cast["vanphong"]
    evidence = services.reference_evidence(user=clerk, model="documents.OutgoingDocument", pk=doc.pk)
    import hashlib

    assert evidence.sha256 == hashlib.sha256(doc.signed_pdf.open("rb").read()).hexdigest()
    assert not evidence.file  # referenced, not copied
    services.attach_evidence(
        user=clerk, entry=entry(year_2026, "1.1.1"), evidence=evidence, requirement="Kế hoạch CCHC năm của Sở"
    )
    again = services.reference_evidence(user=clerk, model="documents.OutgoingDocument", pk=doc.pk)
    assert again.pk == evidence.pk
    upload = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7 bao cao\n%%EOF\n", "application/pdf")
    first = services.upload_evidence(user=clerk, upload=upload)
    same_bytes = SimpleUploadedFile("ten-khac.pdf", b"%PDF-1.7 bao cao\n%%EOF\n", "application/pdf")
    assert services.upload_evidence(user=clerk, upload=same_bytes).pk == first.pk
    next_year = services.create_assessment(user=clerk, year=2027, version=year_2026.criteria_set)
    assert services.copy_evidence_from(user=clerk, assessment=next_year, previous=year_2026) == 1
    carried = Attachment.objects.get(entry__assessment=next_year, entry__code="1.1.1")
    assert carried.evidence_id == evidence.pk and carried.requirement == "Kế hoạch CCHC năm của Sở"
    assert EvidenceFile.objects.count() == 2
    assert selectors.linked_years([evidence])[evidence.pk] == [2026, 2027]


def test_out_of_scope_document_cannot_be_referenced(cast, units) -> None:
    doc = issue(units["QLDL"], signed=True, day=dt.date(2026, 1, 10))
    with pytest.raises(PermissionDenied):
        services.reference_evidence(
            user=cast["truongphong.vh"], model="documents.OutgoingDocument", pk=doc.pk
        )


def _fill_everything(a: Assessment, user) -> None:  # type: ignore[no-untyped-def]
    cset = selectors.criteria_set(a.criteria_set)
    for item in cset.items():
        e = entry(a, item.code)
        if item.measured:
            if e.value is None:  # no data in the test database: explained and scored 0 by hand
                services.save_entry(user=user, entry=e, value=Decimal(0), na=False, explanation="Chưa có số liệu",
                                    override_reason="Chưa có số liệu trong kỳ")  # fmt: skip
            continue
        kind = item.rule.kind
        value = True if kind == "yes_no" else Decimal(100) if kind == "ratio" else Decimal(0) if kind == "deduction" else 3 if kind == "count" else item.max_points  # fmt: skip
        services.save_entry(user=user, entry=e, value=value, na=False, explanation="Giải trình kèm báo cáo")


def test_the_year_goes_through_every_step(cast, year_2026) -> None:
    clerk, leader = cast["vanphong"], cast["giamdoc"]
    services.take_step(user=clerk, assessment=year_2026, name="open")
    services.take_step(user=clerk, assessment=year_2026, name="send_for_review")
    with pytest.raises(UserError, match="chưa chấm điểm"):
        services.take_step(user=clerk, assessment=year_2026, name="send_for_approval")
    _fill_everything(year_2026, clerk)
    services.take_step(user=clerk, assessment=year_2026, name="send_for_approval")
    with pytest.raises(PermissionDenied):
        services.take_step(user=clerk, assessment=year_2026, name="approve")  # the leader approves
    services.take_step(user=leader, assessment=year_2026, name="approve")
    assert year_2026.state == workflow.SUBMITTED
    with pytest.raises(UserError, match="đã trình lãnh đạo"):
        services.save_entry(
            user=clerk, entry=entry(year_2026, "1.5"), value=Decimal(0), na=False, explanation=""
        )
    score = selectors.self_score(year_2026)
    for e in year_2026.entries.all():
        services.save_appraisal(user=clerk, entry=e, points=score.item(e.code).points, reason="")
    services.save_appraisal(user=clerk, entry=entry(year_2026, "1.5"), points=Decimal("0.5"), reason="")
    with pytest.raises(UserError, match="chưa ghi lý do"):
        services.take_step(user=clerk, assessment=year_2026, name="record_appraisal")
    services.save_appraisal(
        user=clerk, entry=entry(year_2026, "1.5"), points=Decimal("0.5"), reason="Thiếu tin bài quý IV"
    )
    services.set_survey(user=clerk, assessment=year_2026, points=Decimal("24.5"), note="QĐ công bố")
    services.take_step(user=clerk, assessment=year_2026, name="record_appraisal")
    data = selectors.report(year_2026)
    assert data.totals.appraisal_points == score.points - Decimal("0.5")
    assert data.totals.index == score.points - Decimal("0.5") + Decimal("24.5")
    line = next(ln for ln in data.lines if ln.code == "1.5")
    assert line.difference == Decimal("-0.5") and line.notes.difference == "Thiếu tin bài quý IV"
    with pytest.raises(UserError, match="0 đến 30"):
        services.set_survey(user=clerk, assessment=year_2026, points=Decimal(31), note="")


def test_gap_ranking_on_the_year(cast, year_2026) -> None:
    clerk = cast["vanphong"]
    services.save_entry(
        user=clerk, entry=entry(year_2026, "3.2"), value=False, na=False, explanation=""
    )  # loses 2
    services.save_entry(
        user=clerk, entry=entry(year_2026, "1.5"), value=Decimal("0.5"), na=False, explanation=""
    )
    gaps = selectors.gap_rows(year_2026)
    order = [g.code for g in gaps]
    assert order.index("3.2") < order.index("1.5")
    g = next(g for g in gaps if g.code == "1.5")
    assert g.lost == Decimal("0.5") and g.at_risk == Decimal("0.5")  # claimed without its two documents
    assert g.missing_evidence == ("Kế hoạch tuyên truyền CCHC", "Tin, bài đã đăng")
