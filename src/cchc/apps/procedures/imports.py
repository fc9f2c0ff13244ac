"""Importing the tables provinces publish: upload check → preview → commit (all-or-nothing or valid rows).

Parsing is the domain's (:func:`cchc.domain.procedures.importers.parse_table`); this module adds what
needs the database: the permission check per row (a unit may not overwrite another unit's procedure),
writing in one transaction, and keeping rejected rows so they can be fixed and re-imported one by one.
:func:`analyse` is used by the preview and by the commit, so what is shown is what is written.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core import uploads
from cchc.apps.core.uploads import check_upload
from cchc.apps.org.access import can_access_unit, check_unit, require_capability
from cchc.apps.org.models import Unit, User
from cchc.domain import files
from cchc.domain.procedures.catalogue import ChangeKind, parse_levels
from cchc.domain.procedures.costs import DONG_NAI_2024
from cchc.domain.procedures.full_cost_table import FullCostCase, parse_full_cost
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

from . import services
from .conversions import ACTIONS, LEVELS, fee_to_json, income_of, procedure_fields
from .models import (
    BatchKind,
    CostMethod,
    Decision,
    ImportBatch,
    Procedure,
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


@transaction.atomic
def import_file(
    path: Path, *, user: User | None, unit: Unit, file_name: str = "", valid_only: bool = False,
    decision_number: str = "", decision_date: date | None = None, year: int | None = None,
) -> ImportBatch:  # fmt: skip
    """Write the valid rows (and keep the rejected ones) in one transaction. Without ``valid_only`` a
    table with any rejected row is refused and nothing is written. ``user`` None = the CLI."""
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
    batch = ImportBatch.objects.create(
        file_name=file_name or path.name, kind=analysis.kind, profile=analysis.profile, headers=analysis.headers,
        unit=unit, decision=_decision(decision_number, decision_date), year=year or timezone.localdate().year,
        valid_only=valid_only, warnings=analysis.warnings, created_by=user,
    )  # fmt: skip
    batch.imported_count = sum(apply_record(batch, record, user=user) for record in analysis.records)
    batch.save(update_fields=["imported_count"])
    RejectedRow.objects.bulk_create(
        RejectedRow(batch=batch, row_number=r.row_number, raw=r.raw, reasons=list(r.reasons))
        for r in analysis.rejected
    )
    transaction.on_commit(services.sync_targets_quietly)
    return batch


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
        batch.imported_count += sum(apply_record(batch, record, user=user) for record in analysis.records)
        batch.save(update_fields=["imported_count"])
        row.reasons, row.fixed_at, row.fixed_by = [], timezone.now(), user
        transaction.on_commit(services.sync_targets_quietly)
    row.save()
    return list(row.reasons)
