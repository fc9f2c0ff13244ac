"""Background jobs (django-tasks): thin, take IDs, safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task()
def fixity_check(item_ids: list[int] | None = None) -> dict[str, int]:
    """Re-hash archived files (all, or the given ones); each run adds one FixityCheck per file."""
    from .services.archive import run_fixity_check

    checked, failures = run_fixity_check(item_ids=item_ids)
    return {"checked": checked, "failed": len(failures)}


@task()
def archive_reminders(within_days: int = 30) -> dict[str, int]:
    """E-mail the coordinators the hồ sơ due for archiving within ``within_days`` days."""
    from .selectors import archive_due
    from .services.archive import send_archive_reminders

    return {"due": send_archive_reminders(archive_due(within_days=within_days))}
