from __future__ import annotations

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The director's overview (issue 23): every measured figure of the registry and every directive target on
    one page. It reads only the registry of measured sources and the other apps' selectors, never their tables."""

    name = "cchc.apps.reports"
    label = "reports"
    verbose_name = _("Tổng quan và báo cáo CCHC")
    nav_items = [(_("Tổng quan của lãnh đạo"), "reports:overview", "reports.view", 12)]

    def home_widget(self, user) -> dict | None:  # type: ignore[no-untyped-def]
        """A card on the home page leading to the director's overview (the leader's one screen)."""
        from cchc.apps.org.access import has_capability

        if not has_capability(user, "reports.view"):
            return None
        return {
            "title": gettext("Tổng quan của lãnh đạo"),
            "value": "→",
            "detail": gettext("Chỉ tiêu của các văn bản chỉ đạo và mọi số liệu đo được trên một trang"),
            "url": reverse("reports:overview"),
        }
