"""API: same scope and rules as the pages."""

from __future__ import annotations

import json

from cchc.apps.directives.models import TaskStatus


def test_api_lists_only_tasks_in_scope(client, login, task_vh, task_dl):
    login("chuyenvien.vh")
    ids = [t["id"] for t in client.get("/api/directives/tasks").json()]
    assert ids == [task_vh.pk]
    assert client.get(f"/api/directives/tasks/{task_dl.pk}").status_code == 403
    detail = client.get(f"/api/directives/directives/{task_vh.directive_id}").json()
    assert [t["id"] for t in detail["tasks"]] == [task_vh.pk]


def test_api_reports_progress_with_the_same_rules(client, login, task_vh):
    login("chuyenvien.vh")
    r = client.post(
        f"/api/directives/tasks/{task_vh.pk}/progress",
        json.dumps({"percent": 50, "text": "Đang làm"}),
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == TaskStatus.IN_PROGRESS
    r = client.post(
        f"/api/directives/tasks/{task_vh.pk}/progress",
        json.dumps({"percent": 150, "text": "x"}),
        content_type="application/json",
    )
    assert r.status_code == 400 and "0 đến 100" in r.json()["detail"]
    login("kiemtra")
    r = client.post(
        f"/api/directives/tasks/{task_vh.pk}/progress",
        json.dumps({"percent": 60, "text": "x"}),
        content_type="application/json",
    )
    assert r.status_code == 403


def test_api_needs_a_login(client, db):
    assert client.get("/api/directives/tasks").status_code == 401
