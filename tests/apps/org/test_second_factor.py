"""The second factor cannot be skipped: a user with a confirmed TOTP device who has given only the password
reaches nothing but the login, verification and logout steps — on every URL of the URL map, read or write —
and removing or replacing the device asks for a current code from it."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

# What a password-only session may reach, written out here on purpose: widening the middleware's allowlist
# must be a visible decision that changes this test.
ALLOWED_BEFORE_SECOND_FACTOR = {
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/otp/verify/",
    "/i18n/setlang/",
}
CONVERTERS = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000001",
}


def _sample(route: str, regex: bool) -> str:
    if not regex:
        return re.sub(r"<(?:(\w+):)?\w+>", lambda m: CONVERTERS.get(m.group(1) or "str", "x"), route)
    # Regex routes (the admin's app index): first alternative of each named group, anchors dropped.
    route = re.sub(r"\(\?P<\w+>([^)|]+)[^)]*\)", r"\1", route)
    return route.lstrip("^").rstrip("$").replace("\\", "")


def url_map(patterns=None, prefix: str = "") -> list[str]:
    """One concrete path per URL pattern, every app and the API included (new pages are covered by default)."""
    out: list[str] = []
    for p in get_resolver().url_patterns if patterns is None else patterns:
        route = str(p.pattern)
        regex = route.startswith("^")
        if isinstance(p, URLResolver):
            out += url_map(p.url_patterns, prefix + _sample(route, regex))
        elif isinstance(p, URLPattern):
            out.append("/" + prefix + _sample(route, regex))
    return sorted(set(out))


ALL_PATHS = url_map()


@pytest.fixture
def device(cast):
    return TOTPDevice.objects.create(user=cast["giamdoc"], name="phone", confirmed=True)


def _verify(client, device) -> None:
    response = client.post(reverse("core:otp_verify"), {"token": f"{totp(device.bin_key):06d}", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_url_map_covers_every_app_and_the_api():
    assert len(ALL_PATHS) > 100
    for prefix in (
        "/to-chuc/",
        "/chi-dao/",
        "/thu-tuc/",
        "/ho-so/",
        "/van-ban/",
        "/api/",
        "/quan-tri/",
        "/accounts/",
    ):
        assert any(p.startswith(prefix) for p in ALL_PATHS), prefix
    assert ALLOWED_BEFORE_SECOND_FACTOR <= set(ALL_PATHS)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_password_only_session_reaches_nothing_but_the_verification_step(client, login, device, method):
    login("giamdoc")
    leaked = []
    for path in ALL_PATHS:
        if path in ALLOWED_BEFORE_SECOND_FACTOR:
            continue
        response = getattr(client, method)(path)
        if path.startswith("/api/"):
            ok = response.status_code == 403 and "xác thực hai lớp" in response.json()["detail"]
        else:
            ok = response.status_code == 302 and response["Location"].startswith(
                "/accounts/otp/verify/?next="
            )
        if not ok:
            leaked.append(f"{method.upper()} {path} → {response.status_code}")
    assert leaked == []
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()


def test_the_allowed_steps_still_work_before_the_second_factor(client, login, device):
    login("giamdoc")
    page = client.get(reverse("core:otp_verify"))
    assert page.status_code == 200 and "Nhập mã xác thực" in page.content.decode()
    assert client.post("/i18n/setlang/", {"language": "vi", "next": "/"}).status_code == 302
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_the_verification_step_keeps_where_the_user_was_going(client, login, device):
    login("giamdoc")
    response = client.get("/chi-dao/nhiem-vu/?q=a&b=1")
    assert response["Location"] == "/accounts/otp/verify/?next=%2Fchi-dao%2Fnhiem-vu%2F%3Fq%3Da%26b%3D1"


def test_password_alone_cannot_disable_or_replace_the_device(client, login, device):
    login("giamdoc")
    client.post(reverse("core:otp_disable"))
    client.get(reverse("core:otp_setup"))  # would create a pending device whose code the attacker knows
    attacker = TOTPDevice.objects.create(user=device.user, name="attacker", confirmed=False)
    client.post(reverse("core:otp_setup"), {"token": f"{totp(attacker.bin_key):06d}"})
    assert list(TOTPDevice.objects.filter(user=device.user, confirmed=True)) == [device]


def test_disabling_asks_for_a_current_code_even_in_a_verified_session(client, login, device):
    login("giamdoc")
    _verify(client, device)
    page = client.post(reverse("core:otp_disable"), {"current_token": ""}, follow=True).content.decode()
    assert "Cần nhập đúng mã hiện tại" in page
    wrong = f"{(totp(device.bin_key, drift=1) + 1) % 1_000_000:06d}"
    client.post(reverse("core:otp_disable"), {"current_token": wrong})
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp delays the next attempt after a failure
    response = client.post(
        reverse("core:otp_disable"), {"current_token": f"{totp(device.bin_key, drift=1):06d}"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=device.user).exists()


def test_replacing_the_device_asks_for_a_code_from_the_device_in_use(client, login, device):
    login("giamdoc")
    _verify(client, device)
    client.get(reverse("core:otp_setup"))
    new = TOTPDevice.objects.get(user=device.user, confirmed=False)
    page = client.post(reverse("core:otp_setup"), {"token": f"{totp(new.bin_key):06d}"}, follow=True)
    assert "Cần mã của thiết bị đang dùng" in page.content.decode()
    assert list(TOTPDevice.objects.filter(user=device.user, confirmed=True)) == [device]
    new.refresh_from_db()
    new.throttle_reset()
    new.last_t = -1
    new.save()
    client.post(
        reverse("core:otp_setup"),
        {"token": f"{totp(new.bin_key):06d}", "current_token": f"{totp(device.bin_key, drift=1):06d}"},
    )
    assert list(TOTPDevice.objects.filter(user=device.user, confirmed=True)) == [new]


def test_a_user_without_a_device_is_not_asked_for_a_second_factor(client, login):
    login("giamdoc")  # the demo and every account that has not enabled TOTP: the factor stays optional
    assert client.get("/").status_code == 200
    assert client.get(reverse("core:otp_setup")).status_code == 200
