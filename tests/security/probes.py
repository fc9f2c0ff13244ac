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
from django.db import transaction
from django.urls import reverse

from cchc.apps.org.models import Role, User

from .world import World

PASSWORD_GRAB = "Mat-khau-moi-2026!"
GRAB_EMAIL = "ke-gian@example.com"
PRIVILEGED = (Role.ADMIN, Role.LEADER, Role.COORDINATOR, Role.UNIT_HEAD)


def _login(client: Any, user: User) -> None:
    # As stored: an earlier probe may have left a rolled-back password on the object in memory, and a
    # session made from it would not match the account's real one.
    fresh = User.objects.get(pk=user.pk)
    client.force_login(fresh, backend="django.contrib.auth.backends.ModelBackend")
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


def _task_state(task: Any) -> tuple[Any, ...]:
    task.refresh_from_db()
    return (
        task.assignee_id, task.status, task.progress, task.deadline, task.reports.count(),
        sorted(task.extensions.values_list("id", "status")),
        sorted(task.targets.values_list("id", "measured_value")),
    )  # fmt: skip


def coordinating_unit(client: Any, world: World) -> list[str]:
    """Staff of a phòng named as coordinating unit of another phòng's task open it and comment on it,
    and every other action (assign, report, ask for or decide an extension, measure a target) changes
    nothing: the task services check the write scope of the task's own unit, which the read scope of
    task_detail (the task's unit or a coordinating one) does not imply."""
    from cchc.apps.directives.models import Comment

    task = world.extras["coordinated_task"]
    later = (dt.date.today() + dt.timedelta(days=120)).strftime("%d/%m/%Y")
    payloads = {
        "assign": {"assignee": world.objects["org.User"]["QLVH"].pk},
        "report": {"percent": 50, "text": "Đã làm một nửa."},
        "extend": {"new_deadline": later, "reason": "Chờ số liệu."},
        "extension_approve": {"extension": task.extensions.first().pk, "note": "Đồng ý."},
        "measure": {"target": task.targets.first().pk, "value": "12", "measured_on": later, "source": "Báo cáo"},
    }  # fmt: skip
    problems = []
    for name in ("truongphong.vh", "chuyenvien.vh"):
        _login(client, world.users[name])
        response = client.get(reverse("directives:task_detail", args=[task.pk]))
        if response.status_code != 200:
            problems.append(f"{name} cannot open a task their unit coordinates ({response.status_code})")
        for action, data in payloads.items():
            before = _task_state(task)
            response = client.post(reverse("directives:task_action", args=[task.pk, action]), data)
            if response.status_code >= 500 or _task_state(task) != before:
                problems.append(f"{name} could {action} a task their unit only coordinates")
        client.post(
            reverse("directives:task_action", args=[task.pk, "comment"]), {"text": "Ý kiến phối hợp."}
        )
        if not Comment.objects.filter(task=task, author=world.users[name]).exists():
            problems.append(f"{name} could not comment on a task their unit coordinates")
    return problems


