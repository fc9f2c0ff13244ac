"""The audit-trail page shows every kind of entry of every audited model (it answered 500 "Need 2 values to
unpack" once a hồ sơ lưu trữ was created: its reverse relation ``items`` shadowed ``dict.items`` in the
template)."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from cchc.apps.documents.services import archive

AUDITED = sorted(auditlog.get_models(), key=lambda m: m._meta.label)


def test_every_app_registers_its_models_for_the_audit_trail():
    labels = {m._meta.label for m in AUDITED}
    assert {
        "org.User",
        "org.Unit",
        "documents.ArchiveFile",
        "directives.Task",
        "procedures.Procedure",
    } <= labels


def _changes_like_auditlog(model) -> dict:
    """Every field name auditlog may write for ``model``: concrete fields, many-to-many changes (dict form) and
    the reverse relations it records on creation (``"items": ["None", "documents.ArchivedItem.None"]``)."""
    changes: dict = {}
    for field in model._meta.get_fields():
        if field.many_to_many and field.concrete:
            changes[field.name] = {"type": "m2m", "operation": "add", "objects": ["Phòng Quản lý Văn hóa"]}
        elif field.concrete:
            changes[field.name] = ["None", "giá trị mới"]
        else:
            changes[field.name] = ["None", f"{field.related_model._meta.label}.None"]
    return changes


@pytest.mark.parametrize("model", AUDITED, ids=lambda m: m._meta.label)
def test_the_audit_page_shows_an_entry_of_every_audited_model(client, login, cast, model):
    ct = ContentType.objects.get_for_model(model)
    for action in (LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE):
        LogEntry.objects.create(
            content_type=ct,
            object_pk="1",
            object_repr=f"đối tượng {action}",
            action=action,
            changes=_changes_like_auditlog(model),
            actor=cast["vanphong"],
        )
    LogEntry.objects.create(
        content_type=ct,
        object_pk="1",
        object_repr="truy cập",
        action=LogEntry.Action.ACCESS,
        actor=cast["vanphong"],
    )
    for username in ("quantri", "vanphong"):
        login(username)
        response = client.get(reverse("core:audit_list"), {"model": ct.pk})
        assert response.status_code == 200, (model, username)
        page = response.content.decode()
        assert page.count("giá trị mới") >= 3 and "truy cập" in page
        concrete = [f for f in model._meta.concrete_fields if f.name != "id"]
        assert str(concrete[0].verbose_name) in page  # labels are the fields' Vietnamese names
        assert ".None" not in page  # reverse relations carry no value and are not shown


def test_the_audit_page_after_a_real_archive_file_is_created(client, login, cast, units):
    with set_actor(cast["vanphong"]):
        archive.create_archive_file(user=cast["vanphong"], unit=units["VP"], data={
            "organ_id": "LC-SVHTTDL", "file_catalog": 2026, "file_notation": "VP.01", "title": "Hồ sơ CCHC 2026",
            "creator": "Lò Thu Hương", "start_date": dt.date(2026, 1, 1), "due_date": dt.date(2026, 12, 31),
        })  # fmt: skip
    login("vanphong")
    response = client.get(reverse("core:audit_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hồ sơ CCHC 2026" in page and "tiêu đề hồ sơ" in page


def test_many_to_many_changes_read_as_added_and_removed(client, login, cast):
    ct = ContentType.objects.get(app_label="directives", model="task")
    for operation, name in (("add", "Phòng Quản lý Du lịch"), ("delete", "Văn phòng Sở")):
        LogEntry.objects.create(
            content_type=ct, object_pk="1", object_repr="nhiệm vụ", action=LogEntry.Action.UPDATE,
            changes={"coordinating_units": {"type": "m2m", "operation": operation, "objects": [name]}},
            actor=cast["vanphong"],
        )  # fmt: skip
    login("vanphong")
    page = client.get(reverse("core:audit_list")).content.decode()
    assert "∅ → Phòng Quản lý Du lịch" in page
    assert "Văn phòng Sở → ∅" in page
