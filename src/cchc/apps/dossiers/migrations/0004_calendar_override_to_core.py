"""CalendarOverride now belongs to core (core 0002); only the migration state forgets it here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0003_import_job_lease"),
        ("core", "0002_calendar_override_from_dossiers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CalendarOverride")],
            database_operations=[],
        ),
    ]
