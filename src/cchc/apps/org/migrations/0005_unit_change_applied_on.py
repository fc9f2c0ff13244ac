from django.db import migrations, models
from django.utils import timezone


def applied_when_recorded(apps, schema_editor):
    """Every change recorded before this field existed was applied to the tree the moment it was recorded."""
    UnitChange = apps.get_model("org", "UnitChange")
    for change in UnitChange.objects.all():
        change.applied_on = (
            timezone.localdate(change.created_at) if change.created_at else change.effective_on
        )
        change.save(update_fields=["applied_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0004_staffing_quota"),
    ]

    operations = [
        migrations.AddField(
            model_name="unitchange",
            name="applied_on",
            field=models.DateField(blank=True, null=True, verbose_name="ngày áp dụng vào cây tổ chức"),
        ),
        migrations.RunPython(applied_when_recorded, migrations.RunPython.noop),
    ]
