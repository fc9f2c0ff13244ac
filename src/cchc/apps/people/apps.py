from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "cchc.apps.people"
    label = "people"
    verbose_name = _("Cán bộ, đào tạo, đánh giá")
    nav_module = (_("Cán bộ"), 60)
    nav_items = [
        (_("Hồ sơ cán bộ"), "people:staff_list", "people.view", 60),
        (_("Bồi dưỡng kỹ năng số"), "people:training", "people.view", 61),
        (_("Đánh giá của tôi"), "people:my_evaluation", "evaluation.self", 62),
        (_("Đánh giá, xếp loại"), "people:evaluation_list", "evaluation.view", 63),
        (_("Xếp loại năm"), "people:annual", "evaluation.view", 64),
        (_("Nhập từ Excel"), "people:import_upload", "people.manage", 65),
    ]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from cchc.apps.core.measures import register

        from . import models
        from .measures import sources

        for model in (
            models.StaffRecord,
            models.Course,
            models.Attendance,
            models.DisciplineRecord,
            models.Evaluation,
            models.TaskGrade,
            models.AnnualRating,
            models.ImportBatch,
        ):
            auditlog.register(model)
        register(*sources())
        _check_settings()


def _check_settings() -> None:
    """A wrong criteria set, period or training rule is refused at start-up, in Vietnamese."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    from cchc.domain.people import evaluation, training

    if settings.PEOPLE_EVALUATION_SCHEME not in evaluation.schemes():
        raise ImproperlyConfigured(
            f"CCHC_PEOPLE_EVALUATION_SCHEME = “{settings.PEOPLE_EVALUATION_SCHEME}” không có trong "
            f"evaluation_schemes.toml (có: {', '.join(evaluation.schemes())})."
        )
    if settings.PEOPLE_EVALUATION_PERIOD not in ("quarter", "month"):
        raise ImproperlyConfigured(
            "CCHC_PEOPLE_EVALUATION_PERIOD phải là “quarter” (quý) hoặc “month” (tháng)."
        )
    if settings.PEOPLE_DIGITAL_SKILLS_RULE not in training.Rule.__members__.values():
        raise ImproperlyConfigured(
            "CCHC_PEOPLE_DIGITAL_SKILLS_RULE phải là “course” (hoàn thành khóa học) hoặc “certificate” (có chứng nhận)."
        )
