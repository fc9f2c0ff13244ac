"""Production makes the second factor compulsory for the administrator and the leader."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PAGES = ["/", reverse("directives:overview"), "/van-ban/", "/api/directives/tasks", "/quan-tri/"]


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_ROLES = ["admin", "leader"]
    return settings


@pytest.mark.parametrize("username", ["giamdoc", "quantri"])
def test_listed_roles_without_a_device_are_sent_to_otp_setup_first(client, login, required, username):
    login(username)
    for path in PAGES:
        response = client.get(path)
        if path.startswith("/api/"):
            assert response.status_code == 403, path
        else:
            assert response.status_code == 302 and response["Location"] == reverse("core:otp_setup"), path
    page = client.get(reverse("core:otp_setup"))
    assert page.status_code == 200
    assert "phải bật xác thực hai lớp" in page.content.decode()


def test_other_roles_keep_the_second_factor_optional(client, login, required):
    login("chuyenvien.vh")
    assert client.get(reverse("directives:overview")).status_code == 200


def test_after_setting_up_a_device_the_leader_works_and_cannot_switch_it_off(client, login, required):
    user = login("giamdoc")
    client.get(reverse("core:otp_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(reverse("core:otp_setup"), {"token": f"{totp(device.bin_key):06d}"})
    assert client.get(reverse("directives:overview")).status_code == 200
    response = client.post(reverse("core:otp_disable"), follow=True)
    assert "không thể tắt" in response.content.decode()
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_the_demo_keeps_it_optional(client, login):
    login("giamdoc")  # settings.test, like the demo, lists no role
    assert client.get(reverse("directives:overview")).status_code == 200


def test_an_unknown_role_name_is_refused(settings):
    from cchc.apps.core.security import otp_required_roles

    settings.OTP_REQUIRED_ROLES = ["admin", "lanhdao"]
    with pytest.raises(ImproperlyConfigured, match="lanhdao"):
        otp_required_roles()
