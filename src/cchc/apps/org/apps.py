from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "cchc.apps.org"
    label = "org"
    verbose_name = _("Tổ chức và người dùng")
    nav_items = [(_("Tổ chức"), "org:unit_list", "org.view", 90)]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from cchc.apps.core.measures import register

        from .measures import sources
        from .models import ImportBatch, StaffingQuota, Unit, UnitChange, User

        auditlog.register(Unit)
        auditlog.register(UnitChange, m2m_fields={"sources", "targets"})
        auditlog.register(StaffingQuota)
        auditlog.register(ImportBatch)
        register(*sources())
        auditlog.register(User, exclude_fields=["password", "last_login"])
