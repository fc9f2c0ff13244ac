"""Background jobs (django-tasks): thin, take IDs, safe to run twice (a worker that dies mid-job is
replaced and the job runs again: cchc.apps.core.jobs)."""

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


@task()
def issue_document(document_id: int, user_id: int) -> str:
    """Number, seal (organisation signature) and issue a signed document on behalf of ``user_id`` (the
    văn thư) — the "Ban hành" step run by the worker. Safe to run again after a crash anywhere:
    :func:`~cchc.apps.documents.services.signing.seal_and_issue` takes the number, signs and changes the
    status in one transaction, so a run killed before its commit leaves neither number nor signature and
    the next run numbers it once; a run after the commit finds the document issued and does nothing."""
    from cchc.apps.core.jobs import acting_as
    from cchc.apps.org.models import User

    from .models import OutgoingDocument, Status
    from .services.signing import seal_and_issue

    document = OutgoingDocument.objects.get(pk=document_id)
    if document.status != Status.ISSUED:
        user = User.objects.get(pk=user_id)
        with acting_as(user):
            document = seal_and_issue(user=user, document=document)
    return document.number_symbol
