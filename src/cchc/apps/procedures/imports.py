"""Importing the tables provinces publish: upload check → preview → commit (all-or-nothing or valid rows).

Parsing is the domain's (:func:`cchc.domain.procedures.importers.parse_table`); this module adds what
needs the database: the permission check per row (a unit may not overwrite another unit's procedure),
writing in one transaction, and keeping rejected rows so they can be fixed and re-imported one by one.
:func:`analyse` is used by the preview and by the commit, so what is shown is what is written.

Nothing is overwritten silently. Every parsed row is applied in its own savepoint by the same code that writes
it (:func:`apply_record`), the stored state of what it touches is read before and after, and
:mod:`cchc.domain.procedures.import_diff` says whether the row is new, changed (field, old → new) or
unchanged, and whether its code belongs to a procedure stored under another name. The preview does this for
every row inside a transaction that is rolled back, and reads the figures the rows would move on the way: the
simplification targets of the plan's year (−30 % time, −50 % internal time and cost, share reviewed) and the
directive targets fed by the procedures' measured sources (the real sync, rolled back), each with its state
by :mod:`cchc.domain.target_status` — "32,72 % Đạt → 27,03 % Chưa đến hạn" before anything is written. The
commit keeps a row's savepoint only when the user's choice allows it (new rows only, or new and changed rows;
a name conflict only when confirmed; an unchanged row is not rewritten) and refuses when the stored data
changed since the preview (:func:`fingerprint`). The batch keeps what was changed (``ImportBatch.summary``,
in the audit trail) and each amended procedure's version lists its changes.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cchc.apps.core import uploads
from cchc.apps.core.uploads import check_upload
from cchc.apps.org.access import can_access_unit, check_unit, require_capability
from cchc.apps.org.models import Unit, User
from cchc.domain import files
from cchc.domain.procedures.catalogue import ChangeKind, parse_levels
from cchc.domain.procedures.costs import DONG_NAI_2024
from cchc.domain.procedures.full_cost_table import FullCostCase, parse_full_cost
from cchc.domain.procedures.import_diff import KIND_LABELS, RowDiff, RowKind, compare, digest, tally
from cchc.domain.procedures.importers import (
    CatalogueEntry,
    CostCase,
    parse_catalogue,
    parse_cost_cases,
    parse_fee_rules,
)
from cchc.domain.procedures.plans import plan_from_full_cost
from cchc.domain.procedures.tables import RejectedRow as ParsedRejection
from cchc.domain.procedures.tables import TableError, detect_profile, read_table
from cchc.domain.target_status import COLOURS as STATE_COLOURS
from cchc.domain.target_status import LABELS as STATE_LABELS
from cchc.domain.target_status import TargetState

from . import selectors, services
from .conversions import (
    ACTIONS,
    LEVELS,
    fee_from_json,
    fee_to_json,
    income_of,
    procedure_fields,
    time_limit_label,
)
from .models import (
    BatchKind,
    CostMethod,
    Decision,
    ImportBatch,
    Procedure,
    ProcedureVersion,
    RejectedRow,
    SimplificationPlan,
    Status,
    VersionAction,
)

EXTENSIONS = (".csv", ".xlsx")
STASH_DIR = "procedures-imports"


class ImportRefused(ValidationError):
    """The chosen mode is not allowed (all-or-nothing with rejected rows): nothing was written."""


@dataclass
class Analysis:
    kind: str
    profile: str
    headers: list[str]
    records: list[Any]
    rejected: list[ParsedRejection]
    warnings: list[str] = field(default_factory=list)
    unmapped_headers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def validate_upload(upload: UploadedFile) -> None:
    """Extension, emptiness and size (the shared check), then the content through the safe readers
    (:mod:`cchc.domain.files`): an XLSX is a sound zip (no bomb), a CSV decodes (UTF-8, UTF-16 or
    cp1258) without NUL bytes or over-long cells. Vietnamese messages naming the file and line."""
    check_upload(upload, extensions=EXTENSIONS)
    name = upload.name or ""
    suffix = Path(name).suffix.lower()
    upload.seek(0)
    try:
        if suffix == ".xlsx":
            files.check_zip(upload, name=name)
        elif suffix == ".csv":
            files.csv_rows(files.decode_text(upload.read(), name=name), name=name)
    except files.FileProblem as exc:
        raise ValidationError(str(exc)) from exc
    finally:
        upload.seek(0)


def stash_upload(upload: UploadedFile) -> str:
    """Keep the uploaded file until the user chooses how to import it; returns an opaque token."""
    validate_upload(upload)
    return uploads.stash(upload, STASH_DIR)


def stashed_path(token: str) -> Path:
    return uploads.stashed(token, STASH_DIR)


def _parse(path: Path, kind: str, unit: Unit) -> Any:
    if kind == BatchKind.CATALOGUE:
        return parse_catalogue(path, default_unit=unit.name)
    if kind == BatchKind.COST_CASES:
        return parse_cost_cases(path, income_of(services.default_cost_parameter()) or DONG_NAI_2024)
    if kind == BatchKind.FEE_RULES:
        return parse_fee_rules(path)
    return parse_full_cost(path)


def _codes(record: Any) -> tuple[str, ...]:
    if isinstance(record, CatalogueEntry):
        return (record.procedure.code,)
    return getattr(record, "procedure_codes", None) or ((record.code,) if hasattr(record, "code") else ())


def analyse(path: Path, *, user: User | None, unit: Unit) -> Analysis:
    """Parse ``path`` and add a rejection for rows that would change another unit's procedure."""
    try:
        headers, _rows = read_table(path)
        kind = detect_profile(headers).kind
        result = _parse(path, kind, unit)
    except TableError as exc:
        raise ValidationError(str(exc)) from exc
    analysis = Analysis(kind, result.profile, headers, [], list(result.rejected), list(result.warnings), list(result.unmapped_headers))  # fmt: skip
    owners = dict(Procedure.objects.filter(code__in={c for r in result.records for c in _codes(r)}).values_list("code", "unit_id"))  # fmt: skip
    units = {u.pk: u for u in Unit.objects.filter(pk__in=set(owners.values()))}
    for record in result.records:
        foreign = [c for c in _codes(record) if c in owners and user is not None and not can_access_unit(user, units[owners[c]], write=True)]  # fmt: skip
        if foreign:
            number = getattr(record, "row_number", None) or (getattr(record, "row_numbers", None) or (0,))[0]
            reason = _("Thủ tục %(codes)s thuộc đơn vị khác: bạn không có quyền sửa.") % {
                "codes": ", ".join(foreign)
            }
            analysis.rejected.append(ParsedRejection(number, {}, (reason,)))
        else:
            analysis.records.append(record)
    analysis.rejected.sort(key=lambda r: r.row_number)
    return analysis


