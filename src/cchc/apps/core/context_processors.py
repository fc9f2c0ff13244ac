"""Navigation by module: each app's AppConfig lists ``nav_items`` (label, url name, capability, order)."""

from __future__ import annotations

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from cchc.apps.org.access import has_capability


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for config in apps.get_app_configs():
        for label, url_name, capability, order in getattr(config, "nav_items", []):
            if not has_capability(user, capability):
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            items.append(
                {
                    "label": label,
                    "url": url,
                    "order": order,
                    "active": (url != "/" and request.path.startswith(url)) or request.path == url,
                }
            )
    items.sort(key=lambda item: item["order"])
    return {"nav_items": items}
