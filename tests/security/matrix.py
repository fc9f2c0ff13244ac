"""Route × role × object cases, the answer access.py expects for each, and a runner.

For each project route (``routes.project_routes``), each account of ``world.ROLE_USERS`` and each method
the route takes (GET when it declares ``read``, POST when it declares ``write``; a POST-only route is also
asked a GET, which must answer 405), the URL arguments are filled from the declaration: an object
argument once with an object inside the user's scope and once with one outside it (a sibling phòng for
a phòng's staff, another Sở for the organisation-wide roles), a value argument with each of its values.

Expected, from ``cchc.apps.org.access`` alone:

* ``denied``  — the user lacks the declared capability: exactly 403 (or, where the view reports the
  refusal as a message on a redirect, a "không có quyền" message);
* ``hidden``  — the capability is held but the object lies outside the user's scope (for writes, the
  write scope: an auditor writes nowhere): 403 or 404 (or the refusal message);
* ``allowed`` — anything but 403/404/405/5xx and no refusal message; the response must also not show
  a marker of a unit outside the user's scope (``World.leaks``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.messages import ERROR
from django.db import transaction

from cchc.apps.org.access import PUBLIC, Obj, allows, can_access_unit
from cchc.apps.org.models import User

from .routes import Route, project_routes
from .world import World, readable_text

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # fmt: skip


def _later(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).strftime("%d/%m/%Y")


# POST bodies for routes whose refusal happens only past a valid form (keyed by "<view>:<value>"); the
# other routes are posted empty, which every form refuses after the view's own checks have run.
def _task_payloads(world: World, kw: dict[str, Any]) -> dict[str, Any]:
    task = kw["pk"]
    return {
        "assign": {"assignee": world.objects["org.User"][_place_of(world, task)].pk},
        "report": {"percent": 50, "text": "Đã làm một nửa."},
        "approve": {"note": "Đồng ý."},
        "return": {"note": "Bổ sung."},
        "extend": {"new_deadline": _later(120), "reason": "Chờ số liệu."},
        "extension_approve": {"extension": task.extensions.first().pk, "note": "Đồng ý."},
        "extension_reject": {"extension": task.extensions.first().pk, "note": "Không."},
        "comment": {"text": "Ý kiến."},
        "measure": {
            "target": task.targets.first().pk,
            "value": "12",
            "measured_on": _later(0),
            "source": "Báo cáo",
        },
    }[kw["action"]]


def _place_of(world: World, obj: Any) -> str:
    for label in world.objects.values():
        for place, o in label.items():
            if o == obj:
                return place
    raise LookupError(obj)


def post_body(route: Route, world: World, kw: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """(data, content_type) for a write request; content_type None means a form post."""
    name = route.view.__name__
    if route.api and name == "task_report_progress":
        return {"percent": 10, "text": "Tiến độ."}, "application/json"
    if route.api and name == "verify":
        from django.core.files.uploadedfile import SimpleUploadedFile

        return {"file": SimpleUploadedFile("a.pdf", PDF, "application/pdf")}, None
    if name == "task_action":
        return _task_payloads(world, kw), None
    return {}, None


@dataclass(frozen=True)
class Case:
    route: Route
    username: str
    method: str
    kwargs: tuple[tuple[str, Any], ...]
    expect: str  # "denied" | "hidden" | "allowed" | "405"
    where: str  # "own" / "other" / "" — which object filled the route

    @property
    def url(self) -> str:
        path, query = self.route.pattern, []
        for name, value in self.kwargs:
            if name.startswith("?"):
                if value is not None:
                    query.append(f"{name[1:]}={_key(value)}")
                continue
            path = re.sub(rf"<(?:\w+:)?{name}>", str(_key(value)), path)
        return "/" + path + ("?" + "&".join(query) if query else "")

    def __str__(self) -> str:
        return f"{self.method} {self.url} as {self.username} ({self.where or '-'}): expected {self.expect}"


def _key(value: Any) -> Any:
    return getattr(value, "_url_key", None) or getattr(value, "pk", value)


def _requirement(route: Route, method: str, kw: dict[str, Any]) -> str | None:
    access = route.access
    assert access is not None
    if method == "GET":
        return access.read
    if isinstance(access.write, dict):
        arg = next(n for n, v in access.args.items() if isinstance(v, tuple) and set(v) == set(access.write))
        return access.write[kw[arg]]
    return access.write


def _fills(route: Route, world: World, user: User, write: bool) -> Iterator[tuple[dict[str, Any], bool, str]]:
    """(kwargs, in_scope, where) for each way of filling the route's arguments for ``user``."""
    access = route.access
    assert access is not None
    options: list[list[tuple[str, Any, bool, str]]] = []
    for name in [*route.args, *(f"?{q}" for q in access.query)]:
        spec = access.query[name[1:]] if name.startswith("?") else access.args[name]
        if isinstance(spec, tuple):
            options.append([(name, v, True, "") for v in spec])
            continue
        assert isinstance(spec, Obj)
        if spec.owner is not None:
            if spec.model not in world.owned:
                raise AssertionError(
                    _missing(route, spec.model, "world.owned[label][username]: one per account")
                )
            mine = world.owned[spec.model][user.username]
            others = [o for n, o in world.owned[spec.model].items() if n != user.username]
            if spec.key != "pk":
                mine._url_key = getattr(mine, spec.key)  # type: ignore[attr-defined]
                options.append([(name, mine, True, "own")])  # a secret key stands for a login: no "other"
                continue
            options.append([(name, mine, True, "own"), (name, others[0], False, "other")])
            continue
        if spec.unit is None:
            if spec.model not in world.singles:
                raise AssertionError(_missing(route, spec.model, "world.singles[label]: the one object"))
            options.append([(name, world.singles[spec.model], True, "")])
            continue
        inside, outside = [], []
        for place, obj in world.objects.get(spec.model, {}).items():
            unit = world.unit_of(obj, spec)
            (inside if can_access_unit(user, unit, write=write) else outside).append((place, obj))
        own_place = next((p for p, u in world.places.items() if u == user.unit), None)
        inside.sort(key=lambda po: po[0] != own_place)
        outside.sort(key=lambda po: po[0] == "X")  # a sibling phòng first, another Sở last
        row = [(name, None, True, "")] if name.startswith("?") else []  # a query parameter may be left out
        if inside:
            row.append((name, inside[0][1], True, "own"))
        if outside:
            row.append((name, outside[0][1], False, "other"))
        if not inside and not outside:
            raise AssertionError(_missing(route, spec.model, "put(label, place, obj) for each of PLACES"))
        options.append(row)
    combos: list[list[tuple[str, Any, bool, str]]] = [[]]
    for row in options:
        combos = [[*c, o] for c in combos for o in row]
    for combo in combos:
        yield (
            {n: v for n, v, _, _ in combo},
            all(ok for _, _, ok, _ in combo),
            ",".join(w for *_, w in combo if w),
        )