def pending_import_after_move(client: Any, world: World) -> list[str]:
    """A unit head uploads a procedure table for their phòng and is moved to another phòng before opening
    the preview: the unit kept in the session is checked again, the preview is refused."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = world.users["truongphong.vh"]
    _login(client, user)
    table = SimpleUploadedFile(
        "danh-muc.csv", "Mã TTHC,Tên thủ tục\n1.000001,Thủ tục thử\n".encode(), "text/csv"
    )
    response = client.post(
        reverse("procedures:import_upload"), {"unit": world.places["QLVH"].pk, "file": table}
    )
    if response.status_code != 302 or client.get(reverse("procedures:import_preview")).status_code != 200:
        return [
            f"the upload was not taken or its preview not shown ({response.status_code}): the probe cannot run"
        ]
    User.objects.filter(pk=user.pk).update(unit=world.places["QLDL"])
    response = client.get(reverse("procedures:import_preview"))
    return (
        []
        if response.status_code in (403, 404)
        else [f"the preview after a move answered {response.status_code}"]
    )


def _bound(form: Any, **change: Any) -> dict[str, Any]:
    """The POST body a browser sends for ``form`` as shown (its initial values), with ``change``."""
    from django import forms

    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = "" if value is None else value
    return {**data, **change}


def form_choices_outside_scope(client: Any, world: World) -> list[str]:
    """The forms whose unit select is the reason a check after them is listed in UNOBSERVABLE refuse a
    unit of another organisation posted by hand (and take one of the user's own, the control): the
    coordinator moves an account, re-parents a phòng, drafts a letter and uploads a procedure table."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cchc.apps.documents.forms import DraftForm
    from cchc.apps.documents.models import OutgoingDocument
    from cchc.apps.org.forms import UnitForm, UserForm
    from cchc.apps.org.models import Unit

    user = world.users["vanphong"]
    outside, inside = world.places["X"], world.places["QLDL"]
    problems = []

    def attempt(
        what: str, url: str, body: Callable[[Unit], dict[str, Any]], took: Callable[[Unit], bool]
    ) -> None:
        for unit, wanted in ((outside, False), (inside, True)):
            sid = transaction.savepoint()
            _login(client, user)
            response = client.post(url, body(unit))
            got = took(unit)
            transaction.savepoint_rollback(sid)
            if response.status_code >= 500 or got != wanted:
                problems.append(
                    f"{what} in {unit.code}: {'taken' if got else 'refused'} ({response.status_code})"
                )

    account = world.objects["org.User"]["QLVH"]
    attempt(
        "the coordinator moves an account",
        reverse("org:user_edit", args=[account.pk]),
        lambda unit: _bound(UserForm(instance=account, user=user), unit=unit.pk),
        lambda unit: User.objects.get(pk=account.pk).unit_id == unit.pk,
    )
    phong = world.places["QLVH"]
    attempt(
        "the coordinator re-parents a phòng",
        reverse("org:unit_edit", args=[phong.pk]),
        lambda unit: _bound(UnitForm(instance=phong, user=user), parent=unit.pk),
        lambda unit: Unit.objects.get(pk=phong.pk).parent_id == unit.pk,
    )
    attempt(
        "the coordinator drafts a letter",
        reverse("documents:create"),
        lambda unit: _bound(
            DraftForm(user=user),
            unit=unit.pk,
            subject="Về việc thử phạm vi",
            body="Nội dung.",
            signer="",
            recipients="Như trên",
            signatory_name="Lò Thu Hương",
            signatory_position="Chánh Văn phòng",
        ),
        lambda unit: OutgoingDocument.objects.filter(unit=unit, subject="Về việc thử phạm vi").exists(),
    )

    def upload(unit: Unit) -> dict[str, Any]:
        table = SimpleUploadedFile(
            "danh-muc.csv", "Mã TTHC,Tên thủ tục\n1.000001,Thủ tục thử\n".encode(), "text/csv"
        )
        client.session.pop("procedures_import", None)
        return {"unit": unit.pk, "file": table}

    attempt(
        "the coordinator uploads a procedure table",
        reverse("procedures:import_upload"),
        upload,
        lambda unit: (client.session.get("procedures_import") or {}).get("unit") == unit.pk,
    )
    return problems


def overview_unit_filter(client: Any, world: World) -> list[str]:
    """The director's overview measures over the unit chosen in ``?unit=``: a unit outside the user's scope
    (another phòng for a unit head, another organisation for the leader) is refused, one inside is shown."""
    url = reverse("reports:overview")
    problems = []
    cases = [
        ("truongphong.vh", "QLDL", 403), ("truongphong.vh", "QLVH", 200),
        ("giamdoc", "X", 403), ("giamdoc", "QLVH", 200),
    ]  # fmt: skip
    for name, place, expected in cases:
        _login(client, world.users[name])
        status = client.get(url, {"unit": world.places[place].pk}).status_code
        if status != expected:
            problems.append(f"{name} asking the overview of {place}: {status}, expected {expected}")
    return problems


def task_links_scope(client: Any, world: World) -> list[str]:
    """A review finding of another phòng linked to a task: the task page's "Liên quan" card shows it to
    whoever may see that phòng's round (the leader), not to the task unit's own head."""
    from .world import marker

    task = world.objects["directives.Task"]["QLVH"]
    item = world.objects["institutions.ReviewItem"]["QLDL"]
    problems = []
    with transaction.atomic():
        type(item).objects.filter(pk=item.pk).update(task=task)
        other = marker(world.places["QLDL"])
        for name, shown in (("truongphong.vh", False), ("giamdoc", True)):
            _login(client, world.users[name])
            html = client.get(reverse("directives:task_detail", args=[task.pk])).content.decode()
            if (other in html) != shown:
                problems.append(
                    f"{name} on a QLVH task {'does not see' if shown else 'sees'} the QLDL finding"
                )
        transaction.set_rollback(True)
    return problems


PROBES: dict[str, Callable[[Any, World], list[str]]] = {
    "role and password (vanphong)": lambda client, world: role_and_password(client, world, "vanphong"),
    "self-approval": self_approval,
    "own extension": own_extension,
    "coordinating unit": coordinating_unit,
    "pending import after a move": pending_import_after_move,
    "form choices outside the scope": form_choices_outside_scope,
    "overview unit filter": overview_unit_filter,
    "task links scope": task_links_scope,
}
