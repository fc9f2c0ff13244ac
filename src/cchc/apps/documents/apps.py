from __future__ import annotations

import datetime as dt

from django.apps import AppConfig
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "cchc.apps.documents"
    label = "documents"
    verbose_name = _("Văn bản và lưu trữ")
    nav_module = (_("Văn bản"), 50)
    nav_items = [(_("Văn bản"), "documents:list", "documents.view", 50)]

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Register, models.NumberSeries, models.SigningKey, models.OutgoingDocument,
            models.IncomingDocument, models.SignatureRecord, models.ArchiveFile, models.ArchivedItem,
        ):  # fmt: skip
            auditlog.register(model)

    def home_widget(self, user) -> dict | None:  # type: ignore[no-untyped-def]
        """KPI card: share of non-secret documents issued electronically with a digital signature."""
        from cchc.apps.org.access import has_capability

        from .selectors import KPI_TARGET, e_signature_kpi

        if not has_capability(user, "documents.view"):
            return None
        year = timezone.localdate().year
        _rows, total = e_signature_kpi(user=user, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
        value = f"{total.share:g} %" if total.share is not None else "—"
        detail = _t("%(signed)d/%(issued)d văn bản đi năm %(year)d phát hành điện tử có ký số (chỉ tiêu %(target)g %%)") % {
            "signed": total.electronic_signed, "issued": total.issued, "year": year, "target": KPI_TARGET,
        }  # fmt: skip
        return {
            "title": _t("Văn bản điện tử ký số"),
            "value": value,
            "detail": detail,
            "url": reverse("documents:kpi"),
        }
