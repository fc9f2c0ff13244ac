from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "cchc.apps.institutions"
    label = "institutions"
    verbose_name = _("Rà soát, hệ thống hóa văn bản quy phạm pháp luật")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from cchc.apps.core.measures import register

        from . import models
        from .measures import sources

        for model in (models.LegalDocument, models.ReviewRound, models.ReviewItem):
            auditlog.register(model)
        register(*sources())
