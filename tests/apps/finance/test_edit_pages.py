"""Editing a record on its detail page (autonomy, public asset), through the finance views' shared edit form:
who may write the unit gets the form filled from the record, others none; a valid post is saved with its
message, a service refusal and a change of the autonomy record's unit land on the form and save nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from cchc.apps.finance import services
from cchc.apps.finance.models import Asset, AutonomyRecord

pytestmark = pytest.mark.django_db


def _autonomy_post(record, **changes):
    data = {
        "unit": record.unit_id,
        "year": record.year,
        "group": record.group,
        "share": "100",
        "target_group": "2",
    }
    return {**data, **changes}


def test_autonomy_detail_edits_and_refuses(client, cast, units):
    record = services.save_autonomy(user=None, unit=units["QLVH"], year=2026, group=2, share=Decimal("100"))
    url = reverse("finance:autonomy_detail", args=[record.pk])
    client.force_login(cast["chuyenvien.vh"])
    assert 'id="autonomy-form"' not in client.get(url).content.decode()
    client.force_login(cast["vanphong"])
    page = client.get(url).content.decode()
    assert 'id="autonomy-form"' in page and 'name="share" value="100.00"' in page
    # another unit: refused on the form, nothing changed
    page = client.post(url, _autonomy_post(record, unit=units["QLDL"].pk)).content.decode()
    assert "Không đổi đơn vị của bản ghi; hãy thêm bản ghi mới." in page
    # a group the share does not support: the service's refusal on the form
    page = client.post(url, _autonomy_post(record, group="1", share="75")).content.decode()
    assert "chỉ đủ cho nhóm" in page
    record.refresh_from_db()
    assert (record.group, record.unit_id) == (2, units["QLVH"].pk)
    response = client.post(url, _autonomy_post(record, target_group="1"), follow=True)
    assert response.redirect_chain[0][0] == url
    assert "Đã ghi tự chủ tài chính của" in response.content.decode()
    assert AutonomyRecord.objects.get(pk=record.pk).target_group == 1


def test_asset_detail_edits(client, cast, units):
    asset = services.save_asset(
        user=None, unit=units["QLVH"], code="A1", name="Xe 7 chỗ", kind="xe", value=Decimal(850000000)
    )
    url = reverse("finance:asset_detail", args=[asset.pk])
    client.force_login(cast["chuyenvien.vh"])
    assert 'id="asset-form"' not in client.get(url).content.decode()
    client.force_login(cast["vanphong"])
    page = client.get(url).content.decode()
    assert 'id="asset-form"' in page and 'value="A1"' in page
    data = {"unit": units["QLVH"].pk, "code": "A1", "name": "Xe 7 chỗ (mới)", "kind": "xe", "value": "850000000",
            "status": "dang_dung", "progress": "chua_xu_ly"}  # fmt: skip
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[0][0] == url and "Đã ghi tài sản A1." in response.content.decode()
    assert Asset.objects.get(pk=asset.pk).name == "Xe 7 chỗ (mới)"
