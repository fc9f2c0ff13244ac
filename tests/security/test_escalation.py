"""Escalation paths, through HTTP as an attacker would take them, for every account of the world:
role and password changes by someone who is not the administrator, approving one's own progress report,
signing a letter designated for somebody else, issuing a document whose signature did not verify, and the
second factor on every route of the URL map.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cchc.apps.directives.models import Task, TaskStatus
from cchc.apps.documents.models import NumberSeries, SignatureRecord, SigningKey, Status
from cchc.apps.documents.services import drafting
from cchc.apps.org.models import Role, User
from cchc.domain.documents import pki
from tests.apps.documents.conftest import LETTER, demo_pki  # noqa: F401  (session PKI fixture)

from . import probes
from .matrix import cases
from .probes import PASSWORD_GRAB
from .routes import all_routes
from .world import ROLE_USERS


def _login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


# --- role and password ----------------------------------------------------------------------------------


@pytest.mark.parametrize("attacker", [u for u in ROLE_USERS if u != "quantri"])
def test_nobody_but_the_administrator_raises_a_role_or_sets_a_privileged_password(client, world, attacker):
    client.raise_request_exception = False
    assert not probes.role_and_password(client, world, attacker)
    assert User.objects.filter(role=Role.ADMIN).count() == 1


def test_a_weak_password_is_refused_and_every_password_change_is_audited(client, world):
    from auditlog.models import LogEntry

    officer = world.objects["org.User"]["QLVH"]
    old = officer.password
    _login(client, world.users["vanphong"])
    response = client.post(
        reverse("org:user_edit", args=[officer.pk]), probes.user_form(officer, password="1")
    )
    officer.refresh_from_db()
    assert response.status_code == 200 and officer.password == old  # validators refused "1"
    entries = LogEntry.objects.filter(object_pk=str(officer.pk)).count()
    client.post(
        reverse("org:user_edit", args=[officer.pk]), probes.user_form(officer, password=PASSWORD_GRAB)
    )
    officer.refresh_from_db()
    assert check_password(PASSWORD_GRAB, officer.password)
    assert LogEntry.objects.filter(object_pk=str(officer.pk)).count() > entries
    assert PASSWORD_GRAB not in str(list(LogEntry.objects.values_list("changes", flat=True)))


# --- self-approval --------------------------------------------------------------------------------------


def test_nobody_approves_their_own_progress_report(client, world, cast):
    """Unit heads (of a phòng and of the whole Sở) and the administrator submit a final report on their
    task and approve it: the task stays pending until someone else decides."""
    assert not probes.self_approval(client, world)
    task = Task.objects.filter(summary="Tự duyệt?").last()
    _login(client, cast["giamdoc"])  # somebody else may: the test can fail
    client.post(reverse("directives:task_action", args=[task.pk, "approve"]), {"note": "Đồng ý"})
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_nobody_grants_their_own_extension(client, world):
    assert not probes.own_extension(client, world)


# --- signing and issuing ---------------------------------------------------------------------------------


@pytest.fixture
def signing_world(settings, world, cast, units, demo_pki):  # noqa: F811
    settings.CCHC_DOCUMENTS_TRUST_ROOTS = [str(demo_pki.ca.cert_pem)]
    keys = {
        name: SigningKey.objects.create(label=i.name, p12_path=str(i.p12), demo=True, owner=cast[name])
        for name, i in (
            ("giamdoc", demo_pki.persons["director"]),
            ("truongphong.vh", demo_pki.persons["unit_head"]),
        )
    }
    keys["org"] = SigningKey.objects.create(
        label="org", p12_path=str(demo_pki.organisation.p12), demo=True, organisation=units[""]
    )
    document = drafting.create_draft(
        user=cast["chuyenvien.vh"], unit=units["QLVH"], data={**LETTER, "signer": cast["giamdoc"]}
    )
    drafting.submit_for_signing(user=cast["chuyenvien.vh"], document=document)
    return document, keys


def test_only_the_designated_signer_signs(client, world, signing_world):
    document, _keys = signing_world
    assert document.signer == world.users["giamdoc"]
    client.raise_request_exception = False
    for name, user in world.users.items():
        if name == "giamdoc":
            continue
        _login(client, user)
        response = client.post(reverse("documents:action", args=[document.pk, "sign"]))
        assert response.status_code < 500, (name, response.status_code)
        document.refresh_from_db()
        assert (
            document.status == Status.PENDING
            and not SignatureRecord.objects.filter(document=document).exists()
        ), f"{name} signed the director's letter"
    _login(client, world.users["giamdoc"])
    client.post(reverse("documents:action", args=[document.pk, "sign"]))
    document.refresh_from_db()
    assert document.status == Status.SIGNED  # the designated signer can: the test can fail


def test_a_signature_that_does_not_verify_is_never_issued(client, world, signing_world, demo_pki):  # noqa: F811
    document, keys = signing_world
    expired = pki.extra_identity(
        demo_pki, "security-expired", "Trần Mạnh Hùng",
        not_before=dt.datetime.now(dt.UTC) - dt.timedelta(days=400),
        not_after=dt.datetime.now(dt.UTC) - dt.timedelta(days=1),
    )  # fmt: skip
    SigningKey.objects.filter(pk=keys["giamdoc"].pk).update(p12_path=str(expired.p12))
    client.raise_request_exception = False
    _login(client, world.users["giamdoc"])
    response = client.post(reverse("documents:action", args=[document.pk, "sign"]))
    assert response.status_code < 500
    document.refresh_from_db()
    assert document.status == Status.PENDING and not document.signed_pdf, (
        "an expired signature marked it signed"
    )
    for name in ("vanphong", "giamdoc", "quantri"):  # every issuer tries the electronic issue
        _login(client, world.users[name])
        assert client.post(reverse("documents:action", args=[document.pk, "issue"])).status_code < 500
        document.refresh_from_db()
        assert document.status != Status.ISSUED and document.number is None, f"{name} issued it"
    assert sum(NumberSeries.objects.values_list("last_number", flat=True)) == 0


# --- second factor ----------------------------------------------------------------------------------------


def _confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)


def test_a_password_alone_reaches_nothing_but_the_verification_step(client, world):
    """A user with a confirmed device, signed in with the password only, asks every route of the URL map
    (filled with real objects of their unit, GET and POST): each answers the verification step (403 from
    the API), except logging in or out, the verification page and the language switch; the device
    survives every POST, including those to the second-factor settings."""
    user = world.users["vanphong"]  # organisation-wide, may manage: the widest reach
    device = _confirmed_device(user)
    client.raise_request_exception = False
    allowed = {reverse(n) for n in ("login", "logout", "core:otp_verify", "set_language")}
    verify = reverse("core:otp_verify")
    urls: dict[str, None] = {}
    for case in cases(world):
        if case.username == "vanphong":
            urls[case.url] = None
    for route in all_routes():  # framework routes too (password change, admin), with no arguments
        if not route.args:
            urls["/" + route.pattern] = None
    assert len(urls) > 150
    leaks = []
    for url in urls:
        for method in ("get", "post"):
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")  # password only
            response = getattr(client, method)(url)
            path = url.split("?")[0]
            if path in allowed:
                continue
            redirected = response.status_code == 302 and response["Location"].startswith(verify)
            api_refused = path.startswith("/api/") and response.status_code in (401, 403)
            if not (redirected or api_refused):
                leaks.append(f"{method.upper()} {url}: {response.status_code}")
    assert not leaks, "reached without the second factor:\n" + "\n".join(leaks)
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()
    # …and with the code, the same session gets through (the test can fail).
    response = client.post(verify, {"token": totp(device.bin_key), "next": "/"})
    assert response.status_code == 302 and client.get("/").status_code == 200
