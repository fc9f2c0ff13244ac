"""Writes of the disclosure register. Every function checks the capability and the unit
(cchc.apps.org.access); ``user`` None is the CLI or the demo loader. Changes go to the audit trail
(django-auditlog, registered in apps.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core.calendar import working_calendar
from cchc.apps.core.uploads import check_upload
from cchc.apps.org.access import check_unit, require_capability
from cchc.apps.org.models import Unit, User
from cchc.domain import files
from cchc.domain.finance import assets as ar
from cchc.domain.finance import autonomy as au
from cchc.domain.finance import disclosure as dr

from .models import Asset, AutonomyRecord, Disclosure

PROOF_EXTENSIONS = (".pdf", ".docx", ".doc", ".xlsx", ".jpg", ".jpeg", ".png", ".txt")


def _may(user: User | None, unit: Unit | None) -> None:
    if user is not None:
        require_capability(user, "finance.manage")
        check_unit(user, unit, write=True)


def _due(row: Disclosure) -> date | None:
    rules = dr.load_rules()
    duty = rules.duties.get(row.duty)
    if duty is None or row.event_date is None:
        return None
    return dr.due_date(duty, row.event_date, working_calendar(), roll=rules.roll_to_working_day)


@transaction.atomic
def open_year(*, user: User | None, unit: Unit, year: int) -> list[Disclosure]:
    """Create the year's disclosure duties of a unit from the data file (idempotent); returns the new rows."""
    _may(user, unit)
    created = []
    for item in dr.expected(year):
        row, new = Disclosure.objects.get_or_create(
            unit=unit, year=year, duty=item.duty, period=item.period, sequence=1,
            defaults={"event_date": item.trigger_date, "updated_by": user},
        )  # fmt: skip
        if new:
            row.due_date = _due(row)
            row.save(update_fields=["due_date"])
            created.append(row)
    return created


def add_adjustment(*, user: User | None, unit: Unit, year: int, event_date: date) -> Disclosure:
    """A further dự toán disclosure (điều chỉnh, bổ sung) of a repeating duty: the next sequence."""
    _may(user, unit)
    last = Disclosure.objects.filter(unit=unit, year=year, duty="du_toan").order_by("-sequence").first()
    row = Disclosure(
        unit=unit, year=year, duty="du_toan", sequence=(last.sequence + 1) if last else 1,
        event_date=event_date, updated_by=user,
    )  # fmt: skip
    row.due_date = _due(row)
    row.save()
    return row


def record_disclosure(
    *,
    user: User | None,
    disclosure: Disclosure,
    event_date: date | None,
    published_on: date | None,
    form: str = "",
    link: str = "",
    proof_document: str = "",
    note: str = "",
    issued_document: Any = None,
    proof_file: UploadedFile | None = None,
) -> Disclosure:
    """Record the event date (event duties) and the proof of publication; the due date is recomputed.

    A publication needs its date, a form from the data file and a proof: the link where it was published,
    the number of the document that published it, a document issued in cchc (``issued_document``, one the
    user may see) or an uploaded file (checked like every kept file: content of its kind, nothing active).
    """
    _may(user, disclosure.unit)
    data = b""
    if proof_file is not None:
        check_upload(proof_file, extensions=PROOF_EXTENSIONS, label=_("tệp minh chứng"))
        data = b"".join(proof_file.chunks())
        try:
            files.check_kept_file(data, name=proof_file.name or "")
        except files.FileProblem as exc:
            raise ValidationError(str(exc)) from exc
    if issued_document is not None and not proof_document.strip():
        proof_document = f"{issued_document.number or ''}/{issued_document.symbol}".strip("/")
    rules = dr.load_rules()
    duty = rules.duties.get(disclosure.duty)
    errors = []
    if duty is not None and duty.trigger is dr.Trigger.EVENT:
        disclosure.event_date = event_date
    if published_on is not None:
        if published_on > timezone.localdate():
            errors.append(_("Ngày công khai không được sau hôm nay."))
        if form not in rules.forms:
            errors.append(_("Chọn hình thức công khai."))
        has_file = proof_file is not None or bool(disclosure.proof_file)
        if not link.strip() and not proof_document.strip() and issued_document is None and not has_file:
            errors.append(_("Ghi đường dẫn nơi công khai hoặc số, ký hiệu văn bản công khai làm minh chứng."))
        if disclosure.event_date is None:
            errors.append(_("Ghi ngày phát sinh nghĩa vụ trước khi ghi ngày công khai."))
        elif published_on < disclosure.event_date:
            errors.append(_("Ngày công khai không được trước ngày phát sinh nghĩa vụ."))
    if errors:
        raise ValidationError(errors)
    disclosure.published_on = published_on
    disclosure.form = form if published_on else ""
    disclosure.link = link.strip()
    disclosure.proof_document = proof_document.strip()
    if issued_document is not None:
        disclosure.issued_document = issued_document
    if proof_file is not None:
        disclosure.proof_file.save(proof_file.name or "minh-chung", ContentFile(data), save=False)
    disclosure.note = note
    disclosure.due_date = _due(disclosure)
    disclosure.updated_by = user
    disclosure.full_clean(exclude=["updated_by", "unit"])
    disclosure.save()
    return disclosure