def _decision(number: str, signed_on: date | None, issuer: str = "") -> Decision | None:
    if not number:
        return None
    if signed_on is None:
        raise ValidationError(_("Cần ngày ký của quyết định %(n)s (dd/mm/yyyy).") % {"n": number})
    decision, _created = Decision.objects.get_or_create(number=number.strip(), signed_on=signed_on, defaults={"issuer": issuer})  # fmt: skip
    return decision


class Changes:
    """What the user chose for rows that change stored data."""

    APPLY = "apply"  # add new rows and apply the changes
    NEW_ONLY = "new_only"  # add new rows only; changed rows are left as stored


@transaction.atomic
def import_file(
    path: Path, *, user: User | None, unit: Unit, file_name: str = "", valid_only: bool = False,
    decision_number: str = "", decision_date: date | None = None, year: int | None = None,
    changes: str | None = None, confirm_conflicts: bool = False, expected: str | None = None,
) -> ImportBatch:  # fmt: skip
    """Write the valid rows (and keep the rejected ones) in one transaction. Without ``valid_only`` a
    table with any rejected row is refused and nothing is written. ``user`` None = the CLI.

    ``changes``: :attr:`Changes.APPLY` or :attr:`Changes.NEW_ONLY`; None refuses a table that changes stored
    data (the user must choose). A row whose code is stored under another name is written only with
    ``confirm_conflicts``. ``expected``: the preview's :func:`fingerprint`; when the stored data changed since,
    nothing is written."""
    if user is not None:
        require_capability(user, "procedures.manage")
        check_unit(user, unit, write=True)
    analysis = analyse(path, user=user, unit=unit)
    if analysis.rejected and not valid_only:
        raise ImportRefused(
            _(
                "Bảng có %(n)s dòng lỗi: không nhập dòng nào. Hãy sửa tệp hoặc chọn “chỉ nhập các dòng hợp lệ”."
            )
            % {"n": len(analysis.rejected)}
        )
    year = year or timezone.localdate().year
    if expected is not None and expected != fingerprint(analysis, year=year, token=path.name):
        raise ImportRefused(
            _("Dữ liệu thủ tục đã thay đổi kể từ khi xem trước: không nhập dòng nào. Hãy xem trước lại.")
        )
    batch = ImportBatch.objects.create(
        file_name=file_name or path.name, kind=analysis.kind, profile=analysis.profile, headers=analysis.headers,
        unit=unit, decision=_decision(decision_number, decision_date), year=year,
        valid_only=valid_only, warnings=analysis.warnings, created_by=user,
    )  # fmt: skip
    policy = _policy(changes, confirm_conflicts)
    outcomes = _run(batch, analysis, user=user, keep=policy)
    refused = [o for o in outcomes if o.skipped == _CHOOSE]
    if refused:
        raise ImportRefused(
            _(
                "Bảng có %(n)s dòng thay đổi thủ tục hoặc phương án đã có: không nhập dòng nào. Hãy chọn “cập nhật "
                "các thay đổi” hoặc “chỉ thêm dòng mới”."
            )
            % {"n": len(refused)}
        )
    batch.imported_count = sum(o.written for o in outcomes)
    batch.summary = _summary(outcomes, changes)
    batch.warnings = [
        *batch.warnings,
        *(_skip_warning(o) for o in outcomes if o.skipped and o.skipped != _SAME),
    ]
    batch.save(update_fields=["imported_count", "summary", "warnings"])
    RejectedRow.objects.bulk_create(
        RejectedRow(batch=batch, row_number=r.row_number, raw=r.raw, reasons=list(r.reasons))
        for r in analysis.rejected
    )
    transaction.on_commit(services.sync_targets_quietly)
    return batch


