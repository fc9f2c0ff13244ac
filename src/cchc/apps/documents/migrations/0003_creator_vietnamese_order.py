"""Archive files created before names were printed in Vietnamese order carry "Thu Hương Lò" as
Creator (User.get_full_name used Django's first-last order): rewrite those to "Lò Thu Hương"."""

from django.db import migrations


def forwards(apps, schema_editor):
    User = apps.get_model("org", "User")
    ArchiveFile = apps.get_model("documents", "ArchiveFile")
    for user in User.objects.exclude(first_name="").exclude(last_name=""):
        western = f"{user.first_name} {user.last_name}"
        vietnamese = f"{user.last_name} {user.first_name}"
        ArchiveFile.objects.filter(creator=western).update(creator=vietnamese[:30])


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_data_relative_paths"),
        ("org", "0002_system_role"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
