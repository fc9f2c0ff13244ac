"""Login throttling locks a username + client address pair, with the client's address taken from the
reverse proxy only when CCHC_TRUSTED_PROXIES says so: behind the documented proxy five wrong passwords
locked the account for everyone (every request came from the proxy's address)."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

PROXY = "127.0.0.1"
ATTACKER = "203.0.113.5"
VICTIM = "198.51.100.7"


def _login(client, password: str, *, remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": "giamdoc", "password": password}, **extra)


def _five_wrong(client, **where) -> None:
    for _ in range(5):
        _login(client, "sai-mat-khau", **where)


def test_lockout_is_by_username_and_address_together():
    assert django_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert django_settings.AXES_FAILURE_LIMIT == 5


def test_behind_a_trusted_proxy_the_attacker_is_locked_and_the_user_is_not(client, cast, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    _five_wrong(client, remote=PROXY, forwarded=ATTACKER)
    response = _login(client, "cchc@2026", remote=PROXY, forwarded=ATTACKER)
    assert response.status_code == 429 and "Tạm khóa đăng nhập" in response.content.decode()
    response = _login(client, "cchc@2026", remote=PROXY, forwarded=VICTIM)
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_a_forged_forwarded_header_does_not_move_the_lock(client, cast, settings):
    """The proxy appends the address it saw; what the client wrote on the left is not believed."""
    settings.TRUSTED_PROXIES = [PROXY]
    _five_wrong(client, remote=PROXY, forwarded=f"{VICTIM}, {ATTACKER}")
    assert _login(client, "cchc@2026", remote=PROXY, forwarded=f"10.9.8.7, {ATTACKER}").status_code == 429
    assert _login(client, "cchc@2026", remote=PROXY, forwarded=VICTIM).status_code == 302


def test_without_a_trusted_proxy_the_header_is_ignored(client, cast, settings):
    """Exposed directly, an attacker cannot dodge the lock by inventing X-Forwarded-For values."""
    settings.TRUSTED_PROXIES = []
    for n in range(5):
        _login(client, "sai-mat-khau", remote=ATTACKER, forwarded=f"10.0.0.{n}")
    assert _login(client, "cchc@2026", remote=ATTACKER, forwarded="10.0.0.99").status_code == 429
    assert _login(client, "cchc@2026", remote=VICTIM).status_code == 302


def test_the_audit_trail_records_the_resolved_client_address(client, login, cast, settings, units):
    settings.TRUSTED_PROXIES = [PROXY]
    login("vanphong")
    unit = units["QLDL"]
    data = {"parent": units[""].pk, "code": unit.code, "name": "Phòng Du lịch", "abbreviation": "QLDL",
            "kind": unit.kind, "order": 6, "is_active": "on"}  # fmt: skip
    client.post(
        reverse("org:unit_edit", args=[unit.pk]),
        data,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"1.1.1.1, {VICTIM}",
    )
    entry = LogEntry.objects.get_for_object(unit).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.remote_addr == VICTIM


@pytest.mark.parametrize(
    "trusted,remote,forwarded,expected",
    [
        ([], ATTACKER, VICTIM, ATTACKER),
        (["127.0.0.1"], ATTACKER, VICTIM, ATTACKER),  # not from the proxy: header ignored
        (["127.0.0.1"], PROXY, VICTIM, VICTIM),
        (["127.0.0.1", "10.0.0.0/8"], PROXY, f"{VICTIM}, 10.1.2.3", VICTIM),  # two proxies in a row
        (["127.0.0.1"], PROXY, f"{VICTIM}:51234", VICTIM),
        (["::1"], "::1", "[2001:db8::7]:443", "2001:db8::7"),
        (["127.0.0.1"], PROXY, "không-phải-ip", PROXY),
        (["127.0.0.1"], PROXY, "", PROXY),
    ],
)
def test_client_address(settings, trusted, remote, forwarded, expected):
    from cchc.apps.core.clientip import client_ip

    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_malformed_trusted_proxy_setting_is_refused():
    from cchc.apps.core.clientip import parse_networks

    with pytest.raises(ImproperlyConfigured, match="CCHC_TRUSTED_PROXIES"):
        parse_networks(("127.0.0.1", "nginx"))