# --- what a row changes ----------------------------------------------------------------------------------

_SAME, _CONFLICT, _CHANGED, _CHOOSE = "unchanged", "name_conflict", "changed", "choose"


@dataclass
class Outcome:
    record: Any
    diffs: list[RowDiff]
    written: int  # procedures or plans written (0 when skipped)
    skipped: str  # "" = written; else why not (_SAME, _CONFLICT, _CHANGED, _CHOOSE)

    @property
    def kind(self) -> RowKind:
        """The row's kind: changed if it changes anything stored, new if it only adds, else unchanged."""
        kinds = {d.kind for d in self.diffs}
        if RowKind.CHANGED in kinds:
            return RowKind.CHANGED
        return RowKind.NEW if RowKind.NEW in kinds else RowKind.UNCHANGED

    @property
    def name_conflict(self) -> bool:
        return any(d.name_conflict for d in self.diffs)


def _policy(changes: str | None, confirm_conflicts: bool) -> Callable[[list[RowDiff]], str]:
    def keep(diffs: list[RowDiff]) -> str:
        if not diffs:
            return ""  # touches nothing stored (a fee rule naming no listed procedure: kept as a warning)
        if all(d.kind is RowKind.UNCHANGED for d in diffs):
            return _SAME
        if any(d.name_conflict for d in diffs) and not confirm_conflicts:
            return _CONFLICT
        if any(d.kind is RowKind.CHANGED for d in diffs):
            if changes is None:
                return _CHOOSE
            if changes != Changes.APPLY:
                return _CHANGED
        return ""

    return keep


def _everything(diffs: list[RowDiff]) -> str:
    return ""


