from django.contrib import admin

from . import models


@admin.register(models.Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "field", "level", "is_internal", "unit", "status"]
    list_filter = ["level", "is_internal", "status", "online_level"]
    search_fields = ["code", "name"]


@admin.register(models.SimplificationPlan)
class PlanAdmin(admin.ModelAdmin):
    list_display = [
        "procedure",
        "year",
        "unit",
        "reviewed",
        "time_before",
        "time_after",
        "cost_before",
        "cost_after",
    ]
    list_filter = ["year", "reviewed"]


@admin.register(models.ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["file_name", "kind", "unit", "imported_count", "created_by", "created_at"]


for model in (
    models.Decision,
    models.ProcedureVersion,
    models.CostParameter,
    models.RejectedRow,
    models.CostRecord,
    models.CostAction,
):
    admin.site.register(model)
