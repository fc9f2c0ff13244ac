"""Issue 17: the leader's home shows the department's overdue tasks and the units behind (not only the
leader's own tasks); the header's bell counts unread notifications and leads to their list."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from cchc.apps.directives import services
from cchc.apps.directives.models import Notification
from cchc.apps.directives.services import DirectiveInput, TaskInput


def _overdue_task(cast, units):
    directive = services.directive_create(
        user=cast["vanphong"],
        directive=DirectiveInput(subject="V/v báo cáo", unit=units["VP"], issued_on=date(2026, 1, 5)),
        tasks=[
            TaskInput(summary="Báo cáo quý", number="1", units=[units["QLVH"]], deadline=date(2026, 3, 31))
        ],
    )
    return directive.tasks.get()


def test_leader_home_shows_department_overdue_tasks_and_units_behind(client, login, cast, units):
    task = _overdue_task(cast, units)
    login("giamdoc")
    html = client.get("/").content.decode()
    assert "Nhiệm vụ quá hạn trong phạm vi theo dõi" in html
    link = f"{reverse('directives:task_list')}?unit={task.unit_id}&amp;status=overdue"
    assert link in html and "Phòng Quản lý Văn hóa và Gia đình: 1" in html
    assert client.get(link.replace("&amp;", "&")).status_code == 200
    # An officer's home keeps to their own tasks.
    login("chuyenvien.dl")
    assert "Nhiệm vụ quá hạn trong phạm vi theo dõi" not in client.get("/").content.decode()


def test_header_bell_counts_unread_notifications_and_links_to_them(client, login, cast, units):
    user = login("truongphong.vh")
    Notification.objects.filter(user=user).delete()
    _overdue_task(cast, units)
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    if unread == 0:
        Notification.objects.create(user=user, message="Có nhiệm vụ mới")
        unread = 1
    html = client.get("/").content.decode()
    assert f'href="{reverse("directives:notifications")}"' in html and 'id="bell"' in html
    assert f'<span class="badge red" id="unread-count">{unread}</span>' in html
    client.post(reverse("directives:notifications_read"))
    assert 'id="unread-count"' not in client.get("/").content.decode()
