"""Pages per role: who sees what, and the browser-free version of the life cycle through the views."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.apps.directives.models import CalendarToken, TaskStatus

PAGES = ["directive_list", "task_list", "my_tasks", "overdue_list", "overview", "scorecard", "notifications"]


@pytest.mark.parametrize(
    "username",
    [
        "giamdoc",
        "vanphong",
        "truongphong.vh",
        "chuyenvien.vh",
        "truongphong.dl",
        "chuyenvien.dl",
        "motcua",
        "kiemtra",
        "quantri",
    ],
)
def test_every_role_opens_the_directive_pages(client, login, directive, username):
    login(username)
    for name in PAGES:
        assert client.get(reverse(f"directives:{name}")).status_code == 200, name


def test_anonymous_visitors_are_sent_to_login(client, db):
    assert client.get(reverse("directives:task_list")).status_code == 302


@pytest.mark.parametrize(
    ("username", "sees_vh", "sees_dl"),
    [
        ("giamdoc", True, True),
        ("vanphong", True, True),
        ("kiemtra", True, True),
        ("quantri", True, True),
        ("truongphong.vh", True, False),
        ("chuyenvien.vh", True, False),
        ("truongphong.dl", False, True),
        ("chuyenvien.dl", False, True),
    ],
)
def test_task_scope_follows_role_and_unit(client, login, task_vh, task_dl, username, sees_vh, sees_dl):
    login(username)
    for task, sees in ((task_vh, sees_vh), (task_dl, sees_dl)):
        assert client.get(reverse("directives:task_detail", args=[task.pk])).status_code == (
            200 if sees else 403
        )
    ids = {t.pk for t, _s in client.get(reverse("directives:task_list")).context["rows"]}
    assert (task_vh.pk in ids) is sees_vh and (task_dl.pk in ids) is sees_dl


def test_unit_pages_show_only_their_tasks_and_directive_detail_is_filtered(
    client, login, directive, task_vh, task_dl
):
    login("chuyenvien.dl")
    rows = client.get(reverse("directives:directive_detail", args=[directive.pk])).context["rows"]
    assert [t.pk for t, _s in rows] == [task_dl.pk]


def test_the_whole_loop_through_the_pages(client, login, cast, task_vh):
    login("truongphong.vh")
    client.post(
        reverse("directives:task_action", args=[task_vh.pk, "assign"]), {"assignee": cast["chuyenvien.vh"].pk}
    )
    login("chuyenvien.vh")
    assert task_vh.pk in {t.pk for t, _s in client.get(reverse("directives:my_tasks")).context["rows"]}
    client.post(
        reverse("directives:task_action", args=[task_vh.pk, "report"]),
        {"percent": 100, "text": "Xong", "files": [SimpleUploadedFile("kq.pdf", b"%PDF-1.4")]},
    )
    task_vh.refresh_from_db()
    assert task_vh.status == TaskStatus.PENDING
    # An officer cannot approve: the page says so and nothing changes.
    response = client.post(
        reverse("directives:task_action", args=[task_vh.pk, "approve"]), {"note": ""}, follow=True
    )
    assert "Bạn không có quyền" in response.content.decode()
    login("truongphong.dl")
    assert client.post(reverse("directives:task_action", args=[task_vh.pk, "approve"]), {}).status_code == 403
    login("truongphong.vh")
    response = client.post(
        reverse("directives:task_action", args=[task_vh.pk, "approve"]), {"note": "Đạt"}, follow=True
    )
    assert "Đã duyệt hoàn thành." in response.content.decode()
    task_vh.refresh_from_db()
    assert task_vh.status == TaskStatus.DONE
    login("giamdoc")
    page = client.get(reverse("directives:overview")).content.decode()
    assert "Hoàn thành đúng hạn" in page


def test_overview_shows_overdue_tasks_in_red_by_unit(client, login, make_directive, units):
    make_directive(deadline=date.today() - timedelta(days=7))
    login("giamdoc")
    response = client.get(reverse("directives:overview"))
    late = {r["unit__name"]: r["n"] for r in response.context["late_by_unit"]}
    assert late == {units["QLVH"].name: 1, units["QLDL"].name: 1}
    assert 'class="badge red">Quá hạn' in response.content.decode()


def test_scorecard_counts_due_done_and_overdue_per_unit(client, login, cast, make_directive, units):
    make_directive(deadline=date.today() - timedelta(days=3))
    login("vanphong")
    rows = {r.unit.code: r for r in client.get(reverse("directives:scorecard")).context["rows"]}
    assert rows[units["QLVH"].code].due == 1 and rows[units["QLVH"].code].overdue_now == 1


def test_excel_export_has_the_office_layout(client, login, directive):
    import io

    import openpyxl

    login("vanphong")
    response = client.get(reverse("directives:task_list") + "?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[3]] == [
        "STT",
        "Nhiệm vụ",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời hạn",
        "Tiến độ",
        "Kết quả",
    ]
    assert sheet.max_row == 5 and sheet["C4"].value and sheet["D4"].value == "Văn phòng Sở"
    for name in ("overview", "scorecard"):
        assert client.get(reverse(f"directives:{name}") + "?export=xlsx").status_code == 200


def test_calendar_feed_lists_my_tasks_by_secret_token_only(client, login, cast, task_vh):
    login("truongphong.vh")
    client.get(reverse("directives:notifications"))
    token = CalendarToken.objects.get(user=cast["truongphong.vh"]).token
    client.logout()
    body = client.get(reverse("directives:calendar_feed", args=[token])).content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and f"DTSTART;VALUE=DATE:{task_vh.due_on:%Y%m%d}" in body
    assert client.get(reverse("directives:calendar_feed", args=["sai-ma"])).status_code == 404


def test_home_page_shows_my_tasks_widget(client, login, task_vh):
    login("truongphong.vh")
    assert "Nhiệm vụ của tôi" in client.get("/").content.decode()


def test_an_empty_evidence_file_is_refused_on_the_page_with_the_shared_message(client, login, cast, task_vh):
    login("truongphong.vh")
    client.post(
        reverse("directives:task_action", args=[task_vh.pk, "assign"]), {"assignee": cast["chuyenvien.vh"].pk}
    )
    login("chuyenvien.vh")
    response = client.post(
        reverse("directives:task_action", args=[task_vh.pk, "report"]),
        {"percent": 50, "text": "Đang làm", "files": [SimpleUploadedFile("bien-ban.pdf", b"")]},
        follow=True,
    )
    assert "Tệp minh chứng “bien-ban.pdf” rỗng." in response.content.decode()
    assert not task_vh.reports.exists()


def test_refused_evidence_is_named_file_by_file_and_the_typed_report_is_kept(client, login, cast, task_vh):
    from tests.malformed import PNG, javascript_pdf

    login("truongphong.vh")
    client.post(
        reverse("directives:task_action", args=[task_vh.pk, "assign"]), {"assignee": cast["chuyenvien.vh"].pk}
    )
    login("chuyenvien.vh")
    text = "Đã tổ chức 3 lớp tập huấn cho 120 cán bộ"
    response = client.post(
        reverse("directives:task_action", args=[task_vh.pk, "report"]),
        {
            "percent": 70,
            "text": text,
            "files": [
                SimpleUploadedFile("danh-sach.pdf", b"%PDF-1.4 danh sach"),
                SimpleUploadedFile("js.pdf", javascript_pdf()),
                SimpleUploadedFile("anh.pdf", PNG),
            ],
        },
    )
    body = response.content.decode()
    assert response.status_code == 400 and not task_vh.reports.exists()
    assert "Tệp PDF “js.pdf” chứa lệnh tự chạy khi mở hoặc khi thao tác: không nhận vì lý do an toàn." in body
    assert "Tệp “anh.pdf” có đuôi .pdf nhưng nội dung là tệp ảnh PNG" in body
    assert "danh-sach.pdf" not in body  # the good file is not blamed
    assert text in body and 'value="70"' in body  # what was typed is still in the form
