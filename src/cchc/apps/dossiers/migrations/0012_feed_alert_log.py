# A quiet-feed alert goes the one path of reminder e-mails (core.mails.send_once): a log row unique per feed ×
# start of the quiet spell, and one FeedAlertMail (core.models.ReminderMailBase) per recipient. The mails of
# 0011 (keyed by feed × spell) are dropped: the feature was introduced the same day, no alert is lost.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0011_feeds"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.DeleteModel(name="FeedAlertMail"),
        migrations.CreateModel(
            name="FeedAlert",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("since", models.DateTimeField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "feed",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="alerts", to="dossiers.feed"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("feed", "since"), name="dossiers_feed_alert_once")
                ],
            },
        ),
        migrations.CreateModel(
            name="FeedAlertMail",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("address", models.EmailField(max_length=254)),
                ("subject", models.CharField(max_length=200)),
                ("body", models.TextField()),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                (
                    "log",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mails",
                        to="dossiers.feedalert",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("log", "user"), name="dossiers_feed_alert_mail_once")
                ],
            },
        ),
    ]
