"""Creating directives and their tasks: by hand or from a confirmed import draft."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.apps.org.access import check_unit, has_capability, require_capability
from cchc.apps.org.models import Unit, User

from ..models import (
    Directive,
    ImportDraft,
    Target,
    Task,
)
from .calendar import due_date_for
from .inputs import DirectiveInput, TaskInput


def _validate_tasks(*, user: User, directive: DirectiveInput, tasks: list[TaskInput]) -> None:
    errors: list[str] = []
    for i, t in enumerate(tasks, start=1):
        label = t.number or str(i)
        if not t.summary.strip():
            errors.append(_("Nhiệm vụ %(n)s: chưa có nội dung nhiệm vụ.") % {"n": label})
        if not t.units:
            errors.append(_("Nhiệm vụ %(n)s: chưa chọn đơn vị chủ trì.") % {"n": label})
        if t.deadline and directive.issued_on and t.deadline < directive.issued_on:
            errors.append(
                _("Nhiệm vụ %(n)s: thời hạn %(d)s trước ngày ban hành văn bản %(i)s.")
                % {
                    "n": label,
                    "d": t.deadline.strftime("%d/%m/%Y"),
                    "i": directive.issued_on.strftime("%d/%m/%Y"),
                }
            )
        if t.recurrence and not t.recurrence_day:
            errors.append(
                _("Nhiệm vụ %(n)s: nhiệm vụ định kỳ cần ngày trong tháng (ví dụ 15).") % {"n": label}
            )
        for unit in [*t.units, *t.coordinating]:
            check_unit(user, unit, write=True)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def directive_create(
    *,
    user: User,
    directive: DirectiveInput,
    tasks: list[TaskInput],
    source_name: str = "",
    source_bytes: bytes | None = None,
    source_text: str = "",
    parsed: dict | None = None,
) -> Directive:
    """Create a directive and its tasks (one task per responsible unit) all-or-nothing."""
    require_capability(user, "directives.import")
    check_unit(user, directive.unit, write=True)
    if not directive.subject.strip():
        raise ValidationError(_("Văn bản chưa có trích yếu."))
    _validate_tasks(user=user, directive=directive, tasks=tasks)
    obj = Directive.objects.create(
        doc_type=directive.doc_type,
        number=directive.number.strip(),
        issued_on=directive.issued_on,
        issuer=directive.issuer,
        subject=directive.subject.strip(),
        signer=directive.signer,
        unit=directive.unit,
        source_text=source_text,
        parsed=parsed or {},
        cited_numbers=directive.cited_numbers,
        created_by=user,
    )
    if source_bytes is not None and source_name:
        obj.source_file.save(source_name, ContentFile(source_bytes), save=True)
    if directive.cited_numbers:
        obj.cites.set(Directive.objects.filter(number__in=directive.cited_numbers).exclude(pk=obj.pk))
    # A directive imported later may be cited by ones already in the system.
    for older in (
        Directive.objects.filter(cited_numbers__icontains=obj.number).exclude(pk=obj.pk) if obj.number else []
    ):
        if obj.number in older.cited_numbers:
            older.cites.add(obj)
    for t in tasks:
        for unit in t.units:
            _task_insert(directive=obj, data=t, unit=unit)
    return obj


def _task_insert(*, directive: Directive, data: TaskInput, unit: Unit) -> Task:
    task = Task.objects.create(
        directive=directive,
        number=data.number,
        summary=data.summary.strip(),
        text=data.text,
        unit=unit,
        deadline=data.deadline,
        deadline_text=data.deadline_text,
        due_on=due_date_for(data.deadline),
        recurrence=data.recurrence,
        recurrence_day=data.recurrence_day,
        span_start=data.span[0] if data.span else None,
        span_end=data.span[1] if data.span else None,
    )
    task.coordinating_units.set([u for u in data.coordinating if u.pk != unit.pk])
    Target.objects.bulk_create(
        Target(
            task=task,
            metric=g.metric,
            value=g.value,
            comparator=g.comparator,
            unit=g.unit,
            text=g.text,
            target_year=g.target_year,
            baseline=g.baseline or "",
        )
        for g in data.targets
    )
    return task


def directive_confirm_draft(
    *, user: User, draft: ImportDraft, directive: DirectiveInput, tasks: list[TaskInput]
) -> Directive:
    """Turn a reviewed upload into a directive; the draft keeps a link so a second confirm is refused."""
    if draft.directive_id is not None:
        raise ValidationError(_("Văn bản này đã được xác nhận trước đó."))
    if draft.created_by_id != user.pk and not has_capability(user, "directives.manage"):
        raise PermissionDenied(_("Bạn không có quyền xác nhận bản nháp này."))
    with draft.file.open("rb") as fh:
        data = fh.read()
    with transaction.atomic():
        obj = directive_create(
            user=user,
            directive=directive,
            tasks=tasks,
            source_name=draft.name,
            source_bytes=data,
            source_text=draft.text,
            parsed=draft.parsed,
        )
        draft.directive = obj
        draft.save(update_fields=["directive"])
    from .confirmed import keep_confirmed

    keep_confirmed(draft=draft, directive=obj, data=directive, tasks=tasks)
    return obj


def import_draft_create(*, user: User, name: str, data: bytes, text: str, parsed: dict) -> ImportDraft:
    require_capability(user, "directives.import")
    draft = ImportDraft(name=name, text=text, parsed=parsed, created_by=user)
    draft.file.save(name, ContentFile(data), save=False)
    draft.save()
    return draft
