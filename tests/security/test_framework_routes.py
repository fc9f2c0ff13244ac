"""The framework's routes (Django admin, login and password pages, language switch, API docs) × every
account: the admin site answers only staff, the rest answers everyone without a 500."""

from __future__ import annotations

from .routes import all_routes


def test_framework_routes_answer_every_account_as_listed(client, world):
    client.raise_request_exception = False
    routes = [r for r in all_routes() if r.framework and not r.args]
    assert len(routes) > 30
    problems = []
    for name, user in world.users.items():
        for route in routes:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            response = client.get("/" + route.pattern)
            status = response.status_code
            if status >= 500:
                problems.append(f"{route.label} as {name}: {status}")
            elif route.framework == "staff" and not route.pattern.startswith(
                ("quan-tri/login", "quan-tri/logout")
            ):
                if (
                    user.is_staff
                    and status in (302, 403)
                    and "/quan-tri/login/" in response.get("Location", "")
                ):
                    problems.append(f"{route.label} as {name} (staff): sent to the admin login")
                if not user.is_staff and not (
                    status == 302 and "/quan-tri/login/" in response.get("Location", "")
                ):
                    problems.append(f"{route.label} as {name}: {status}, not the admin login")
    assert not problems, "\n".join(problems)
