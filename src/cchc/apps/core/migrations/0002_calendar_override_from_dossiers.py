"""The working calendar's edited days move from the dossiers app to core, table and rows kept.

State only: core takes the model with ``db_table = "dossiers_calendaroverride"`` (the table is not touched);
dossiers' 0004 drops the model from its state. The content type is renamed so that audit entries and
permissions of existing rows follow the model.
"""

from django.db import migrations, models


def move_content_type(apps, schema_editor, *, old: str = "dossiers", new: str = "core") -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label=new, model="calendaroverride").exists():
        return
    ContentType.objects.using(db).filter(app_label=old, model="calendaroverride").update(app_label=new)


def move_back(apps, schema_editor) -> None:
    move_content_type(apps, schema_editor, old="core", new="dossiers")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("dossiers", "0003_import_job_lease"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CalendarOverride",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("day", models.DateField(unique=True, verbose_name="ngày")),
                        ("working", models.BooleanField(default=False, verbose_name="là ngày làm việc")),
                        ("name", models.CharField(blank=True, max_length=120, verbose_name="tên gọi")),
                        (
                            "source",
                            models.CharField(
                                blank=True,
                                help_text="Ví dụ: Thông báo số …/TB-BNV",
                                max_length=255,
                                verbose_name="căn cứ",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ngày điều chỉnh lịch làm việc",
                        "verbose_name_plural": "lịch làm việc điều chỉnh",
                        "db_table": "dossiers_calendaroverride",
                        "ordering": ["day"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_back),
    ]
