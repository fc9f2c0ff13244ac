from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "cchc.apps.procedures"
    label = "procedures"
    verbose_name = _("Thủ tục hành chính")
    nav_module = (_("Thủ tục hành chính"), 20)
    nav_items = [
        (_("Thủ tục hành chính"), "procedures:procedure_list", "procedures.view", 20),
        (_("Chỉ tiêu đơn giản hóa"), "procedures:dashboard", "procedures.view", 21),
        (_("Nhập danh mục"), "procedures:import_upload", "procedures.manage", 22),
    ]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Procedure)
        for model in (
            models.Decision,
            models.SimplificationPlan,
            models.CostParameter,
            models.CostRecord,
            models.CostAction,
        ):
            auditlog.register(model)
        auditlog.register(models.ImportBatch, exclude_fields=["headers"])
        auditlog.register(models.RejectedRow)

        from cchc.apps.core.measures import register

        from .measures import sources

        register(*sources())

    def home_widget(self, user) -> dict | None:
        from django.urls import reverse

        from cchc.apps.org.access import has_capability
        from cchc.domain.numbers import format_percent
        from cchc.domain.target_status import TargetState

        from . import selectors

        if not has_capability(user, "procedures.view"):
            return None
        data = selectors.portfolio(user=user, year=None)
        met = sum(1 for row in data.checks if row.state is TargetState.MET)
        time = data.summary.time.percent
        return {
            "title": _("Chỉ tiêu đơn giản hóa TTHC %(y)s") % {"y": data.year},
            "value": f"{met}/{len(data.checks)}",
            "detail": _("Thời gian giải quyết TTHC giảm %(p)s") % {"p": format_percent(time)}
            if time is not None
            else _("Chưa có phương án đơn giản hóa"),
            "url": reverse("procedures:dashboard"),
        }
