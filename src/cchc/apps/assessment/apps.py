from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "cchc.apps.assessment"
    label = "assessment"
    verbose_name = _("Chỉ số cải cách hành chính")
    nav_module = (_("Chỉ số CCHC"), 60)
    nav_items = [
        (_("Tự đánh giá Chỉ số CCHC"), "assessment:index", "assessment.view", 60),
        (_("Lịch sử theo lĩnh vực"), "assessment:history", "assessment.view", 61),
        (_("Tài liệu kiểm chứng"), "assessment:library", "assessment.view", 62),
        (_("Bộ tiêu chí"), "assessment:sets", "assessment.view", 63),
    ]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.CriteriaSetVersion,
            models.Assessment,
            models.Entry,
            models.EvidenceFile,
            models.Attachment,
        ):
            auditlog.register(model)
        _register_downloads()


def _register_downloads() -> None:
    """Uploaded evidence files, downloadable by those who see the library entry (its unit's scope).
    Files referenced from other modules are downloaded through their own module's download."""
    from cchc.apps.core.downloads import StoredFile, register

    from . import selectors

    register(
        StoredFile("minh-chung-cchc", "assessment.EvidenceFile", "file", "assessment.view",
                   lambda user: selectors.library(user=user)),
    )  # fmt: skip
