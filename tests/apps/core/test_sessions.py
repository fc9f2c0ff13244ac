"""Sessions end: after the idle timeout and after the absolute lifetime, whatever the activity."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.apps.core import security


@pytest.fixture
def clock(monkeypatch):
    """The middleware's clock, moved by hand: ``clock.now += 60``."""

    class Clock:
        now = 1_800_000_000.0

    c = Clock()
    monkeypatch.setattr(security, "_now", lambda: c.now)
    return c


@pytest.fixture
def limits(settings):
    settings.SESSION_IDLE_SECONDS = 30 * 60
    settings.SESSION_MAX_SECONDS = 10 * 3600
    return settings


def _home(client):
    return client.get(reverse("directives:overview"))


def test_session_expires_after_the_idle_timeout(client, login, clock, limits):
    login("chuyenvien.vh")
    assert _home(client).status_code == 200
    clock.now += 29 * 60
    assert _home(client).status_code == 200  # still inside the idle window
    clock.now += 31 * 60
    response = _home(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session  # logged out, not only redirected
    page = client.get(response["Location"])
    assert "Phiên làm việc đã hết hạn" in page.content.decode()
    # and the next request is anonymous as well
    assert _home(client)["Location"].startswith(reverse("login"))


def test_activity_keeps_the_session_until_the_absolute_lifetime(client, login, clock, limits):
    login("chuyenvien.vh")
    assert _home(client).status_code == 200
    for _ in range(19):  # 19 × 29 min = 9 h 11 min of steady activity
        clock.now += 29 * 60
        assert _home(client).status_code == 200
    clock.now += 29 * 60  # 9 h 40 min
    assert _home(client).status_code == 200
    clock.now += 21 * 60  # 10 h 01 min after sign-in, last request 21 min ago
    response = _home(client)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_expired_api_session_gets_401(client, login, clock, limits):
    login("chuyenvien.vh")
    assert client.get("/api/directives/tasks").status_code in (200, 404)
    clock.now += 31 * 60
    response = client.get("/api/directives/tasks")
    assert response.status_code == 401
    assert "hết hạn" in response.json()["detail"]


def test_zero_switches_a_limit_off(client, login, clock, settings):
    settings.SESSION_IDLE_SECONDS = 0
    settings.SESSION_MAX_SECONDS = 0
    login("chuyenvien.vh")
    assert _home(client).status_code == 200
    clock.now += 30 * 24 * 3600
    assert _home(client).status_code == 200


def test_settings_come_from_the_environment():
    from django.conf import settings

    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_MAX_SECONDS == 10 * 3600
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_MAX_SECONDS
