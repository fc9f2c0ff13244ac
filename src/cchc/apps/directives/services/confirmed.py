"""The organisation's own evaluation set: every letter confirmed on the review screen is kept as a gold file
(the schema of ``shared/realdata/gold``) next to its text, so that ``cchc directives eval --confirmed`` shows
how well the extractor reads the department's letters, month by month.

Units are written as printed in the letter when the coordinator kept the unit the extractor proposed, else
by the unit's name; a recurrence as a rule ("FREQ=MONTHLY;BYMONTHDAY=20").
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ..models import Directive, ImportDraft
from .inputs import DirectiveInput, TaskInput

log = logging.getLogger(__name__)

_FREQ = {"monthly": "FREQ=MONTHLY", "quarterly": "FREQ=MONTHLY;INTERVAL=3", "half_yearly": "FREQ=MONTHLY;INTERVAL=6",
         "yearly": "FREQ=YEARLY"}  # fmt: skip


def confirmed_gold(
    *, draft: ImportDraft, directive: Directive, data: DirectiveInput, tasks: list[TaskInput]
) -> dict:
    parsed = draft.parsed or {}
    printed: dict[str, str] = {}  # unit code → the name as printed in the letter
    for t in parsed.get("tasks", []):
        for ref in [*t.get("responsible_unit_refs", []), *t.get("coordinating_unit_refs", [])]:
            if ref.get("code"):
                printed.setdefault(ref["code"], ref["text"])

    def names(units) -> list[str]:
        return [printed.get(u.code, u.name) for u in units]

    out_tasks = []
    for t in tasks:
        rule = _FREQ.get(t.recurrence or "")
        if rule and t.recurrence_day:
            rule += f";BYMONTHDAY={t.recurrence_day}"
        out_tasks.append(
            {
                "number": t.number,
                "summary": t.summary,
                "responsible_units": names(t.units),
                "coordinating_units": names(t.coordinating),
                "targets": [
                    {"metric": g.metric, "value": float(g.value), "unit": g.unit, "comparator": g.comparator}
                    for g in t.targets
                ],
                "deadline": t.deadline_text or (t.deadline.strftime("%d/%m/%Y") if t.deadline else None),
                "deadline_iso": t.deadline.isoformat() if t.deadline else None,
                "recurring": rule,
            }
        )
    return {
        "doc_file": f"{directive.pk}.txt",
        "doc_type": data.doc_type,
        "doc_number": data.number,
        "issuer": data.issuer,
        "signed_date": data.issued_on.isoformat() if data.issued_on else None,
        "signer": data.signer,
        "subject": data.subject,
        "tasks": out_tasks,
        "confirmed_at": timezone.now().isoformat(),
        "confirmed_by": directive.created_by.username if directive.created_by else None,
        "annotator": "xác nhận trên màn hình kiểm tra của cchc",
    }


def keep_confirmed(
    *, draft: ImportDraft, directive: Directive, data: DirectiveInput, tasks: list[TaskInput]
) -> Path | None:
    """Write ``<pk>.json`` and ``<pk>.txt`` into DIRECTIVES_CONFIRMED_DIR. A failure is logged, never raised:
    the directive is created whatever happens to its copy in the evaluation set."""
    folder = Path(settings.DIRECTIVES_CONFIRMED_DIR)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        gold = confirmed_gold(draft=draft, directive=directive, data=data, tasks=tasks)
        (folder / f"{directive.pk}.txt").write_text(draft.text, encoding="utf-8")
        path = folder / f"{directive.pk}.json"
        path.write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
        return path
    except OSError:
        log.exception("could not keep confirmed letter %s as a gold file", directive.pk)
        return None
