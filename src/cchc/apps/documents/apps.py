from __future__ import annotations

import datetime as dt

from django.apps import AppConfig
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cchc.domain.numbers import format_number, format_percent


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

        from cchc.apps.core.measures import register

        from .measures import sources

        register(*sources())

        from cchc.apps.core import task_links

        from .task_links import answering_documents

        task_links.register(answering_documents)
        _register_downloads()

    def home_widget(self, user) -> dict | None:  # type: ignore[no-untyped-def]
        """KPI card: share of non-secret documents issued electronically with a digital signature."""
        from cchc.apps.org.access import has_capability

        from .selectors import KPI_TARGET, e_signature_kpi

        if not has_capability(user, "documents.view"):
            return None
        year = timezone.localdate().year
        _rows, total = e_signature_kpi(user=user, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
        value = format_percent(total.share)
        detail = gettext("%(signed)s/%(issued)s văn bản đi năm %(year)s phát hành điện tử có ký số (chỉ tiêu %(target)s)") % {
            "signed": format_number(total.electronic_signed), "issued": format_number(total.issued),
            "year": year, "target": format_percent(KPI_TARGET),
        }  # fmt: skip
        return {
            "title": gettext("Văn bản điện tử ký số"),
            "value": value,
            "detail": detail,
            "url": reverse("documents:kpi"),
        }


def _register_downloads() -> None:
    """Every stored file of the app, downloadable only by those who may see its document."""
    from cchc.apps.core.downloads import StoredFile, register
    from cchc.apps.org.access import scope_queryset

    from . import models, selectors

    def outgoing(user):  # type: ignore[no-untyped-def]
        return selectors.documents(user=user)

    def stem(document) -> str:  # type: ignore[no-untyped-def]
        return (document.number_symbol or f"du-thao-{document.pk}").replace("/", "-")

    register(
        StoredFile("van-ban-docx", "documents.OutgoingDocument", "docx", "documents.view", outgoing,
                   filename=lambda d: f"{stem(d)}.docx"),
        StoredFile("van-ban-trinh-ky", "documents.OutgoingDocument", "pdf", "documents.view", outgoing,
                   filename=lambda d: f"{stem(d)}-trinh-ky.pdf"),
        StoredFile("van-ban-da-ky", "documents.OutgoingDocument", "signed_pdf", "documents.view", outgoing,
                   filename=lambda d: f"{stem(d)}.pdf"),
        StoredFile(
            "van-ban-den", "documents.IncomingDocument", "pdf", "documents.view",
            lambda user: scope_queryset(user, models.IncomingDocument.objects.all(), "receiving_unit"),
            unit="receiving_unit", filename=lambda d: f"van-ban-den-{d.year}-{d.arrival_number}.pdf",
        ),
        StoredFile(
            "luu-tru", "documents.ArchivedItem", "file", "documents.view",
            lambda user: models.ArchivedItem.objects.filter(archive_file__in=selectors.archive_files(user=user)),
            unit="archive_file__unit",
        ),
    )  # fmt: skip
