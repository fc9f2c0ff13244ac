"""Account management cannot be used to take over an account: who grants which role and manages whom comes
from access.py, passwords set anywhere pass the validators (in Vietnamese), and every password and role
change leaves an audit entry — without the hash."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from cchc.apps.org import access
from cchc.apps.org.models import Role, User

STRONG = "Lai-Chau@Sapa-2026!"
PRIVILEGED_ACCOUNTS = ["giamdoc", "phogiamdoc", "vanphong", "truongphong.vh", "truongphong.dl", "quantri"]
OTHER_ACCOUNTS = ["chuyenvien.vh", "chuyenvien.dl", "motcua", "kiemtra"]


def _form_data(account: User, **changes) -> dict:
    data = {
        "username": account.username,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "unit": account.unit_id or "",
        "role": account.role,
        "position": account.position,
        "phone": account.phone,
        "is_active": "on",
        "password": "",
    }
    data.update(changes)
    return data


def _password_events(account: User) -> LogEntry:
    return LogEntry.objects.get_for_object(account).filter(additional_data__event="password_changed")


def test_privileged_roles_are_those_that_manage_accounts_or_sign_in_a_persons_name():
    assert access.PRIVILEGED_ROLES == {Role.ADMIN, Role.LEADER, Role.COORDINATOR, Role.UNIT_HEAD}
    for role in access.PRIVILEGED_ROLES - {Role.ADMIN}:
        assert access.CAPABILITIES[role] & {"org.manage", "documents.sign"}
    for role in set(Role.values) - access.PRIVILEGED_ROLES:
        assert not access.CAPABILITIES[role] & {"org.manage", "documents.sign"}


def test_who_may_grant_which_role(cast):
    # Every role but the system actor's, which nobody is given (access.system_actor).
    assert access.grantable_roles(cast["quantri"]) == [r for r in Role.values if r != Role.SYSTEM]
    assert set(access.grantable_roles(cast["vanphong"])) == {Role.OFFICER, Role.DATA_STEWARD, Role.AUDITOR}
    for username in ("giamdoc", "truongphong.vh", "chuyenvien.vh", "motcua", "kiemtra"):
        assert access.grantable_roles(cast[username]) == []


@pytest.mark.parametrize("target", PRIVILEGED_ACCOUNTS)
def test_the_coordinator_cannot_edit_a_privileged_account(client, login, cast, target):
    """The reported takeover: role=leader&password=1 on the director's (or anyone privileged's) account."""
    login("vanphong")
    account = cast[target]
    url = reverse("org:user_edit", args=[account.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, _form_data(account, role=Role.LEADER, password=STRONG))
    assert response.status_code == 403
    assert "Chỉ quản trị hệ thống" in response.content.decode()
    fresh = User.objects.get(pk=account.pk)
    assert fresh.role == account.role and fresh.password == account.password
    assert fresh.check_password("cchc@2026")


@pytest.mark.parametrize("role", [Role.ADMIN, Role.LEADER, Role.COORDINATOR, Role.UNIT_HEAD])
def test_the_coordinator_cannot_raise_anyone_to_a_privileged_role(client, login, cast, units, role):
    login("vanphong")
    account = cast["chuyenvien.vh"]
    response = client.post(reverse("org:user_edit", args=[account.pk]), _form_data(account, role=role))
    assert response.status_code == 200  # the form again, with the error
    assert User.objects.get(pk=account.pk).role == Role.OFFICER
    new = {**_form_data(account, role=role), "username": "moi.vh", "email": "moi@example.vn"}
    client.post(reverse("org:user_create"), new)
    assert not User.objects.filter(username="moi.vh").exists()


def test_the_coordinator_manages_ordinary_accounts(client, login, cast):
    login("vanphong")
    account = cast["chuyenvien.vh"]
    response = client.post(
        reverse("org:user_edit", args=[account.pk]),
        _form_data(account, role=Role.DATA_STEWARD, password=STRONG),
    )
    assert response.status_code == 302
    fresh = User.objects.get(pk=account.pk)
    assert fresh.role == Role.DATA_STEWARD and fresh.check_password(STRONG)
    role_change = (
        LogEntry.objects.get_for_object(fresh)
        .filter(action=LogEntry.Action.UPDATE, changes__has_key="role")
        .get()
    )
    assert role_change.actor == cast["vanphong"]
    assert role_change.changes_dict["role"] == [Role.OFFICER, Role.DATA_STEWARD]
    event = _password_events(fresh).get()
    assert event.actor == cast["vanphong"]
    stored = f"{event.changes} {event.changes_text} {event.serialized_data} {event.additional_data}"
    assert fresh.password not in stored and account.password not in stored and STRONG not in stored
    created = {**_form_data(account), "username": "moi.vh", "email": "moi@example.vn", "role": Role.AUDITOR}
    assert client.post(reverse("org:user_create"), created).status_code == 302
    assert User.objects.get(username="moi.vh").role == Role.AUDITOR


@pytest.mark.parametrize(
    "password,message",
    [
        ("1", "Mật khẩu quá ngắn: cần ít nhất 8 ký tự."),
        ("20262026", "Mật khẩu không được chỉ gồm chữ số."),
        ("password", "Mật khẩu này quá phổ biến"),
        ("chuyenvien.vh", "Mật khẩu quá giống"),
    ],
)
def test_a_password_set_for_someone_else_passes_the_validators_in_vietnamese(
    client, login, cast, password, message
):
    login("quantri")
    account = cast["chuyenvien.vh"]
    response = client.post(
        reverse("org:user_edit", args=[account.pk]), _form_data(account, password=password)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.get(pk=account.pk).check_password("cchc@2026")
    assert not _password_events(account).exists()


def test_the_own_password_page_also_validates_in_vietnamese_and_is_audited(client, login, cast):
    user = login("chuyenvien.vh")
    url = reverse("password_change")
    data = {"old_password": "cchc@2026", "new_password1": "12345678", "new_password2": "12345678"}
    assert "Mật khẩu không được chỉ gồm chữ số." in client.post(url, data).content.decode()
    data = {"old_password": "cchc@2026", "new_password1": STRONG, "new_password2": STRONG}
    assert client.post(url, data).status_code == 302
    event = _password_events(user).get()
    assert event.actor == user and User.objects.get(pk=user.pk).password not in str(event.changes)
    login("quantri")
    page = client.get(reverse("core:audit_list")).content.decode()
    assert "Đổi mật khẩu (không lưu mật khẩu)" in page


def test_the_administrator_may_change_a_leader_and_it_is_audited(client, login, cast):
    login("quantri")
    account = cast["truongphong.vh"]
    response = client.post(
        reverse("org:user_edit", args=[account.pk]), _form_data(account, role=Role.LEADER, password=STRONG)
    )
    assert response.status_code == 302
    fresh = User.objects.get(pk=account.pk)
    assert fresh.role == Role.LEADER and fresh.check_password(STRONG)
    assert (
        LogEntry.objects.get_for_object(fresh)
        .filter(action=LogEntry.Action.UPDATE, changes__has_key="role")
        .get()
        .actor
        == cast["quantri"]
    )
    assert _password_events(fresh).get().actor == cast["quantri"]


def test_nobody_changes_their_own_role_active_flag_or_password_here(client, login, cast):
    admin = login("quantri")
    url = reverse("org:user_edit", args=[admin.pk])
    page = client.get(url).content.decode()
    assert 'name="role"' not in page and 'name="password"' not in page and 'name="is_active"' not in page
    data = _form_data(admin, role=Role.OFFICER, password=STRONG, phone="0912 345 678")
    data.pop("is_active")  # an unticked box would deactivate the account
    assert client.post(url, data).status_code == 302
    fresh = User.objects.get(pk=admin.pk)
    assert fresh.phone == "0912 345 678"
    assert fresh.role == Role.ADMIN and fresh.is_active and fresh.check_password("cchc@2026")


def test_edit_buttons_are_shown_only_where_the_edit_is_allowed(client, login, cast):
    login("vanphong")
    detail = lambda name: client.get(reverse("org:user_detail", args=[cast[name].pk])).content.decode()  # noqa: E731
    edit = lambda name: reverse("org:user_edit", args=[cast[name].pk])  # noqa: E731
    assert edit("giamdoc") not in detail("giamdoc")
    assert edit("truongphong.vh") not in detail("truongphong.vh")
    assert edit("chuyenvien.vh") in detail("chuyenvien.vh")
    assert reverse("org:user_create") in client.get(reverse("org:user_list")).content.decode()
    login("truongphong.vh")
    assert edit("chuyenvien.vh") not in detail("chuyenvien.vh")
    assert reverse("org:user_create") not in client.get(reverse("org:user_list")).content.decode()
    login("quantri")
    assert edit("giamdoc") in detail("giamdoc")


def test_every_demo_account_signs_in_with_the_printed_password(client, db):
    """The demo prints one password for every account; with the checks above (validators, audit events,
    second factor) each still signs in with it through the login form and is not asked for a second factor."""
    from cchc.apps.org import demo

    lines = demo.load()
    assert demo.DEMO_PASSWORD in lines[0]
    for username, *_ in demo.USERS:
        response = client.post(reverse("login"), {"username": username, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302 and response["Location"] == reverse("home"), username
        assert client.get(reverse("home")).status_code == 200, username
        client.post(reverse("logout"))
    assert not LogEntry.objects.filter(additional_data__event="password_changed").exists()


def test_the_reset_link_validates_in_vietnamese_and_is_audited(client, cast):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    account = cast["chuyenvien.dl"]
    uid = urlsafe_base64_encode(force_bytes(account.pk))
    form_url = client.get(
        reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(account)])
    )
    assert form_url.status_code == 302
    weak = client.post(form_url["Location"], {"new_password1": "password", "new_password2": "password"})
    assert "Mật khẩu này quá phổ biến" in weak.content.decode()
    done = client.post(form_url["Location"], {"new_password1": STRONG, "new_password2": STRONG})
    assert done.status_code == 302
    assert User.objects.get(pk=account.pk).check_password(STRONG)
    event = _password_events(account).get()
    assert event.actor is None  # nobody was signed in: the link in the e-mail was used
