"""State changes of directives and tasks. Views, API, jobs and CLI call these; nothing else writes.

Every service checks the caller's capability and unit scope through cchc.apps.org.access, validates
its input and raises ``ValidationError`` with a Vietnamese message *before* writing anything, and runs
in one transaction, so a refused request changes nothing.

``directives`` creates directives and their tasks, ``tasks`` runs the task life cycle, ``calendar`` holds the
working-day helpers; this package exposes them under one name (``services.task_approve``…).
"""

from .calendar import (
    RECOMPUTE_WINDOW_DAYS,
    calendar,
    due_date_for,
    parse_decimal,
    recurrence_label,
    tasks_recompute_due_dates,
)
from .corrections import (
    TargetEdit,
    directive_add_task,
    directive_cancel,
    directive_restore,
    task_cancel,
    task_change_deadline,
    task_change_targets,
    task_change_units,
    task_restore,
)
from .directives import (
    directive_confirm_draft,
    directive_create,
    import_draft_create,
)
from .inputs import DirectiveInput, TargetInput, TaskInput
from .sources import Synced, set_target_source, sync_targets, sync_targets_quietly
from .tasks import (
    EVIDENCE_EXTENSIONS,
    check_evidence,
    extension_decide,
    target_record_measurement,
    task_approve,
    task_assign,
    task_comment,
    task_report_progress,
    task_request_extension,
)

__all__ = [
    "EVIDENCE_EXTENSIONS",
    "RECOMPUTE_WINDOW_DAYS",
    "DirectiveInput",
    "Synced",
    "TargetEdit",
    "TargetInput",
    "TaskInput",
    "calendar",
    "check_evidence",
    "directive_add_task",
    "directive_cancel",
    "directive_confirm_draft",
    "directive_create",
    "directive_restore",
    "due_date_for",
    "extension_decide",
    "import_draft_create",
    "parse_decimal",
    "recurrence_label",
    "set_target_source",
    "sync_targets",
    "sync_targets_quietly",
    "target_record_measurement",
    "task_approve",
    "task_assign",
    "task_cancel",
    "task_change_deadline",
    "task_change_targets",
    "task_change_units",
    "task_comment",
    "task_report_progress",
    "task_request_extension",
    "task_restore",
    "tasks_recompute_due_dates",
]  # fmt: skip
