from django.contrib import admin

from .models import ImportJob, UnitCodeAlias


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = [
        "file_name",
        "source",
        "status",
        "imported",
        "updated",
        "quarantined",
        "user",
        "created_at",
    ]
    list_filter = ["status", "source"]
    readonly_fields = ["file_path", "store_job_id"]


@admin.register(UnitCodeAlias)
class UnitCodeAliasAdmin(admin.ModelAdmin):
    list_display = ["external_code", "source", "unit"]
    search_fields = ["external_code", "unit__name"]
