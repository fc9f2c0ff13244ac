"""Navigation by module.

Each app's AppConfig lists ``nav_items`` (label, url name, capability, order). An app that sets ``nav_module``
(label, order) appears as one entry of the top bar — linking to its first page the user may open — and its
pages form the second bar while one of them is shown. Apps without ``nav_module`` put each item on the top bar.
"""

from __future__ import annotations

from typing import cast

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from cchc.apps.core.templatetags.actions import may_open
from cchc.apps.org.access import has_capability


def _is_active(path: str, url: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_subitems": []}
    namespace = getattr(getattr(request, "resolver_match", None), "namespace", "")
    top: list[dict[str, object]] = []
    subitems: list[dict[str, object]] = []
    for config in apps.get_app_configs():
        items = []
        for label, url_name, capability, order in getattr(config, "nav_items", []):
            if not has_capability(user, capability):
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            if not may_open(user, url):  # the page's own declaration, as for every other action
                continue
            items.append(
                {"label": label, "url": url, "order": order, "active": _is_active(request.path, url)}
            )
        if not items:
            continue
        items.sort(key=lambda item: item["order"])
        # Within a module only the most specific page is highlighted (/van-ban/ho-so/ over /van-ban/).
        active = [item for item in items if item["active"]]
        if len(active) > 1:
            best = max(active, key=lambda item: len(str(item["url"])))
            for item in active:
                item["active"] = item is best
        module = getattr(config, "nav_module", None)
        if module is None:
            top.extend(items)
            continue
        in_module = namespace == config.label or any(item["active"] for item in items)
        label, order = module
        top.append({"label": label, "url": items[0]["url"], "order": order, "active": in_module})
        if in_module and len(items) > 1:
            subitems = items
    top.sort(key=lambda item: cast(int, item["order"]))
    # The header's bell: unread in-app notifications (one indexed count), linking to their list.
    manager = getattr(user, "notifications", None)
    unread = manager.filter(read_at__isnull=True).count() if manager is not None else 0
    return {"nav_items": top, "nav_subitems": subitems, "unread_notifications": unread}
