"""Role × unit permissions (cchc.apps.org.access), for every role of the cast."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from cchc.apps.org.access import (
    can_access_unit,
    check_unit,
    has_capability,
    scope_queryset,
    visible_units,
)
from cchc.apps.org.models import Unit, User

ALL_UNITS = 12  # the Sở and its 11 phòng/đơn vị in the demo tree


@pytest.mark.parametrize(
    ("username", "expected_units"),
    [
        ("giamdoc", ALL_UNITS),
        ("vanphong", ALL_UNITS),
        ("kiemtra", ALL_UNITS),
        ("quantri", ALL_UNITS),
        ("truongphong.vh", 1),
        ("chuyenvien.vh", 1),
        ("truongphong.dl", 1),
        ("motcua", 1),
    ],
)
def test_each_role_sees_exactly_its_scope_of_units(cast, username, expected_units):
    assert visible_units(cast[username]).count() == expected_units


def test_unit_head_sees_only_users_of_own_unit(cast):
    head = cast["truongphong.vh"]
    visible = set(scope_queryset(head, User.objects.all()).values_list("username", flat=True))
    assert visible == {"truongphong.vh", "chuyenvien.vh"}
    assert "chuyenvien.dl" not in visible


def test_unit_head_scope_includes_sub_units(cast, units):
    child = Unit.objects.create(
        code="LC-SVHTTDL-QLVH-DS", name="Tổ Di sản", abbreviation="DS", parent=units["QLVH"]
    )
    assert child in visible_units(cast["truongphong.vh"])
    assert child not in visible_units(cast["truongphong.dl"])


def test_moving_a_unit_moves_its_subtree(units):
    child = Unit.objects.create(code="X-1", name="Tổ A", abbreviation="A", parent=units["QLVH"])
    grandchild = Unit.objects.create(code="X-2", name="Nhóm B", abbreviation="B", parent=child)
    child.parent = units["QLDL"]
    child.save()
    grandchild.refresh_from_db()
    assert grandchild.path.startswith(units["QLDL"].path)


def test_auditor_reads_everything_but_writes_nothing(cast, units):
    auditor = cast["kiemtra"]
    assert can_access_unit(auditor, units["QLDL"])
    assert not can_access_unit(auditor, units["QLDL"], write=True)
    assert not has_capability(auditor, "tasks.approve")
    assert has_capability(auditor, "audit.view")


def test_officer_cannot_touch_another_units_objects(cast, units):
    with pytest.raises(PermissionDenied):
        check_unit(cast["chuyenvien.vh"], units["QLDL"])
    check_unit(cast["chuyenvien.vh"], units["QLVH"], write=True)


@pytest.mark.parametrize(
    ("username", "capability", "allowed"),
    [
        ("giamdoc", "documents.sign", True),
        ("giamdoc", "org.manage", False),
        ("vanphong", "directives.import", True),
        ("vanphong", "org.manage", True),
        ("truongphong.vh", "tasks.approve", True),
        ("truongphong.vh", "directives.import", False),
        ("chuyenvien.vh", "tasks.report", True),
        ("chuyenvien.vh", "tasks.approve", False),
        ("motcua", "dossiers.import", True),
        ("motcua", "audit.view", False),
        ("kiemtra", "audit.view", True),
        ("kiemtra", "documents.draft", False),
        ("quantri", "org.manage", True),
    ],
)
def test_capabilities_per_role(cast, username, capability, allowed):
    assert has_capability(cast[username], capability) is allowed


def test_inactive_user_has_no_capability(cast):
    user = cast["giamdoc"]
    user.is_active = False
    assert not has_capability(user, "dashboard.view")
