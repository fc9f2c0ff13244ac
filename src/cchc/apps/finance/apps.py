from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "cchc.apps.finance"
    label = "finance"
    verbose_name = _("Tài chính công, tài sản công")
    nav_module = (_("Tài chính công"), 70)
    nav_items = [
        (_("Công khai ngân sách"), "finance:register", "finance.view", 70),
        (_("Tự chủ tài chính"), "finance:autonomy", "finance.view", 71),
        (_("Tài sản công"), "finance:assets", "finance.view", 72),
        (_("Nhập từ Excel"), "finance:import_upload", "finance.manage", 73),
    ]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from cchc.apps.core.measures import register

        from . import models
        from .measures import sources

        for model in (models.Disclosure, models.AutonomyRecord, models.Asset, models.ImportBatch):
            auditlog.register(model)
        register(*sources())
        _register_downloads()

    def home_widget(self, user) -> dict | None:  # type: ignore[no-untyped-def]
        from django.urls import reverse
        from django.utils import timezone

        from cchc.apps.org.access import has_capability

        from . import selectors

        if not has_capability(user, "finance.view"):
            return None
        year = timezone.localdate().year
        late = selectors.late_or_missing(user=user, year=year)
        return {
            "title": _("Công khai ngân sách %(y)s") % {"y": year},
            "value": str(len(late)),
            "detail": _("nghĩa vụ công khai quá hạn hoặc trễ hạn")
            if late
            else _("Không có nghĩa vụ quá hạn"),
            "url": reverse("finance:register") + f"?year={year}",
        }


def _register_downloads() -> None:
    """The uploaded proof of publication of a disclosure, downloadable by who sees the disclosure."""
    from cchc.apps.core.downloads import StoredFile, register
    from cchc.apps.org.access import scope_queryset

    from .models import Disclosure

    register(
        StoredFile("minh-chung-cong-khai", "finance.Disclosure", "proof_file", "finance.view",
                   lambda user: scope_queryset(user, Disclosure.objects.all())),
    )  # fmt: skip
