from django.contrib import admin

from . import models


class TaskInline(admin.TabularInline):
    model = models.Task
    fields = ["number", "summary", "unit", "assignee", "status", "deadline", "progress"]
    extra = 0
    show_change_link = True


@admin.register(models.Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "issued_on", "subject", "unit"]
    search_fields = ["number", "subject"]
    inlines = [TaskInline]


@admin.register(models.Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["__str__", "unit", "assignee", "status", "due_on", "progress"]
    list_filter = ["status", "unit"]
    raw_id_fields = ["directive", "assignee", "parent"]


admin.site.register(models.Target)
admin.site.register(models.ExtensionRequest)