# --- autonomy ----------------------------------------------------------------------------------------------


def save_autonomy(
    *, user: User | None, unit: Unit, year: int, group: int, decision_number: str = "",
    decision_date: date | None = None, plan_period: str = "", revenue: Decimal | None = None,
    spending: Decimal | None = None, share: Decimal | None = None, finances_investment: bool = False,
    target_group: int | None = None, note: str = "",
) -> AutonomyRecord:  # fmt: skip
    """Create or update a unit's autonomy record of a year. The group must be one the share supports
    (the approved share, else the estimate revenue ÷ spending; cchc.domain.finance.autonomy.check)."""
    _may(user, unit)
    errors = []
    if group not in (1, 2, 3, 4):
        errors.append(_("Chọn nhóm tự chủ 1, 2, 3 hoặc 4."))
    if target_group is not None and target_group not in (1, 2, 3, 4):
        errors.append(_("Nhóm mục tiêu phải là 1, 2, 3 hoặc 4."))
    if share is not None and not (0 <= share <= 1000):
        errors.append(_("Mức tự bảo đảm chi thường xuyên phải từ 0 đến 1000 %."))
    basis = share if share is not None else au.estimated_share(revenue, spending)
    if not errors and basis is not None:
        problem = au.check(group, basis, self_finances_investment=finances_investment)
        if problem:
            errors.append(problem)
    if errors:
        raise ValidationError(errors)
    record = AutonomyRecord.objects.filter(unit=unit, year=year).first() or AutonomyRecord(
        unit=unit, year=year
    )
    for name, value in {
        "group": group, "decision_number": decision_number.strip(), "decision_date": decision_date,
        "plan_period": plan_period.strip(), "revenue": revenue, "spending": spending, "share": share,
        "finances_investment": finances_investment, "target_group": target_group, "note": note,
    }.items():  # fmt: skip
        setattr(record, name, value)
    record.updated_by = user
    record.save()
    return record


def delete_autonomy(*, user: User | None, record: AutonomyRecord) -> None:
    _may(user, record.unit)
    record.delete()


# --- public assets -----------------------------------------------------------------------------------------

ASSET_FIELDS = (
    "name", "kind", "value", "book_value", "status", "idle_since", "handling_form", "handling_decision",
    "decided_on", "handover_on", "progress", "handled_on", "note",
)  # fmt: skip


def _asset_errors(values: dict[str, Any]) -> list[str]:
    rules = ar.load_rules()
    errors = []
    if values.get("kind") not in rules.kinds:
        errors.append(_("Chọn loại tài sản."))
    if values.get("status") not in rules.statuses:
        errors.append(_("Chọn hiện trạng tài sản."))
    if values.get("handling_form") and values["handling_form"] not in rules.handling:
        errors.append(_("Hình thức xử lý không có trong danh mục."))
    if values.get("progress") not in rules.progress:
        errors.append(_("Chọn tiến độ xử lý."))
    if values.get("progress") == "da_xu_ly" and not values.get("handling_form"):
        errors.append(_("Ghi hình thức xử lý trước khi ghi đã xử lý xong."))
    value, book = values.get("value"), values.get("book_value")
    if value is None or value < 0:
        errors.append(_("Nguyên giá phải là số không âm."))
    elif book is not None and (book < 0 or book > value):
        errors.append(_("Giá trị còn lại phải từ 0 đến nguyên giá."))
    handled = values.get("handled_on")
    if handled is not None and handled > timezone.localdate():
        errors.append(_("Ngày xử lý xong không được sau hôm nay."))
    return errors


def save_asset(
    *, user: User | None, unit: Unit, code: str, asset: Asset | None = None, **values: Any
) -> Asset:
    """Create (``asset`` None) or update a public asset of ``unit``; the codes are those of the data file."""
    _may(user, unit)
    if asset is not None:
        _may(user, asset.unit)
    code = code.strip()
    values.setdefault("status", "dang_dung")
    values.setdefault("progress", "chua_xu_ly")
    errors = _asset_errors(values)
    if not code:
        errors.append(_("Ghi mã tài sản."))
    clash = Asset.objects.filter(unit=unit, code=code)
    if asset is not None:
        clash = clash.exclude(pk=asset.pk)
    if code and clash.exists():
        errors.append(_("Đơn vị đã có tài sản mã “%(c)s”.") % {"c": code})
    if errors:
        raise ValidationError(errors)
    target = asset or Asset(unit=unit)
    target.unit, target.code = unit, code
    for name in ASSET_FIELDS:
        if name in values:
            setattr(target, name, values[name] if values[name] is not None or name not in ("name", "note", "handling_form", "handling_decision") else "")  # fmt: skip
    if target.progress == "da_xu_ly" and target.handled_on is None:
        target.handled_on = timezone.localdate()
    target.updated_by = user
    target.save()
    return target


def delete_asset(*, user: User | None, asset: Asset) -> None:
    _may(user, asset.unit)
    asset.delete()
