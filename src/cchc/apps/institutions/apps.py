from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "cchc.apps.institutions"
    label = "institutions"
    verbose_name = _("Rà soát, hệ thống hóa văn bản quy phạm pháp luật")
    nav_module = (_("Thể chế"), 75)
    nav_items = [
        (_("Danh mục văn bản"), "institutions:document_list", "institutions.view", 75),
        (_("Rà soát, hệ thống hóa"), "institutions:round_list", "institutions.view", 76),
        (_("Nhập từ Excel"), "institutions:import_upload", "institutions.manage", 77),
    ]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from cchc.apps.core.measures import register

        from . import models
        from .measures import sources

        for model in (models.LegalDocument, models.ReviewRound, models.ReviewItem, models.ImportBatch):
            auditlog.register(model)
        register(*sources())

        from cchc.apps.core import task_links

        from .task_links import review_findings

        task_links.register(review_findings)
