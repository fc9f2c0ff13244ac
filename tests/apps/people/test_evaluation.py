"""A constructed quarter of directive tasks gives the score and rating computed by hand (standards §12):
the person's view, the unit head's scoring, the leader's approval with the cap, the annual rating."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from cchc.apps.people import selectors, services
from cchc.apps.people.models import (
    AnnualRating,
    DisciplineForm,
    DisciplineRecord,
    Evaluation,
    EvaluationStatus,
    StaffRecord,
)

pytestmark = pytest.mark.django_db
MARKS = {"chinh_tri": "6", "dao_duc": "6", "ky_luat": "6", "trach_nhiem": "6", "doi_moi": "1"}  # 25


@pytest.fixture
def quarter(cast, staff, make_task):
    mai = cast["chuyenvien.vh"]
    tasks = {
        "t1": make_task(mai, "1", date(2026, 1, 20), done=date(2026, 1, 15)),  # on time (weight 2 below)
        "t2": make_task(mai, "2", date(2026, 2, 10), done=date(2026, 2, 20)),  # one delay
        "t3": make_task(
            mai, "3", date(2026, 3, 5), done=date(2026, 3, 1), returned=1
        ),  # one failed assessment
        "t4": make_task(mai, "4", date(2026, 3, 25)),  # not done
        "t5": make_task(mai, "5", date(2026, 4, 10), done=date(2026, 4, 1)),  # next quarter
        "t6": make_task(
            cast["truongphong.vh"], "6", date(2026, 2, 1), done=date(2026, 2, 1)
        ),  # someone else's
    }
    return tasks


def test_the_persons_products_are_their_tasks_of_the_period(staff, quarter):
    lines = selectors.product_lines(staff=staff["chuyenvien.vh"], period="2026-Q1")
    assert [line.item.task_id for line in lines] == [quarter[k].pk for k in ("t1", "t2", "t3", "t4")]
    by_task = {line.item.task_id: line.product for line in lines}
    assert by_task[quarter["t2"].pk].delays == 1 and by_task[quarter["t3"].pk].quality_failures == 1
    assert not by_task[quarter["t4"].pk].completed


def test_self_assessment_then_review_gives_the_hand_computed_score(client, login, staff, quarter):
    login("chuyenvien.vh")
    response = client.post(
        reverse("people:my_evaluation"), {"period": "2026-Q1", **MARKS, "self_note": "Đã cố gắng."}
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(staff=staff["chuyenvien.vh"], period="2026-Q1")
    assert evaluation.status == EvaluationStatus.SUBMITTED and evaluation.self_marks["doi_moi"] == "1"
    page = client.get(reverse("people:my_evaluation") + "?period=2026-Q1").content.decode()
    assert "Nhiệm vụ 4" in page and "Nhiệm vụ 5" not in page

    login("truongphong.vh")
    t1 = quarter["t1"].pk
    response = client.post(
        reverse("people:evaluation_detail", args=[evaluation.pk]),
        {**MARKS, "review_note": "Đạt.", f"grade-{t1}-weight": "2", f"grade-{t1}-quality": ""},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    evaluation.refresh_from_db()
    # weights 2, 1, 1, 1 (assigned 5): quantity 4/5 = 80 %; quality 2 + 1 + 0,75 + 0 = 3,75 → 75 %;
    # progress 2 + 0,75 + 1 + 0 = 3,75 → 75 %; results 70 × (80 + 75 + 75)/300 = 53,67; total 25 + 53,67
    assert (evaluation.quantity, evaluation.quality, evaluation.progress) == (D(80), D(75), D(75))
    assert (evaluation.general, evaluation.results, evaluation.total) == (D(25), D("53.67"), D("78.67"))
    assert evaluation.rating == "tot" and evaluation.status == EvaluationStatus.REVIEWED
    assert len(evaluation.products) == 4 and evaluation.products[0]["weight"] == "2.00"
    # the person sees the result on their own page
    login("chuyenvien.vh")
    page = client.get(reverse("people:my_evaluation") + "?period=2026-Q1").content.decode()
    assert "78,67" in page and "Hoàn thành tốt nhiệm vụ" in page


def test_objective_cause_and_a_failed_grade_change_the_score(staff, quarter, cast):
    evaluation = Evaluation.objects.create(staff=staff["chuyenvien.vh"], period="2026-Q1", scheme="nd335")
    grades = {
        quarter["t2"].pk: services.GradeInput(D(1), None, True),  # the delay had an objective cause
        quarter["t1"].pk: services.GradeInput(D(1), False, False),  # the approver's grade: not met
    }
    services.review_evaluation(
        user=cast["truongphong.vh"], evaluation=evaluation, marks=MARKS, note="", grades=grades
    )
    evaluation.refresh_from_db()
    # weights 1 each (assigned 4): quantity 3/4 = 75 %; quality 0 + 1 + 0,75 + 0 = 1,75 → 43,75 %;
    # progress 1 + 1 + 1 + 0 = 3 → 75 %; results 70 × (75 + 43,75 + 75)/300 = 45,21; total 70,21
    assert (evaluation.quantity, evaluation.quality, evaluation.progress) == (D(75), D("43.75"), D(75))
    assert (evaluation.results, evaluation.total, evaluation.rating) == (D("45.21"), D("70.21"), "tot")


def test_nobody_scores_themself(client, login, staff, quarter):
    own = Evaluation.objects.create(staff=staff["truongphong.vh"], period="2026-Q1", scheme="nd335")
    login("truongphong.vh")
    response = client.post(reverse("people:evaluation_detail", args=[own.pk]), MARKS)
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.status == EvaluationStatus.DRAFT


def test_officer_and_leader_may_not_score(client, login, staff, quarter):
    evaluation = Evaluation.objects.create(staff=staff["chuyenvien.vh"], period="2026-Q1", scheme="nd335")
    for who in ("chuyenvien.vh", "giamdoc", "kiemtra"):
        login(who)
        assert (
            client.post(reverse("people:evaluation_detail", args=[evaluation.pk]), MARKS).status_code == 403
        )


def _reviewed(staff_record, total, results, rating, period="2026-Q1"):
    return Evaluation.objects.create(
        staff=staff_record, period=period, scheme="nd335", status=EvaluationStatus.REVIEWED, total=D(total),
        results=D(results), rating=rating,
    )  # fmt: skip


def test_leader_approval_applies_the_cap_in_the_unit(client, login, units, staff):
    people = [staff["chuyenvien.vh"], staff["truongphong.vh"], staff["dua"]]
    for i in range(3):
        people.append(
            StaffRecord.objects.create(
                code=f"X{i}", family_name="Lò", given_name=f"Văn {i}", unit=units["QLVH"]
            )
        )
    _reviewed(people[0], "95", "70", "xuat_sac")
    _reviewed(people[1], "92", "66", "xuat_sac")
    for p in people[2:]:
        _reviewed(p, "80", "60", "tot")
    other = _reviewed(staff["chuyenvien.dl"], "99", "70", "xuat_sac")  # another unit: its own cap
    login("giamdoc")
    response = client.post(reverse("people:approve_unit", args=[units["QLVH"].pk]), {"period": "2026-Q1"})
    assert response.status_code == 302
    final = dict(Evaluation.objects.filter(staff__unit=units["QLVH"]).values_list("total", "final_rating"))
    # 2 scored HTXSNV, 4 HTTNV: keeping k needs 6k ≤ 6 → one; 95 keeps it, 92 becomes HTTNV
    assert final[D("95.00")] == "xuat_sac" and final[D("92.00")] == "tot"
    assert Evaluation.objects.get(total=D("92.00")).capped
    assert set(Evaluation.objects.filter(staff__unit=units["QLVH"]).values_list("status", flat=True)) == {
        "approved"
    }
    other.refresh_from_db()
    assert other.status == EvaluationStatus.REVIEWED  # not approved with QLVH
    page = client.get(reverse("people:evaluation_list") + "?period=2026-Q1").content.decode()
    assert "Phê duyệt" in page  # QLDL still waits


def test_unit_head_may_not_approve(client, login, units, staff):
    _reviewed(staff["chuyenvien.vh"], "95", "70", "xuat_sac")
    login("truongphong.vh")
    assert (
        client.post(
            reverse("people:approve_unit", args=[units["QLVH"].pk]), {"period": "2026-Q1"}
        ).status_code
        == 403
    )


def test_annual_rating_and_discipline(client, login, units, staff, cast):
    mai, dua = staff["chuyenvien.vh"], staff["dua"]
    for period, score in (("2026-Q1", "92"), ("2026-Q2", "88"), ("2026-Q3", "90.5"), ("2026-Q4", "91")):
        Evaluation.objects.create(
            staff=mai,
            period=period,
            scheme="nd335",
            status="approved",
            total=D(score),
            rating="tot",
            final_rating="tot",
        )
        Evaluation.objects.create(staff=dua, period=period, scheme="nd335", status="approved", total=D(95), rating="xuat_sac", final_rating="xuat_sac")  # fmt: skip
    DisciplineRecord.objects.create(staff=dua, form=DisciplineForm.KHIEN_TRACH, decided_on=date(2026, 5, 4))
    rows = {
        r.staff.code: r
        for r in selectors.annual_rows(user=cast["giamdoc"], year=2026, unit_id=units["QLVH"].pk)
    }
    # (92 + 88 + 90,5 + 91)/4 = 90,375 → 90,38: HTXSNV by score; Dua 95 but disciplined: KHTNV
    assert rows["LC008"].annual.score == D("90.38") and rows["LC008"].annual.rating == "xuat_sac"
    assert rows["LC009"].annual.rating == "khong_hoan_thanh" and rows["LC009"].disqualified
    login("giamdoc")
    assert (
        client.post(reverse("people:annual_lock", args=[units["QLVH"].pk]), {"year": "2026"}).status_code
        == 302
    )
    locked = dict(AnnualRating.objects.filter(year=2026).values_list("staff__code", "rating"))
    # one HTXSNV candidate and no HTTNV in the unit: 6k ≤ 1 → none keeps it
    assert locked == {"LC008": "tot", "LC009": "khong_hoan_thanh"}
    page = client.get(reverse("people:annual") + "?year=2026").content.decode()
    assert "15/12/2026" in page and "90,38" in page