def _label(model: Any, name: str) -> str:
    return capfirst(str(model._meta.get_field(name).verbose_name))


def _yes(value: bool) -> str:
    return _("có") if value else _("không")


def _procedure_values(p: Procedure) -> dict[str, Any]:
    """A stored procedure as the preview prints it: field label → value."""
    return {
        _label(Procedure, "name"): p.name,
        _label(Procedure, "code_as_published"): p.code_as_published,
        _label(Procedure, "field"): p.field,
        _label(Procedure, "level"): p.get_level_display(),
        _label(Procedure, "is_internal"): _yes(p.is_internal),
        _label(Procedure, "unit"): p.unit.name,
        _label(Procedure, "authority"): p.authority,
        _("Thời hạn giải quyết"): time_limit_label(p),
        _label(Procedure, "time_limit_condition"): p.time_limit_condition,
        _label(Procedure, "fees"): [fee_from_json(f).label() for f in p.fees],
        _label(Procedure, "online_level"): p.get_online_level_display() if p.online_level else "",
        _label(Procedure, "channels"): list(p.channels),
        _label(Procedure, "places"): p.places,
        _label(Procedure, "legal_basis"): p.legal_basis,
        _label(Procedure, "status"): p.get_status_display(),
        _label(Procedure, "notes"): p.notes,
    }


_PLAN_FIELDS = (
    "reviewed", "abolish", "time_before", "time_after", "steps_before", "steps_after", "components_before",
    "components_after", "fee_before", "fee_after", "cost_method", "dossiers_per_year", "hours_per_day",
    "cost_before", "cost_after", "content", "recommendation",
)  # fmt: skip


def _plan_values(plan: SimplificationPlan) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in _PLAN_FIELDS:
        value = getattr(plan, name)
        if isinstance(value, bool):
            value = _yes(value)
        elif name == "cost_method":
            value = plan.get_cost_method_display()
        values[_label(SimplificationPlan, name)] = value
    income = plan.cost_parameter.hourly_income if plan.cost_parameter is not None else None
    values[_("Thu nhập bình quân (đồng/giờ)")] = income
    return values


def _touched(record: Any) -> list[tuple[str, str]]:
    """What a record writes: ("procedure", code) or ("plan", code) of the batch's year."""
    if isinstance(record, CatalogueEntry):
        return [("procedure", record.procedure.code)]
    if isinstance(record, CostCase | FullCostCase):
        return [("plan", record.code)]
    return [("procedure", code) for code in getattr(record, "procedure_codes", ())]


def _state(key: tuple[str, str], year: int) -> tuple[dict[str, Any] | None, str]:
    """(printed values or None when absent, the stored procedure's name or "")."""
    what, code = key
    procedure = Procedure.objects.select_related("unit").filter(code=code).first()
    if procedure is None:
        return None, ""
    if what == "procedure":
        return _procedure_values(procedure), procedure.name
    plan = SimplificationPlan.objects.select_related("cost_parameter").filter(procedure=procedure, year=year).first()  # fmt: skip
    return (_plan_values(plan) if plan else None), procedure.name


def _file_name(record: Any) -> str:
    if isinstance(record, CatalogueEntry):
        return record.procedure.name
    return getattr(record, "name", "") if isinstance(record, CostCase | FullCostCase) else ""


def _row_number(record: Any) -> int:
    return getattr(record, "row_number", None) or (getattr(record, "row_numbers", None) or (0,))[0]


