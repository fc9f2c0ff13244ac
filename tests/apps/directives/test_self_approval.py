"""Separation of duties: nobody decides on what they submitted — a final progress report or an extension
request goes to someone else allowed to decide (the head above, the leadership or the coordinator)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cchc.apps.directives import services
from cchc.apps.directives.models import ExtensionStatus, Notification, ReportDecision, TaskStatus


def _head_reports_own_task(cast, task):
    head = cast["truongphong.vh"]
    services.task_assign(user=head, task_id=task.pk, assignee_id=head.pk)
    return services.task_report_progress(user=head, task_id=task.pk, percent=100, text="Đã xong")


def _own_extension(cast, task):
    return services.task_request_extension(
        user=cast["vanphong"],
        task_id=task.pk,
        new_deadline=task.deadline + timedelta(days=30),
        reason="Chờ số liệu",
    )


# Every decision on a submission: (make the submission by X, decide as X, decide as someone else, check it).
DECISIONS = {
    "progress report": (
        _head_reports_own_task,
        lambda cast, task, sub, name: services.task_approve(user=cast[name], task_id=task.pk),
        "giamdoc",
    ),
    "extension request": (
        _own_extension,
        lambda cast, task, sub, name: services.extension_decide(
            user=cast[name], extension_id=sub.pk, approve=True
        ),
        "giamdoc",
    ),
}


@pytest.mark.parametrize("kind", sorted(DECISIONS))
def test_nobody_decides_on_their_own_submission(cast, task_vh, kind):
    submit, decide, other = DECISIONS[kind]
    submission = submit(cast, task_vh)
    author = cast["truongphong.vh"] if kind == "progress report" else cast["vanphong"]
    with pytest.raises(PermissionDenied, match="Không được tự duyệt"):
        decide(cast, task_vh, submission, author.username)
    submission.refresh_from_db()
    assert getattr(submission, "decision", None) in (None, ReportDecision.PENDING)
    assert getattr(submission, "status", ExtensionStatus.PENDING) == ExtensionStatus.PENDING
    decide(cast, task_vh, submission, other)  # someone else with the capability decides
    submission.refresh_from_db()
    assert submission.decided_by == cast[other]


def test_a_unit_heads_own_report_goes_to_the_leadership_not_to_the_head(cast, task_vh):
    _head_reports_own_task(cast, task_vh)
    notified = set(Notification.objects.filter(kind="approval").values_list("user__username", flat=True))
    assert notified == {"giamdoc", "phogiamdoc", "vanphong"}
    services.task_approve(user=cast["vanphong"], task_id=task_vh.pk)
    task_vh.refresh_from_db()
    assert task_vh.status == TaskStatus.DONE


def test_an_officers_report_still_goes_to_the_unit_head(cast, task_vh):
    services.task_assign(
        user=cast["truongphong.vh"], task_id=task_vh.pk, assignee_id=cast["chuyenvien.vh"].pk
    )
    services.task_report_progress(user=cast["chuyenvien.vh"], task_id=task_vh.pk, percent=100, text="Xong")
    notified = set(Notification.objects.filter(kind="approval").values_list("user__username", flat=True))
    assert notified == {"truongphong.vh"}


def test_the_requester_is_not_asked_to_decide_on_their_extension(cast, task_vh):
    _own_extension(cast, task_vh)
    notified = set(Notification.objects.filter(kind="extension").values_list("user__username", flat=True))
    assert "vanphong" not in notified and {"giamdoc", "phogiamdoc"} <= notified


def test_the_task_page_offers_no_decision_on_ones_own_submission(client, login, cast, task_vh):
    _head_reports_own_task(cast, task_vh)
    url = reverse("directives:task_detail", args=[task_vh.pk])
    login("truongphong.vh")
    assert 'id="approve-form"' not in client.get(url).content.decode()
    page = client.post(
        reverse("directives:task_action", args=[task_vh.pk, "approve"]), {"note": ""}, follow=True
    )
    assert "Không được tự duyệt" in page.content.decode()
    task_vh.refresh_from_db()
    assert task_vh.status == TaskStatus.PENDING
    login("vanphong")
    assert 'id="approve-form"' in client.get(url).content.decode()
    ext = _own_extension(cast, task_vh)
    decide = reverse("directives:task_action", args=[task_vh.pk, "extension_approve"])
    assert "extension_approve" not in client.get(url).content.decode()
    client.post(decide, {"extension": ext.pk, "note": ""})
    ext.refresh_from_db()
    assert ext.status == ExtensionStatus.PENDING
    login("giamdoc")
    assert "extension_approve" in client.get(url).content.decode()
