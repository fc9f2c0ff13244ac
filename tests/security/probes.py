"""Escalation probes over HTTP, each returning what went wrong (empty when nothing did).

The escalation tests assert on them, and the mutation check replays them as well as the route × role
cases, so that separation-of-duty and account-protection checks, which the generic matrix cannot
express, are also shown to bite.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.hashers import check_password
from django.urls import reverse

from cchc.apps.org.models import Role, User

from .world import World

PASSWORD_GRAB = "Mat-khau-moi-2026!"
GRAB_EMAIL = "ke-gian@example.com"
PRIVILEGED = (Role.ADMIN, Role.LEADER, Role.COORDINATOR, Role.UNIT_HEAD)


def _login(client: Any, user: User) -> None:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.signed_in_as = None


def user_form(account: User, **change: Any) -> dict[str, Any]:
    data = {
        "username": account.username, "first_name": account.first_name, "last_name": account.last_name,
        "email": account.email, "unit": account.unit_id or "", "role": account.role, "position": account.position,
        "phone": getattr(account, "phone", ""), "is_active": "on",
    }  # fmt: skip
    return {**data, **change}


def role_and_password(client: Any, world: World, attacker: str) -> list[str]:
    """``attacker`` tries, on every account of the world (its own included), to make it an administrator
    or a leader and to set a password or an e-mail address it knows. No role may rise to a privileged one, and no privileged
    account's (nor one's own) password may change; an officer's may (the coordinator resets it)."""
    user = world.users[attacker]
    _login(client, user)
    problems = []
    targets = [*world.users.values(), *world.objects["org.User"].values()]
    before = {t.pk: t.role for t in User.objects.filter(pk__in=[t.pk for t in targets])}
    for target in targets:
        url = reverse("org:user_edit", args=[target.pk])
        guarded = before[target.pk] in PRIVILEGED or target.pk == user.pk
        for change in (
            {"role": Role.ADMIN},
            {"role": Role.LEADER, "password": PASSWORD_GRAB},
            {"password": PASSWORD_GRAB},
            {"email": GRAB_EMAIL},  # a password reset to the attacker's mailbox is a takeover too
        ):
            response = client.post(url, user_form(target, **change))
            target.refresh_from_db()
            if response.status_code >= 500:
                problems.append(f"{attacker} → {target.username} {change}: {response.status_code}")
            if target.role != before[target.pk] and target.role in PRIVILEGED:
                problems.append(f"{attacker} made {target.username} {target.role}")
            if guarded and check_password(PASSWORD_GRAB, target.password):
                problems.append(f"{attacker} set the password of {target.username}")
            if guarded and target.email == GRAB_EMAIL and attacker != target.username:
                problems.append(f"{attacker} set the e-mail address of {target.username}")
    return problems


def _task(world: World, user: User, **extra: Any) -> Any:
    from cchc.apps.directives.models import Task

    return Task.objects.create(
        directive=world.objects["directives.Directive"]["QLVH"], unit=user.unit or world.places["QLVH"],
        number="9", summary="Tự duyệt?", deadline=dt.date.today() + dt.timedelta(days=30), **extra,
    )  # fmt: skip


def self_approval(
    client: Any, world: World, names: tuple[str, ...] = ("truongphong.vh", "truongphong.so", "quantri")
) -> list[str]:
    """Each account able to report and approve submits a final report on its task and approves it."""
    from cchc.apps.directives import services
    from cchc.apps.directives.models import TaskStatus

    problems = []
    for name in names:
        user = world.users[name]
        task = _task(world, user, assignee=user)
        services.task_report_progress(user=user, task_id=task.pk, percent=100, text="Đã xong")
        _login(client, user)
        response = client.post(
            reverse("directives:task_action", args=[task.pk, "approve"]), {"note": "Tôi duyệt"}
        )
        task.refresh_from_db()
        if response.status_code >= 500 or task.status != TaskStatus.PENDING:
            problems.append(f"{name} approved their own report ({response.status_code}, {task.status})")
    return problems


def own_extension(client: Any, world: World) -> list[str]:
    """The coordinator, who may both ask for and grant extensions, asks and then grants their own."""
    from cchc.apps.directives.models import ExtensionRequest, ExtensionStatus

    user = world.users["vanphong"]
    task = _task(world, user)
    _login(client, user)
    new = (task.deadline + dt.timedelta(days=30)).strftime("%d/%m/%Y")
    client.post(
        reverse("directives:task_action", args=[task.pk, "extend"]),
        {"new_deadline": new, "reason": "Chờ số liệu"},
    )
    ext = ExtensionRequest.objects.filter(task=task, requested_by=user).first()
    if ext is None:
        return ["the coordinator could not ask for an extension (the probe cannot run)"]
    client.post(
        reverse("directives:task_action", args=[task.pk, "extension_approve"]),
        {"extension": ext.pk, "note": "Tự duyệt"},
    )
    ext.refresh_from_db()
    return [] if ext.status == ExtensionStatus.PENDING else ["the coordinator granted their own extension"]


PROBES: dict[str, Callable[[Any, World], list[str]]] = {
    "role and password (vanphong)": lambda client, world: role_and_password(client, world, "vanphong"),
    "self-approval": self_approval,
    "own extension": own_extension,
}