def _run(
    batch: ImportBatch, analysis: Analysis, *, user: User | None, keep: Callable[[list[RowDiff]], str]
) -> list[Outcome]:
    """Apply each record in its own savepoint, diff what it touched and keep it only when ``keep`` says ""."""
    year = batch.year or timezone.localdate().year
    outcomes = []
    for record in analysis.records:
        keys = _touched(record)
        before = {key: _state(key, year) for key in keys}
        savepoint = transaction.savepoint()
        written = apply_record(batch, record, user=user)
        diffs = []
        for key in keys:
            (old, stored_name), (new, _name) = before[key], _state(key, year)
            if new is None:
                continue  # a fee rule naming a procedure that is not listed: nothing written
            target = _("Thủ tục") if key[0] == "procedure" else _("Phương án %(y)s") % {"y": year}
            diffs.append(compare(row=_row_number(record), code=key[1], target=target, before=old, after=new,
                                 file_name=_file_name(record), stored_name=stored_name))  # fmt: skip
        skipped = keep(diffs)
        if skipped:
            transaction.savepoint_rollback(savepoint)
            written = 0
        else:
            transaction.savepoint_commit(savepoint)
            _note_changes(batch, diffs)
        outcomes.append(Outcome(record, diffs, written, skipped))
    return outcomes


def _note_changes(batch: ImportBatch, diffs: list[RowDiff]) -> None:
    """The audit trail of an amended procedure: its version lists each change (field: old → new)."""
    for diff in diffs:
        if diff.kind is RowKind.CHANGED and diff.target == _("Thủ tục"):
            version = (
                ProcedureVersion.objects.filter(procedure__code=diff.code, batch=batch)
                .order_by("-pk")
                .first()
            )
            if version is not None:
                version.changed_parts = [*version.changed_parts, *(f"{c.field}: {c.old} → {c.new}" for c in diff.changes)]  # fmt: skip
                version.save(update_fields=["changed_parts"])


def _summary(outcomes: list[Outcome], changes: str | None) -> dict[str, Any]:
    """What the batch did, kept on it (and so in the audit trail): counts, and every new or changed row."""
    return {
        "changes": changes or "",
        "counts": tally(d for o in outcomes for d in o.diffs),
        "written": sum(1 for o in outcomes if o.diffs and not o.skipped),
        "skipped": {
            why: sum(1 for o in outcomes if o.skipped == why) for why in (_SAME, _CONFLICT, _CHANGED)
        },
        "rows": [
            {**d.as_json(), "written": not o.skipped}
            for o in outcomes
            for d in o.diffs
            if d.kind is not RowKind.UNCHANGED
        ],
    }


def _skip_warning(outcome: Outcome) -> str:
    codes = ", ".join(sorted({d.code for d in outcome.diffs}))
    number = _row_number(outcome.record)
    if outcome.skipped == _CONFLICT:
        stored = next(d.stored_name for d in outcome.diffs if d.name_conflict)
        return _(
            "Dòng %(n)s không nhập: mã %(c)s là của thủ tục “%(s)s” đã có, tệp ghi tên khác (chưa xác nhận)."
        ) % {"n": number, "c": codes, "s": stored}
    return _("Dòng %(n)s không nhập: thay đổi thủ tục %(c)s đã có (chọn chỉ thêm dòng mới).") % {
        "n": number, "c": codes,
    }  # fmt: skip


def fingerprint(analysis: Analysis, *, year: int, token: str) -> str:
    """What a preview was computed from: the stored state of everything the rows touch, and the file."""
    keys = sorted({key for record in analysis.records for key in _touched(record)})
    return digest([[*key, _state(key, year)] for key in keys], token, year)


# --- what the rows would move: targets -------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    label: str
    where: str
    value: Decimal | None
    state: TargetState
    url: str = ""

    @property
    def state_label(self) -> str:
        return _(STATE_LABELS[self.state])

    @property
    def colour(self) -> str:
        return STATE_COLOURS[self.state]


@dataclass(frozen=True)
class Effect:
    before: Figure
    after: Figure  # all the valid rows written (new and changed, conflicts confirmed)
    new_only: Figure | None  # only the new rows written (None: the table changes nothing stored)

    @property
    def moves(self) -> bool:
        others = [self.after] + ([self.new_only] if self.new_only else [])
        return any(f.value != self.before.value or f.state != self.before.state for f in others)


