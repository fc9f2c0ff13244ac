"""REST API (django-ninja, OpenAPI at /api/docs with Swagger UI served locally, not from a CDN).

Each app may define ``cchc.apps.<app>.api.router`` (a ninja Router); it is mounted at ``/api/<app>/``.
Authentication is the Django session (same permissions as the UI: endpoints call cchc.apps.org.access).
The schema and its pages (/api/docs, /api/openapi.json) are for signed-in users only: they map every
endpoint of the installation.
"""

from __future__ import annotations

import importlib

from django.apps import apps
from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI
from ninja.security import django_auth

from cchc.api.errors import install as install_error_handlers

api = NinjaAPI(
    title="cchc API",
    version="1",
    description="API điều hành cải cách hành chính: chỉ đạo, nhiệm vụ, TTHC, hồ sơ, chỉ số 766, văn bản.",
    auth=django_auth,
    docs_decorator=login_required,
    urls_namespace="api",
)
install_error_handlers(api)  # every failure answers {"detail": "<Vietnamese>"}, never a traceback


def _mount_app_routers() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("cchc.apps."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(f"/{config.label}/", router)


_mount_app_routers()
