from django.contrib import admin

from . import models


@admin.register(models.SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    list_display = ["label", "owner", "organisation", "kind", "is_active", "demo"]


@admin.register(models.OutgoingDocument)
class OutgoingDocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "status", "issue_date", "digitally_signed"]
    list_filter = ["status", "doc_type", "digitally_signed"]
    search_fields = ["subject", "symbol"]


for model in (
    models.Register, models.NumberSeries, models.IncomingDocument, models.SignatureRecord, models.ArchiveFile,
    models.ArchivedItem, models.FixityCheck,
):  # fmt: skip
    admin.site.register(model)