def _figures(unit: Unit, year: int, today: date, user: User | None) -> dict[str, Figure]:
    """The figures an import can move, as they stand in the current transaction: the simplification
    targets of the Sở's portfolio for ``year`` (of ``unit`` when ``user`` may not see the whole Sở), and
    every directive target fed by a procedures' source within ``user``'s scope (synced by the real sync;
    the caller rolls it back)."""
    from cchc.apps.directives.selectors import target_deadline, targets_in_scope
    from cchc.apps.directives.selectors import target_status as directive_target_status

    root = unit.root()
    if user is not None and not can_access_unit(user, root):
        root = unit
    summary = selectors.department_summary(root=root, year=year)
    links = selectors.linked_targets()
    by_key = {v: k for k, v in selectors.CHECK_KEYS.items()}
    where = _("Chỉ tiêu đơn giản hóa TTHC %(y)s — %(u)s") % {"y": year, "u": root.name}
    out: dict[str, Figure] = {}
    for check in summary.checks:
        linked = links.get(by_key[check.key])
        deadline = target_deadline(linked) if linked is not None else None
        status = selectors.check_status(check, year=year, today=today, deadline=deadline)
        out[f"check:{check.key}"] = Figure(check.label, where, check.actual, status.state)
    synced = services.sync_targets(today=today)
    visible = {s.link.target_id for s in synced}
    if user is not None:
        visible = set(targets_in_scope(user=user).filter(pk__in=visible).values_list("pk", flat=True))
    for link in (s.link for s in synced if s.link.target_id in visible):
        target = type(link.target).objects.select_related("task__directive").get(pk=link.target_id)
        status = directive_target_status(target, today=today)
        label = f"{target} — {target.task.directive}" if target.task.directive_id else str(target)
        out[f"target:{target.pk}"] = Figure(
            label, _("Chỉ tiêu nhiệm vụ"), target.measured_value, status.state
        )
    return out


class _RolledBack(Exception):
    pass


@contextmanager
def _dry_run() -> Iterator[None]:
    """A transaction that is always rolled back (and its on-commit callbacks dropped)."""
    try:
        with transaction.atomic():
            yield
            raise _RolledBack
    except _RolledBack:
        pass


@dataclass
class Preview:
    analysis: Analysis
    outcomes: list[Outcome]
    effects: list[Effect]
    fingerprint: str
    year: int

    @property
    def counts(self) -> dict[str, int]:
        kinds = [o.kind for o in self.outcomes if o.diffs]
        return {
            "new": kinds.count(RowKind.NEW),
            "changed": kinds.count(RowKind.CHANGED),
            "unchanged": kinds.count(RowKind.UNCHANGED),
            "name_conflicts": sum(1 for o in self.outcomes if o.name_conflict),
        }


def kind_label(kind: RowKind) -> str:
    return _(KIND_LABELS[kind])


def preview(path: Path, *, user: User | None, unit: Unit, year: int | None = None, today: date | None = None) -> Preview:  # fmt: skip
    """Everything the import would do, computed by writing it in a transaction that is rolled back: each
    row new / changed / unchanged, and the targets' figures before → after (all rows; only new rows)."""
    analysis = analyse(path, user=user, unit=unit)
    year = year or timezone.localdate().year
    today = today or timezone.localdate()
    marks = fingerprint(analysis, year=year, token=path.name)

    def batch() -> ImportBatch:
        return ImportBatch.objects.create(file_name=path.name, kind=analysis.kind, unit=unit, year=year)

    with _dry_run():
        before = _figures(unit, year, today, user)
        outcomes = _run(batch(), analysis, user=None, keep=_everything)
        after = _figures(unit, year, today, user)
    new_only: dict[str, Figure] = {}
    if any(o.kind is RowKind.CHANGED or o.name_conflict for o in outcomes):
        with _dry_run():
            _run(batch(), analysis, user=None, keep=_policy(Changes.NEW_ONLY, False))
            new_only = _figures(unit, year, today, user)
    effects = [
        Effect(figure, after.get(key, figure), new_only.get(key) if new_only else None)
        for key, figure in before.items()
    ]
    return Preview(analysis, outcomes, effects, marks, year)