def _missing(route: Route, model: str, how: str) -> str:
    return (
        f"{route.label} names a {model} in its @declare, and the test world has none. Add one in "
        f"tests/security/world.py (build_world): {how}, with marker(unit) in a text field "
        f"(docs/architecture.md, Phân quyền, bộ kiểm thử đối kháng)."
    )


def cases(world: World, routes: list[Route] | None = None) -> list[Case]:
    out: list[Case] = []
    for route in routes if routes is not None else project_routes():
        access = route.access
        assert access is not None
        methods = []
        if access.read is not None and (not route.methods or "GET" in route.methods):
            methods.append("GET")
        elif "GET" not in route.methods:
            methods.append("GET!")  # the route takes no GET: 405
        if access.write is not None:
            methods.append("POST")
        for username, user in world.users.items():
            for method in methods:
                write = method == "POST"
                for kw, in_scope, where in _fills(route, world, user, write):
                    if method == "GET!":
                        expect = "405"
                    else:
                        req = _requirement(route, method, kw)
                        if req == PUBLIC:
                            expect = "allowed"
                        elif not allows(user, req or ""):
                            expect = "denied" if in_scope else "hidden"
                        elif not in_scope:
                            expect = "hidden"
                        else:
                            expect = "allowed"
                    out.append(Case(route, username, method.rstrip("!"), tuple(kw.items()), expect, where))
    return out


def _refusal_message(response: Any) -> bool:
    """A refusal reported as a message on the redirect (added by this request, not an earlier one)."""
    storage = getattr(getattr(response, "wsgi_request", None), "_messages", None)
    added = getattr(storage, "_queued_messages", [])
    return any(m.level >= ERROR and "quyền" in str(m.message) for m in added)


def check(case: Case, response: Any, world: World) -> str | None:
    """None when the response is what access.py expects, else why not."""
    status = response.status_code
    refused = _refusal_message(response)
    if status >= 500:
        return f"{case}: got {status}"
    if case.expect == "405":
        return None if status == 405 else f"{case}: got {status}"
    if case.expect == "denied":
        return None if status == 403 or (refused and status in (302, 303)) else f"{case}: got {status}"
    if case.expect == "hidden":
        return None if status in (403, 404) or refused else f"{case}: got {status}"
    if status in (403, 404, 405) and not (status == 404 and not case.kwargs):
        return f"{case}: got {status}"
    if refused:
        return f"{case}: got {status} with a refusal message"
    if status == 200:
        leaks = world.leaks(world.users[case.username], readable_text(response))
        if leaks:
            return f"{case}: shows objects of {leaks}"
    return None


def run(client: Any, world: World, todo: list[Case], *, stop_at_first: bool = False) -> list[str]:
    """Play every case (writes inside a savepoint rolled back afterwards) and return the mismatches."""
    failures: list[str] = []
    client.raise_request_exception = False  # a crash is an answer (500) to report, not an abort
    logging.getLogger("django.request").disabled = True
    try:
        return _run(client, world, todo, failures, stop_at_first)
    finally:
        logging.getLogger("django.request").disabled = False


def _run(client: Any, world: World, todo: list[Case], failures: list[str], stop_at_first: bool) -> list[str]:
    for case in todo:
        user = world.users[case.username]
        if getattr(client, "signed_in_as", None) != case.username:  # one login per user, not per request
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            client.signed_in_as = case.username
        if case.method == "GET":
            response = client.get(case.url)
        else:
            data, content_type = post_body(case.route, world, dict(case.kwargs))
            with transaction.atomic():
                if content_type:
                    response = client.post(case.url, json.dumps(data), content_type=content_type)
                else:
                    response = client.post(case.url, data)
                problem = check(case, response, world)
                transaction.set_rollback(True)
            client.signed_in_as = None  # the write may have changed the session: sign in afresh
            if problem:
                failures.append(problem)
                if stop_at_first:
                    return failures
            continue
        problem = check(case, response, world)
        if problem:
            failures.append(problem)
            if stop_at_first:
                return failures
    return failures
