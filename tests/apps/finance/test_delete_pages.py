"""Deleting an autonomy record or a public asset from its detail page: the button only for who may delete
(finance.manage with write scope over the record's unit, the service's own check), a Vietnamese
confirmation page, the deletion through the service with its audit entry, back to the register."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from cchc.apps.finance import services
from cchc.apps.finance.models import Asset, AutonomyRecord

pytestmark = pytest.mark.django_db

# who sees the button on a record of Phòng QLVH (everyone listed reads the record)
SEES = {"vanphong": True, "truongphong.vh": True, "giamdoc": False, "kiemtra": False}


def _records(units):
    record = services.save_autonomy(user=None, unit=units["QLVH"], year=2026, group=2, share=Decimal("100"))
    asset = services.save_asset(
        user=None, unit=units["QLVH"], code="A1", name="Xe 7 chỗ", kind="xe", value=Decimal(850000000)
    )
    return [
        ("autonomy", record, reverse("finance:autonomy_detail", args=[record.pk])),
        ("asset", asset, reverse("finance:asset_detail", args=[asset.pk])),
    ]


@pytest.mark.parametrize("username", sorted(SEES))
def test_the_delete_button_only_for_who_may_delete(client, cast, units, username):
    client.force_login(cast[username])
    for name, obj, detail in _records(units):
        delete = reverse(f"finance:{name}_delete", args=[obj.pk])
        page = client.get(detail)
        assert page.status_code == 200
        assert (delete in page.content.decode()) is SEES[username], (name, username)
        assert (client.get(delete).status_code == 200) is SEES[username], (name, username)
        if not SEES[username]:
            assert client.post(delete).status_code == 403
    assert AutonomyRecord.objects.count() == 1 and Asset.objects.count() == 1  # nobody deleted anything


def test_another_unit_head_neither_sees_nor_deletes(client, cast, units):
    client.force_login(cast["truongphong.dl"])
    for name, obj, _detail in _records(units):
        assert client.post(reverse(f"finance:{name}_delete", args=[obj.pk])).status_code == 404
    assert AutonomyRecord.objects.count() == 1 and Asset.objects.count() == 1


def test_confirm_then_delete_with_audit_and_message(client, cast, units):
    user = cast["truongphong.vh"]
    client.force_login(user)
    (_a, record, _d), (_b, asset, _e) = _records(units)
    url = reverse("finance:autonomy_delete", args=[record.pk])
    confirm = client.get(url).content.decode()
    assert (
        'id="delete-form"' in confirm and "không hoàn tác được" in confirm and units["QLVH"].name in confirm
    )
    assert AutonomyRecord.objects.filter(pk=record.pk).exists()  # the confirmation page deletes nothing
    done = client.post(url, follow=True)
    assert done.redirect_chain[0][0] == reverse("finance:autonomy") + "?year=2026"
    assert "Đã xóa bản ghi tự chủ tài chính của" in done.content.decode()
    assert not AutonomyRecord.objects.filter(pk=record.pk).exists()
    done = client.post(reverse("finance:asset_delete", args=[asset.pk]), follow=True)
    assert done.redirect_chain[0][0] == reverse("finance:assets")
    assert "Đã xóa tài sản A1 — Xe 7 chỗ." in done.content.decode()
    assert not Asset.objects.filter(pk=asset.pk).exists()
    for model, pk in ((AutonomyRecord, record.pk), (Asset, asset.pk)):
        entry = LogEntry.objects.get(
            content_type__model=model._meta.model_name, object_pk=str(pk), action=LogEntry.Action.DELETE
        )
        assert entry.actor == user