def apply_record(batch: ImportBatch, record: Any, *, user: User | None) -> int:
    """Write one parsed record; returns the number of procedures or plans it changed."""
    if isinstance(record, CatalogueEntry):
        _apply_catalogue(batch, record, user)
        return 1
    if isinstance(record, CostCase):
        _apply_cost_case(batch, record)
        return 1
    if isinstance(record, FullCostCase):
        _apply_full_cost(batch, record)
        return 1
    return _apply_fee_rule(batch, record)


def _apply_catalogue(batch: ImportBatch, entry: CatalogueEntry, user: User | None) -> None:
    fields = procedure_fields(entry.procedure)
    procedure = Procedure.objects.filter(code=entry.procedure.code).first()
    abolish = entry.change is ChangeKind.ABOLISHED
    if procedure is None:
        procedure = Procedure(code=entry.procedure.code, unit=batch.unit, **fields)
        action: str = VersionAction.ABOLISH if abolish else VersionAction.ADD
    elif abolish:
        action = VersionAction.ABOLISH
    else:
        for name, value in fields.items():
            setattr(procedure, name, value)
        action = ACTIONS.get(entry.change, VersionAction.AMEND) if entry.change else VersionAction.AMEND
    procedure.status = Status.ABOLISHED if abolish else Status.ACTIVE
    procedure.save()
    note = entry.procedure.notes
    parts = [note] if action == VersionAction.AMEND and note else []
    services.record_version(procedure=procedure, action=action, user=user, decision=batch.decision, batch=batch, parts=parts)  # fmt: skip


def _procedure_for(batch: ImportBatch, code: str, name: str, level: str = "", field: str = "") -> Procedure:
    """The procedure a plan row refers to; created (minimal) when the catalogue does not list it yet."""
    procedure = Procedure.objects.filter(code=code).first()
    if procedure is None:
        levels = parse_levels(level)
        procedure = Procedure.objects.create(
            code=code,
            name=name or code,
            field=field,
            unit=batch.unit,
            level=LEVELS[levels[0]] if levels else "tinh",
        )
        services.record_version(
            procedure=procedure, action=VersionAction.ADD, user=batch.created_by, batch=batch
        )
    return procedure


def _plan(batch: ImportBatch, procedure: Procedure) -> SimplificationPlan:
    year = batch.year or timezone.localdate().year
    plan = SimplificationPlan.objects.filter(procedure=procedure, year=year).first()
    return plan or SimplificationPlan(procedure=procedure, year=year, unit=procedure.unit)


def _apply_cost_case(batch: ImportBatch, case: CostCase) -> None:
    plan = _plan(batch, _procedure_for(batch, case.code, case.name, case.level, case.field))
    plan.cost_method = CostMethod.SIMPLIFIED
    plan.time_before, plan.time_after = case.before.working_days, case.after.working_days
    plan.abolish = case.after.working_days == 0
    plan.dossiers_per_year, plan.hours_per_day = case.before.dossiers_per_year, case.before.hours_per_day
    plan.cost_parameter = services.cost_parameter_for(case.income)
    plan.reviewed = True
    services.save_plan(user=None, plan=plan, sync=False)


def _apply_full_cost(batch: ImportBatch, case: FullCostCase) -> None:
    parameter = services.default_cost_parameter()
    income = income_of(parameter)
    assert income is not None
    domain = plan_from_full_cost(case, income)
    plan = _plan(batch, _procedure_for(batch, case.code, case.name))
    plan.cost_method, plan.cost_parameter, plan.reviewed = CostMethod.MANUAL, parameter, True
    plan.cost_before, plan.cost_after = domain.cost_before, domain.cost_after
    plan.steps_before, plan.steps_after = domain.steps_before, domain.steps_after
    plan.fee_before, plan.fee_after = domain.fee_before, domain.fee_after
    services.save_plan(user=None, plan=plan, sync=False)
    _store_cost_record(batch, plan.procedure, case, parameter)


