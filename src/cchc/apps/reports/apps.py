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
    nav_items = [
        (_("Tổng quan của lãnh đạo"), "reports:overview", "reports.view", 12),
        (_("Báo cáo CCHC định kỳ"), "reports:report_list", "reports.view", 13),
    ]

    def ready(self) -> None:
        """The periodic reports: audited (django-auditlog) and measured (reports.on_time_share); the
        overview's kept figures renewed on every write of a measuring app."""
        from auditlog.registry import auditlog

        from cchc.apps.core.measures import register

        from . import models
        from .measures import sources

        auditlog.register(models.Report)
        register(*sources())
        # A saved or deleted row of a measuring app renews the data version of the kept figures.
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import measure_cache

        post_save.connect(measure_cache.on_change, dispatch_uid="reports-measured-save")
        post_delete.connect(measure_cache.on_change, dispatch_uid="reports-measured-delete")
        m2m_changed.connect(measure_cache.on_change, dispatch_uid="reports-measured-m2m")

    def home_page(self, request):  # type: ignore[no-untyped-def]
        """The leader's home is the director's overview (the other roles keep the home of cards)."""
        from cchc.apps.org.access import has_capability, is_director

        user = request.user
        if not is_director(user) or not has_capability(user, "reports.view"):
            return None
        from .views.overview import overview_page

        return overview_page(request, home=True)

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
