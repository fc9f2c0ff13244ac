"""Reads of the continuous feeds: the feeds a user may see, each with its last import and whether it has
gone quiet (the dossier dashboard's panel and the feeds' pages)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from cchc.apps.org.access import has_capability, scope_queryset
from cchc.apps.org.models import User

from .models import Feed, FeedFile, FeedFileStatus, ImportJob


def visible_feeds(*, user: User) -> QuerySet[Feed]:
    """The feeds of the units in the user's scope, for those who may import dossier data; none else."""
    if not has_capability(user, "dossiers.import"):
        return Feed.objects.none()
    return scope_queryset(user, Feed.objects.select_related("unit"), "unit")


@dataclass
class FeedState:
    feed: Feed
    last_job: ImportJob | None
    last_file: FeedFile | None
    needs_mapping: list[FeedFile]
    quiet: bool
    last_activity: datetime
    quiet_at: datetime

    @property
    def unknown_rows(self) -> int:
        found = (self.last_job.unknown or {}) if self.last_job else {}
        return sum(sum((found.get(k) or {}).values()) for k in ("units", "procedures"))


def feed_states(*, user: User, now: datetime | None = None) -> list[FeedState]:
    from .feeds import quiet_state

    now = now or timezone.now()
    out = []
    for feed in visible_feeds(user=user):
        files = FeedFile.objects.filter(feed=feed)
        last_file = files.order_by("-received_at", "-pk").first()
        last_job_file = (
            files.filter(job__isnull=False).select_related("job").order_by("-received_at", "-pk").first()
        )
        waiting = list(files.filter(status=FeedFileStatus.NEEDS_MAPPING).order_by("pk")[:5])
        quiet, last, deadline = quiet_state(feed, now=now)
        out.append(
            FeedState(
                feed=feed,
                last_job=last_job_file.job if last_job_file else None,
                last_file=last_file,
                needs_mapping=waiting,
                quiet=quiet and feed.enabled,
                last_activity=last,
                quiet_at=deadline,
            )
        )
    return out


def feed_files(*, feed: Feed) -> QuerySet[FeedFile]:
    return (
        FeedFile.objects.filter(feed=feed)
        .select_related("job", "duplicate_of")
        .order_by("-received_at", "-pk")
    )
