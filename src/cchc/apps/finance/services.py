"""Writes of the disclosure register. Every function checks the capability and the unit
(cchc.apps.org.access); ``user`` None is the CLI or the demo loader. Changes go to the audit trail
(django-auditlog, registered in apps.py)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core.calendar import working_calendar
from cchc.apps.org.access import check_unit, require_capability
from cchc.apps.org.models import Unit, User
from cchc.domain.finance import disclosure as dr

from .models import Disclosure


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
) -> Disclosure:
    """Record the event date (event duties) and the proof of publication; the due date is recomputed.

    A publication needs its date, a form from the data file and a proof: the link where it was published
    or the number of the document that published it.
    """
    _may(user, disclosure.unit)
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
        if not link.strip() and not proof_document.strip():
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
    disclosure.note = note
    disclosure.due_date = _due(disclosure)
    disclosure.updated_by = user
    disclosure.full_clean(exclude=["updated_by", "unit"])
    disclosure.save()
    return disclosure
