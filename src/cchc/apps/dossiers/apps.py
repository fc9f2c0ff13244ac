from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cchc.domain.numbers import format_number


class DossiersConfig(AppConfig):
    name = "cchc.apps.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ và Chỉ số 766")
    nav_module = (_("Hồ sơ, Chỉ số 766"), 30)
    nav_items = [
        (_("Chỉ số 766"), "dossiers:dashboard", "indicators.view", 30),
        (_("Nhập hồ sơ"), "dossiers:import_list", "dossiers.import", 32),
        (_("Đối chiếu với Cổng DVCQG"), "dossiers:portal_list", "indicators.view", 34),
        (_("Nguồn tự động"), "dossiers:feed_list", "dossiers.import", 33),
    ]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.ImportJob, exclude_fields=["rows_done", "rows_total", "started_at"])
        auditlog.register(models.UnitCodeAlias)
        auditlog.register(models.ColumnProfile)
        auditlog.register(models.PortalImport)

        from cchc.apps.core.measures import register_provider

        from .measures import sources

        register_provider(sources)  # one source per 766 indicator entry, as the entries are now

        from cchc.apps.core.calendar import calendar_changed

        from .services import refresh_store_calendar

        calendar_changed.connect(refresh_store_calendar, dispatch_uid="dossiers-store-calendar")

        auditlog.register(models.Feed, exclude_fields=["observed", "last_scan_at"])
        from cchc.apps.core import periodic

        from . import feeds

        # The watch of the drop folders, every CCHC_DOSSIERS_FEED_SCAN_SECONDS in `cchc worker`.
        periodic.register("dossiers.feeds", feeds.scan_seconds, feeds.scan_feeds)

    def home_widget(self, user: Any) -> dict | None:
        """The 766 total of the user's scope (the Sở, or their own unit) for the current year."""
        from django.urls import reverse
        from django.utils import timezone

        from cchc.apps.org.access import has_capability

        from . import selectors
        from .storage import StoreBusy

        if not has_capability(user, "indicators.view"):
            return None
        year = timezone.localdate().year
        unit = None if selectors.is_org_wide(user) else user.unit
        try:
            cards = selectors.unit_cards(user=user, period=str(year), unit=unit, per_unit=False)
        except StoreBusy:
            return None
        if not cards:
            return None
        card = cards[0]
        total = format_number(card.total, 2)
        return {
            "title": _("Chỉ số 766 năm %(y)s") % {"y": year},
            "value": total,
            "detail": _("%(n)s hồ sơ, %(late)s trễ hạn")
            % {
                "n": format_number(card.counts["received"]),
                "late": format_number(card.late),
            },
            "url": reverse("dossiers:scorecard"),
        }
