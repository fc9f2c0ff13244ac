from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cchc.apps.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")
    nav_items = [
        (_("Tổng quan"), "home", "dashboard.view", 0),
        (_("Nhật ký thay đổi"), "core:audit_list", "audit.view", 95),
    ]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.CalendarOverride)