def _store_cost_record(batch: ImportBatch, procedure: Procedure, case: FullCostCase, parameter: Any) -> None:
    """The table's current phase ("trước") becomes the procedure's compliance-cost record, the input of the cost
    by channel: its actions are replaced; the channel parameters set on the record (what online removes, the
    state's reception hours) are kept."""
    from .models import CostAction, CostRecord

    current = case.before
    record = CostRecord.objects.filter(procedure=procedure).first() or CostRecord(procedure=procedure)
    record.fees, record.other_costs, record.cost_parameter = current.fees, current.other_costs, parameter
    record.source = f"Bảng SCM đầy đủ “{batch.file_name}” (phương án trước đơn giản hóa)"[:255]
    record.updated_by = batch.created_by
    record.save()
    record.actions.all().delete()
    CostAction.objects.bulk_create(
        CostAction(
            record=record, order=i, name=a.name[:255], kind=a.kind.value, hours=a.hours, count=a.count,
            outsourcing_cost=a.outsourcing_cost, travel_cost=a.travel_cost,
        )
        for i, a in enumerate(current.actions, start=1)
    )  # fmt: skip


def _apply_fee_rule(batch: ImportBatch, rule: Any) -> int:
    """Attach the fee rule to the procedures it names; a rule naming none is kept as a warning."""
    changed = 0
    data = fee_to_json(rule)
    for procedure in Procedure.objects.filter(code__in=rule.procedure_codes):
        kept = [f for f in procedure.fees if f.get("description") != rule.description]
        procedure.fees = [*kept, data]
        procedure.save(update_fields=["fees", "updated_at"])
        services.record_version(procedure=procedure, action=VersionAction.AMEND, user=batch.created_by, batch=batch, parts=["Phí, lệ phí"])  # fmt: skip
        changed += 1
    if not changed:
        batch.warnings = [*batch.warnings, _("Mức thu “%(d)s” không gắn với thủ tục nào trong danh mục.") % {"d": rule.description}]  # fmt: skip
        batch.save(update_fields=["warnings"])
    return changed


def row_fixable(row: RejectedRow) -> bool:
    # A full-form SCM procedure spans several rows (before/after phases): fix the file instead.
    return row.fixed_at is None and row.batch.kind != BatchKind.FULL_COST and bool(row.raw)


@transaction.atomic
def reimport_row(*, user: User | None, row: RejectedRow, values: dict[str, str]) -> list[str]:
    """Re-parse one corrected row with the same parser; when valid, write it into the row's batch and
    mark the row fixed. Returns the remaining reasons ([] = imported)."""
    batch = row.batch
    if user is not None:
        require_capability(user, "procedures.manage")
        check_unit(user, batch.unit, write=True)
    if not row_fixable(row):
        raise ValidationError(_("Dòng này không sửa được tại đây."))
    headers = batch.headers or list(row.raw)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dong.csv"
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)  # not an export: the corrected row, read back by the parser at once
            writer.writerow(headers)
            writer.writerow([values.get(h, "") for h in headers])
        analysis = analyse(path, user=user, unit=batch.unit)
    row.raw = {h: values.get(h, "") for h in headers}
    if analysis.kind != batch.kind:
        row.reasons = [
            _("Sau khi sửa, dòng không còn khớp cấu trúc bảng %(k)s.") % {"k": batch.get_kind_display()}
        ]
    elif analysis.rejected:
        row.reasons = [reason for r in analysis.rejected for reason in r.reasons]
    else:
        # A fixed row changes stored data like any other row: never a name conflict silently, changes recorded.
        outcomes = _run(batch, analysis, user=user, keep=_policy(Changes.APPLY, False))
        conflicts = [_skip_warning(o) for o in outcomes if o.skipped == _CONFLICT]
        if conflicts:
            row.reasons = conflicts
        else:
            batch.imported_count += sum(o.written for o in outcomes)
            summary = batch.summary or {}
            done = _summary(outcomes, Changes.APPLY)
            batch.summary = {**summary, "rows": [*summary.get("rows", []), *done["rows"]]}
            batch.save(update_fields=["imported_count", "summary"])
            row.reasons, row.fixed_at, row.fixed_by = [], timezone.now(), user
            transaction.on_commit(services.sync_targets_quietly)
    row.save()
    return list(row.reasons)
