"""Every service that checks a capability or a unit, called directly by every account of the world on an
object of every place, with the answer derived from org/access.py as for the routes.

Why services and not only routes: a service is the contract the views, the API, the CLI and the jobs
share; its own ``require_capability`` / ``check_unit`` is what stands when a new caller (another app, a
command, an API endpoint) forgets to check first. Through the routes alone these checks can never be seen
to work, since each view checks the same thing before calling (the route × role matrix cannot tell whether
the service's check is there). Here each one is observable: removing it lets a refused account through.

An entry names the requirement (as in ``declare``: a capability, "a|b", or "capability@organisation"), the
objects it is tried on (a label of ``World.objects``: one per place, or None for a service that is not
scoped to a unit) and how to call it. Expected, for each account × object:

* refused — the account lacks the requirement, or the object's unit is outside its write scope:
  ``PermissionDenied``;
* allowed — anything but ``PermissionDenied``; a rule of the object's state (``ValidationError``,
  ``UserError``: "not a draft", "already pending") may answer, as the world's objects are in one state each.
  Any other exception is reported: the call itself must be well-formed for the refusals to mean anything.

Each call runs in a savepoint rolled back afterwards, on a fresh copy of the object.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Model

from cchc.apps.org.access import Obj, allows, can_access_unit
from cchc.apps.org.models import Unit, User
from cchc.domain.errors import UserError

from .world import World

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # fmt: skip


@dataclass(frozen=True)
class Call:
    requirement: str
    objects: str | None  # World.objects label (tried once per place) or None (no unit scope)
    call: Callable[[User, Any, World], Any]
    unit: str = "unit"  # path from the object to the unit that scopes it ("" = the object is a unit)


def _fresh(obj: Model | None) -> Any:
    return None if obj is None else type(obj)._default_manager.get(pk=obj.pk)


def _own_unit(user: User, world: World) -> Unit:
    return user.unit or world.places["QLVH"]


# --- the calls ---------------------------------------------------------------------------------------


def _directive_create(user: User, unit: Unit, world: World, *, task_unit: Unit | None = None) -> Any:
    from cchc.apps.directives.services import DirectiveInput, TaskInput, directive_create

    own = _own_unit(user, world)
    return directive_create(
        user=user,
        directive=DirectiveInput(subject="Chỉ đạo thử", unit=unit if task_unit is None else own),
        tasks=[TaskInput(summary="Nhiệm vụ thử", units=[own], coordinating=[task_unit] if task_unit else [])],
    )


def _task_call(name: str) -> Callable[[User, Any, World], Any]:
    def call(user: User, task: Any, world: World) -> Any:
        from cchc.apps.directives import services

        today = dt.date.today()
        if name == "assign":
            place = next(p for p, t in world.objects["directives.Task"].items() if t.pk == task.pk)
            staff = world.objects["org.User"][place]
            return services.task_assign(user=user, task_id=task.pk, assignee_id=staff.pk)
        if name == "report":
            return services.task_report_progress(user=user, task_id=task.pk, percent=20, text="Tiến độ.")
        if name == "extend":
            return services.task_request_extension(
                user=user, task_id=task.pk, new_deadline=today + dt.timedelta(days=200), reason="Chờ."
            )
        if name == "decide":
            ext = task.extensions.first()
            return services.extension_decide(user=user, extension_id=ext.pk, approve=True, note="Đồng ý.")
        if name == "measure":
            target = task.targets.first()
            return services.target_record_measurement(
                target_id=target.pk, value="12", measured_on=today, source="Báo cáo", user=user
            )
        raise AssertionError(name)

    return call


def _correction(name: str) -> Callable[[User, Any, World], Any]:
    """The corrections of a confirmed directive (directives/services/corrections.py) on the object of a
    place: a task ("units" moves the user's own place's task to the unit of the place instead)."""

    def call(user: User, obj: Any, world: World) -> Any:
        from cchc.apps.directives import services

        today = dt.date.today()
        if name == "units":
            own = next((p for p, u in world.places.items() if u == user.unit), "QLVH")
            task = world.objects["directives.Task"][own]
            return services.task_change_units(user=user, task_id=task.pk, unit=obj, coordinating=[])
        if name == "deadline":
            return services.task_change_deadline(
                user=user, task_id=obj.pk, deadline=today + dt.timedelta(days=150)
            )
        if name == "targets":
            return services.task_change_targets(user=user, task_id=obj.pk, targets=[])
        if name == "cancel":
            return services.task_cancel(user=user, task_id=obj.pk, reason="Nhập nhầm.")
        if name == "restore":
            return services.task_restore(user=user, task_id=obj.pk)
        if name == "add":
            return services.directive_add_task(
                user=user,
                directive_id=obj.pk,
                task=services.TaskInput(summary="Nhiệm vụ thêm", units=[obj.unit]),
            )
        if name == "directive_cancel":
            return services.directive_cancel(user=user, directive_id=obj.pk, reason="Thay thế.")
        if name == "directive_restore":
            return services.directive_restore(user=user, directive_id=obj.pk)
        raise AssertionError(name)

    return call


def _sign(user: User, document: Any, world: World) -> Any:
    """The account is named as the signer, so only the capability and the unit can refuse it; the printed
    name is someone else's, so an allowed call stops at that rule (no key is made, nothing is signed)."""
    from cchc.apps.documents.services import signing

    document.signer = user
    document.signatory_name = "Người Khác Hẳn"
    document.save(update_fields=["signer", "signatory_name"])
    return signing.sign_as_person(user=user, document=document)


def _import_file(user: User, unit: Unit, world: World) -> Any:
    from cchc.apps.procedures.imports import import_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "danh-muc.csv"
        path.write_text("Mã TTHC,Tên thủ tục\n1.000001,Thủ tục thử\n", encoding="utf-8")
        return import_file(path, user=user, unit=unit)


def _procedure_new(user: User, unit: Unit, world: World) -> Any:
    from cchc.apps.procedures.models import Procedure
    from cchc.apps.procedures.services import save_procedure

    return save_procedure(user=user, procedure=Procedure(code="9.999999", name="Thủ tục mới", unit=unit))


def _procedure_take_over(user: User, procedure: Any, world: World) -> Any:
    """Move a procedure of the object's unit into the account's own unit (which it may always write)."""
    from cchc.apps.procedures.services import save_procedure

    procedure.unit = _own_unit(user, world)
    return save_procedure(user=user, procedure=procedure)


def _plan(name: str) -> Callable[[User, Any, World], Any]:
    def call(user: User, procedure: Any, world: World) -> Any:
        from cchc.apps.procedures import services

        plan = procedure.plans.first()
        if name == "save":
            plan.content = "Phương án sửa."
            return services.save_plan(user=user, plan=plan, sync=False)
        return services.delete_plan(user=user, plan=plan)

    return call


def _cost_record(user: User, procedure: Any, world: World) -> Any:
    from cchc.apps.procedures import services
    from cchc.apps.procedures.models import CostRecord

    record = CostRecord.objects.filter(procedure=procedure).first() or CostRecord(procedure=procedure)
    record.source = "Bảng chi phí sửa."
    return services.save_cost_record(user=user, record=record)


def _dossier_upload(user: User, _: Any, world: World) -> Any:
    from cchc.apps.dossiers.services import create_import_job

    upload = SimpleUploadedFile("hoso.csv", "Mã hồ sơ,Ngày nhận\nH1,01/01/2026\n".encode(), "text/csv")
    return create_import_job(user=user, upload=upload, source="mot-cua")


def _keep_upload(user: User, _: Any, world: World) -> Any:
    from cchc.apps.dossiers.services import keep_upload

    upload = SimpleUploadedFile("hoso.csv", "Mã hồ sơ,Ngày nhận\nH1,01/01/2026\n".encode(), "text/csv")
    return keep_upload(user=user, upload=upload)


def _queue_import(user: User, _: Any, world: World) -> Any:
    from cchc.apps.dossiers.services import queue_import_job, upload_dir

    folder = upload_dir() / "probe"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hoso.csv"
    path.write_text("Mã hồ sơ,Ngày nhận\nH1,01/01/2026\n", encoding="utf-8")
    return queue_import_job(user=user, path=path, file_name="hoso.csv", source="mot-cua")


def _save_profile(user: User, _: Any, world: World) -> Any:
    from cchc.apps.dossiers.services import save_column_profile

    return save_column_profile(user=user, source="ncc", mapping={"Số HS": "dossier_code"})


def _portal_import(user: User, unit: Unit, world: World) -> Any:
    from cchc.apps.dossiers.services import import_portal_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cong.csv"
        path.write_text(f'Mã đơn vị,Kỳ,Chỉ số,Điểm\n{unit.code},03/2026,2.1,"18,5"\n', encoding="utf-8")
        return import_portal_file(user=user, unit=unit, path=path, file_name="cong.csv")


def _create_feed(user: User, unit: Unit, world: World) -> Any:
    from cchc.apps.dossiers.services import save_feed

    return save_feed(user=user, source=f"nguon-moi-{unit.pk}", unit=unit)


def _change_feed(user: User, feed: Any, world: World) -> Any:
    from cchc.apps.dossiers.services import save_feed

    # Given to the user's own unit: what refuses a feed of another unit is the check on the feed's unit.
    return save_feed(user=user, feed=feed, source=feed.source, unit=_own_unit(user, world), quiet_after=3)


def _start_feed_mapping(user: User, feed_file: Any, world: World) -> Any:
    from cchc.apps.dossiers.services import start_feed_mapping

    return start_feed_mapping(user=user, feed_file=feed_file)


def _attach_feed_job(user: User, feed_file: Any, world: World) -> Any:
    from cchc.apps.dossiers.services import attach_feed_job

    job = _fresh(world.singles["dossiers.ImportJob"])
    return attach_feed_job(user=user, feed_file_id=feed_file.pk, job=job)


def _job_rollback(user: User, _: Any, world: World) -> Any:
    from cchc.apps.dossiers.services import rollback_import_job

    return rollback_import_job(user=user, job=_fresh(world.singles["dossiers.ImportJob"]))


def _calendar(user: User, _: Any, world: World) -> Any:
    from cchc.apps.core.calendar import override_save

    return override_save(user=user, day=dt.date(2026, 10, 3), working=True, name="Làm bù")


def _cost_parameter(user: User, _: Any, world: World) -> Any:
    from cchc.apps.procedures.services import save_cost_parameter

    return save_cost_parameter(user=user, parameter=_fresh(world.singles["procedures.CostParameter"]))


def _create_draft(user: User, unit: Unit, world: World) -> Any:
    from cchc.apps.documents.services import drafting

    # Rendering the PDF and DOCX (a quarter of a second each) has nothing to do with who may draft.
    with mock.patch.object(drafting, "_store_renderings"):
        return drafting.create_draft(
            user=user, unit=unit, data={"doc_type": "CONG_VAN", "subject": "Dự thảo thử", "body": "Nội dung."}
        )


def _svc(module: str, name: str) -> Any:
    import importlib

    return getattr(importlib.import_module(module), name)


def _assessment_call(name: str) -> Callable[[User, Any, World], Any]:
    """The PAR self-assessment's services on the world's 2026 assessment and criteria set."""

    def call(user: User, obj: Any, world: World) -> Any:
        from cchc.apps.assessment import selectors, services

        version = world.singles["assessment.CriteriaSetVersion"]
        if name == "save_criteria_set":
            cset = selectors.criteria_set(version)
            from dataclasses import replace

            return services.save_criteria_set(
                user=user, cset=replace(cset, version="thu-quyen"), origin="editor"
            )
        if name == "edit_criteria_set":
            header = dict(version.header, version="thu-quyen")
            return services.edit_criteria_set(user=user, base=version, header=header, rows=list(version.rows))
        if name in ("open", "approve"):
            a = type(world.singles["assessment.Assessment"])._default_manager.get(
                pk=world.singles["assessment.Assessment"].pk
            )
            return services.take_step(user=user, assessment=a, name=name)
        if name == "upload_evidence":
            upload = SimpleUploadedFile("bao-cao.pdf", PDF, "application/pdf")
            return services.upload_evidence(user=user, upload=upload, unit=obj)
        if name == "verify_evidence":
            return services.verify_evidence(user=user)
        if name == "reference_evidence":
            return services.reference_evidence(user=user, model="directives.Evidence", pk=obj.pk)
        raise AssertionError(name)

    return call


DOCS = "cchc.apps.documents.services"
PEOPLE = "cchc.apps.people.services"
MARKS = {"chinh_tri": "5", "dao_duc": "5", "ky_luat": "5", "trach_nhiem": "5", "doi_moi": "5"}


def _people_import(user: User, unit: Unit, world: World) -> Any:
    from cchc.apps.people.imports import import_file
    from tests.malformed import xlsx_bytes

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "can-bo.xlsx"
        path.write_bytes(xlsx_bytes([["Mã cán bộ", "Họ và tên", "Đơn vị"], ["T1", "Lò Văn Thử", unit.code]]))
        return import_file(path, user=user, unit=unit)


def _attendance(user: User, staff: Any, world: World) -> Any:
    from cchc.apps.people.models import Course

    course = Course.objects.filter(unit=staff.unit).first()
    return _svc(PEOPLE, "record_attendance")(
        user=user, course=course, staff=staff, completed_on=dt.date(2026, 3, 1)
    )


FINANCE = "cchc.apps.finance.services"
REPORTS = "cchc.apps.reports.services"
INSTITUTIONS = "cchc.apps.institutions.services"


def _institutions_import(user: User, unit: Unit, world: World) -> Any:
    from cchc.apps.institutions.imports import import_file
    from tests.malformed import xlsx_bytes

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "van-ban.xlsx"
        rows = [["Số, ký hiệu", "Loại văn bản", "Trích yếu", "Ngày ban hành"], ["9/2025/QĐ-UBND", "Quyết định", "Thử", "01/02/2025"]]  # fmt: skip
        path.write_bytes(xlsx_bytes(rows))
        return import_file(path, user=user, unit=unit, kind="documents")


def _institutions_doc(user: User, doc: Any, world: World) -> Any:
    doc.title = "Sửa"
    return _svc(INSTITUTIONS, "save_document")(actor=user, document=doc)


def _import_quotas(user: User, _obj: Any, world: World) -> Any:
    from cchc.apps.org.staffing import import_quotas

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bien-che.csv"
        path.write_text("Đơn vị,Năm,Loại,Biên chế được giao\nQLVH,2026,Công chức,5\n", encoding="utf-8")
        return import_quotas(path, user=user)


def _rename(user: User, unit: Unit, world: World) -> Any:
    from cchc.apps.org.services import ChangeInput, record_change

    data = ChangeInput(
        kind="rename",
        effective_on=dt.date(2026, 7, 1),
        decision_number="1/QĐ",
        sources=[unit],
        new_name="Tên mới",
    )
    return record_change(user=user, data=data)


def _withdraw(user: User, unit: Unit, world: World) -> Any:
    from cchc.apps.org.services import ChangeInput, record_change, withdraw_change

    data = ChangeInput(
        kind="rename",
        effective_on=dt.date(2099, 1, 1),
        decision_number="2/QĐ",
        sources=[unit],
        new_name="Tên mới",
    )
    pending = record_change(user=None, data=data)  # recorded ahead of its effective date: still pending
    return withdraw_change(user=user, change=pending)


def _finance_import(user: User, unit: Unit, world: World) -> Any:
    from cchc.apps.finance.imports import import_file
    from tests.malformed import xlsx_bytes

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tai-san.xlsx"
        # Only a rejected row (no such asset type): nothing reaches the services, whose own checks would
        # otherwise hide the import's; a batch of kept rows is still a write the import must refuse.
        rows = [
            ["Đơn vị", "Mã tài sản", "Tên tài sản", "Loại tài sản", "Nguyên giá"],
            [unit.code, "T1", "Xe", "tàu", "1"],
        ]
        path.write_bytes(xlsx_bytes(rows))
        return import_file(path, kind="asset", user=user, unit=unit)


CALLS: dict[str, Call] = {
    "org.record_change": Call("org.manage", "org.Unit", _rename, unit=""),
    "org.withdraw_change": Call("org.manage", "org.Unit", _withdraw, unit=""),
    "org.import_quotas": Call("org.manage", None, _import_quotas),
    "org.save_quota": Call(
        "org.manage",
        "org.Unit",
        lambda u, unit, w: _svc("cchc.apps.org.staffing", "save_quota")(
            user=u, unit=unit, year=2026, kind="cong_chuc", assigned=5, actual=None
        ),
        unit="",
    ),
    "reports.create_report": Call(
        "reports.create",
        "org.Unit",
        lambda u, unit, w: _svc(REPORTS, "create_report")(user=u, unit=unit, period="2026-Q1"),
        unit="",
    ),
    "reports.save_texts": Call(
        "reports.create",
        "reports.Report",
        lambda u, r, w: _svc(REPORTS, "save_texts")(user=u, report=r, texts={"chi_dao": "Đã sửa."}),
    ),
    "reports.refresh_figures": Call(
        "reports.create", "reports.Report", lambda u, r, w: _svc(REPORTS, "refresh_figures")(user=u, report=r)
    ),
    "reports.issue_report": Call(
        "reports.create", "reports.Report", lambda u, r, w: _svc(REPORTS, "issue_report")(user=u, report=r)
    ),
    "reports.create_document": Call(
        "reports.create", "reports.Report", lambda u, r, w: _svc(REPORTS, "create_document")(user=u, report=r)
    ),
    "institutions.register_document": Call(
        "institutions.manage",
        "org.Unit",
        lambda u, unit, w: _svc(INSTITUTIONS, "register_document")(
            actor=u,
            unit=unit,
            symbol="8/2025/QĐ-UBND",
            doc_type="Quyết định",
            title="Thử",
            issuer="UBND",
            issued_on=dt.date(2025, 1, 2),
            relation="chu_tri",
        ),
        unit="",
    ),
    "institutions.save_document": Call(
        "institutions.manage", "institutions.LegalDocument", _institutions_doc
    ),
    "institutions.open_round": Call(
        "institutions.manage",
        "org.Unit",
        lambda u, unit, w: _svc(INSTITUTIONS, "open_round")(
            actor=u, unit=unit, title="Thử", kind="ra_soat", trigger_date=dt.date(2026, 1, 5)
        ),
        unit="",
    ),
    "institutions.record_finding": Call(
        "institutions.manage",
        "institutions.ReviewItem",
        lambda u, i, w: _svc(INSTITUTIONS, "record_finding")(
            actor=u, item=i, effect="con_hieu_luc", form="sua_doi_bo_sung", on=dt.date(2026, 1, 5)
        ),
        unit="round__unit",
    ),
    "institutions.set_proposal_status": Call(
        "institutions.manage",
        "institutions.ReviewItem",
        lambda u, i, w: _svc(INSTITUTIONS, "set_proposal_status")(actor=u, item=i, status="dang_xu_ly"),
        unit="round__unit",
    ),
    "institutions.link_task": Call(
        "institutions.manage",
        "institutions.ReviewItem",
        lambda u, i, w: _svc(INSTITUTIONS, "link_task")(actor=u, item=i, task=None),
        unit="round__unit",
    ),
    "institutions.close_round": Call(
        "institutions.manage",
        "institutions.ReviewRound",
        lambda u, r, w: _svc(INSTITUTIONS, "close_round")(actor=u, rnd=r, on=dt.date(2026, 1, 5)),
    ),
    "institutions.import_file": Call("institutions.manage", "org.Unit", _institutions_import, unit=""),
    "finance.open_year": Call(
        "finance.manage",
        "org.Unit",
        lambda u, unit, w: _svc(FINANCE, "open_year")(user=u, unit=unit, year=2027),
        unit="",
    ),
    "finance.add_adjustment": Call(
        "finance.manage",
        "org.Unit",
        lambda u, unit, w: _svc(FINANCE, "add_adjustment")(
            user=u, unit=unit, year=2027, event_date=dt.date(2027, 3, 1)
        ),
        unit="",
    ),
    "finance.record_disclosure": Call(
        "finance.manage",
        "finance.Disclosure",
        lambda u, d, w: _svc(FINANCE, "record_disclosure")(
            user=u, disclosure=d, event_date=None, published_on=None
        ),
    ),
    "finance.save_autonomy": Call(
        "finance.manage",
        "org.Unit",
        lambda u, unit, w: _svc(FINANCE, "save_autonomy")(user=u, unit=unit, year=2027, group=4),
        unit="",
    ),
    "finance.delete_autonomy": Call(
        "finance.manage",
        "finance.AutonomyRecord",
        lambda u, r, w: _svc(FINANCE, "delete_autonomy")(user=u, record=r),
    ),
    "finance.save_asset": Call(
        "finance.manage",
        "finance.Asset",
        lambda u, a, w: _svc(FINANCE, "save_asset")(
            user=u, unit=a.unit, code=a.code, asset=a, name=a.name, kind=a.kind, value=a.value
        ),
    ),
    "finance.delete_asset": Call(
        "finance.manage", "finance.Asset", lambda u, a, w: _svc(FINANCE, "delete_asset")(user=u, asset=a)
    ),
    "finance.import_file": Call(
        "finance.manage", "org.Unit", lambda u, unit, w: _finance_import(u, unit, w), unit=""
    ),
    "people.save_staff": Call(
        "people.manage", "people.StaffRecord", lambda u, s, w: _svc(PEOPLE, "save_staff")(user=u, staff=s)
    ),
    "people.save_course": Call(
        "people.manage", "people.Course", lambda u, c, w: _svc(PEOPLE, "save_course")(user=u, course=c)
    ),
    "people.record_attendance": Call("people.manage", "people.StaffRecord", _attendance),
    "people.record_discipline": Call(
        "people.discipline",
        "people.StaffRecord",
        lambda u, s, w: _svc(PEOPLE, "record_discipline")(
            user=u, staff=s, form="khien_trach", decided_on=dt.date(2026, 1, 5)
        ),
    ),
    "people.submit_self_evaluation": Call(
        "evaluation.self",
        None,
        lambda u, _, w: _svc(PEOPLE, "submit_self_evaluation")(
            user=u, period="2026-Q2", marks=MARKS, note=""
        ),
    ),
    "people.review_evaluation": Call(
        "evaluation.review",
        "people.Evaluation",
        lambda u, e, w: _svc(PEOPLE, "review_evaluation")(user=u, evaluation=e, marks=MARKS, note=""),
        unit="staff__unit",
    ),
    "people.approve_unit": Call(
        "evaluation.approve",
        "org.Unit",
        lambda u, unit, w: _svc(PEOPLE, "approve_unit")(user=u, unit=unit, period="2026-Q1"),
        unit="",
    ),
    "people.lock_annual": Call(
        "evaluation.approve",
        "org.Unit",
        lambda u, unit, w: _svc(PEOPLE, "lock_annual")(user=u, unit=unit, year=2026),
        unit="",
    ),
    "people.import_file": Call("people.manage", "org.Unit", _people_import, unit=""),
    "directives.directive_create": Call("directives.import", "org.Unit", _directive_create, unit=""),
    "directives.directive_create (coordinating unit)": Call(
        "directives.import",
        "org.Unit",
        lambda u, unit, w: _directive_create(u, unit, w, task_unit=unit),
        unit="",
    ),
    "directives.import_draft_create": Call(
        "directives.import",
        None,
        lambda u, _, w: _svc("cchc.apps.directives.services", "import_draft_create")(
            user=u, name="a.txt", data=b"x", text="Văn bản", parsed={}
        ),
    ),
    "directives.create_scanned_draft": Call(
        "directives.import",
        None,
        lambda u, _, w: _svc("cchc.apps.directives.services.ocr", "create_scanned_draft")(
            user=u, name="a.pdf", data=PDF
        ),
    ),
    "directives.task_assign": Call("tasks.assign", "directives.Task", _task_call("assign")),
    "directives.task_report_progress": Call("tasks.report", "directives.Task", _task_call("report")),
    "directives.task_request_extension": Call(
        "tasks.report|tasks.assign", "directives.Task", _task_call("extend")
    ),
    "directives.extension_decide": Call("tasks.extend", "directives.Task", _task_call("decide")),
    "directives.target_record_measurement": Call(
        "tasks.report|tasks.approve", "directives.Task", _task_call("measure")
    ),
    "directives.task_change_units": Call("directives.manage", "org.Unit", _correction("units"), unit=""),
    "directives.task_change_deadline": Call("directives.manage", "directives.Task", _correction("deadline")),
    "directives.task_change_targets": Call("directives.manage", "directives.Task", _correction("targets")),
    "directives.task_cancel": Call("directives.manage", "directives.Task", _correction("cancel")),
    "directives.task_restore": Call("directives.manage", "directives.Task", _correction("restore")),
    "directives.directive_add_task": Call("directives.manage", "directives.Directive", _correction("add")),
    "directives.directive_cancel": Call(
        "directives.manage", "directives.Directive", _correction("directive_cancel")
    ),
    "directives.directive_restore": Call(
        "directives.manage", "directives.Directive", _correction("directive_restore")
    ),
    "documents.create_archive_file": Call(
        "documents.archive",
        "org.Unit",
        lambda u, unit, w: _svc(f"{DOCS}.archive", "create_archive_file")(
            user=u,
            unit=unit,
            data={
                "organ_id": "H99",
                "file_catalog": 2026,
                "file_notation": "HS-THU",
                "title": "Hồ sơ thử",
                "creator": "Lò Thu Hương",
                "start_date": dt.date(2026, 1, 5),
            },
        ),
        unit="",
    ),
    "documents.add_document": Call(
        "documents.archive",
        "documents.ArchiveFile",
        lambda u, archive_file, w: _svc(f"{DOCS}.archive", "add_document")(
            user=u, archive_file=archive_file, document=archive_file.items.first().document
        ),
    ),
    "documents.create_draft": Call("documents.draft", "org.Unit", _create_draft, unit=""),
    "documents.update_draft": Call(
        "documents.draft",
        "documents.OutgoingDocument",
        lambda u, doc, w: _svc(f"{DOCS}.drafting", "update_draft")(
            user=u, document=doc, data={"subject": "Sửa"}
        ),
    ),
    "documents.submit_for_signing": Call(
        "documents.draft",
        "documents.OutgoingDocument",
        lambda u, doc, w: _svc(f"{DOCS}.drafting", "submit_for_signing")(user=u, document=doc),
    ),
    "documents.return_to_draft": Call(
        "documents.sign",
        "documents.OutgoingDocument",
        lambda u, doc, w: _svc(f"{DOCS}.drafting", "return_to_draft")(user=u, document=doc),
    ),
    "documents.sign_as_person": Call("documents.sign", "documents.OutgoingDocument", _sign),
    "documents.issue_paper": Call(
        "documents.issue",
        "documents.OutgoingDocument",
        lambda u, doc, w: _svc(f"{DOCS}.signing", "issue_paper")(user=u, document=doc),
        unit="organisation",
    ),
    "documents.register_incoming": Call(
        "documents.issue",
        "org.Unit",
        lambda u, unit, w: _svc(f"{DOCS}.incoming", "register_incoming")(
            user=u, receiving_unit=unit, data={"author": "UBND tỉnh", "subject": "Văn bản đến thử"}
        ),
        unit="",
    ),
    "dossiers.create_import_job": Call("dossiers.import", None, _dossier_upload),
    "dossiers.rollback_import_job": Call("dossiers.import", None, _job_rollback),
    "dossiers.keep_upload": Call("dossiers.import", None, _keep_upload),
    "dossiers.queue_import_job": Call("dossiers.import", None, _queue_import),
    "dossiers.save_column_profile": Call("dossiers.import", None, _save_profile),
    "dossiers.import_portal_file": Call("dossiers.import", "org.Unit", _portal_import, unit=""),
    "dossiers.save_feed(new)": Call("dossiers.import", "org.Unit", _create_feed, unit=""),
    "dossiers.save_feed(change)": Call("dossiers.import", "dossiers.Feed", _change_feed),
    "dossiers.start_feed_mapping": Call(
        "dossiers.import", "dossiers.FeedFile", _start_feed_mapping, unit="feed__unit"
    ),
    "dossiers.attach_feed_job": Call(
        "dossiers.import", "dossiers.FeedFile", _attach_feed_job, unit="feed__unit"
    ),
    "core.override_save": Call("dossiers.calendar", None, _calendar),
    "procedures.import_file": Call("procedures.manage", "org.Unit", _import_file, unit=""),
    "procedures.reimport_row": Call(
        "procedures.manage",
        "procedures.RejectedRow",
        lambda u, row, w: _svc("cchc.apps.procedures.imports", "reimport_row")(
            user=u, row=row, values={"ma_tthc": "1.000001"}
        ),
        unit="batch__unit",
    ),
    "procedures.save_procedure (new)": Call("procedures.manage", "org.Unit", _procedure_new, unit=""),
    "procedures.save_procedure (taken from its unit)": Call(
        "procedures.manage", "procedures.Procedure", _procedure_take_over
    ),
    "procedures.save_plan": Call("procedures.manage", "procedures.Procedure", _plan("save")),
    "procedures.delete_plan": Call("procedures.manage", "procedures.Procedure", _plan("delete")),
    "procedures.save_cost_record": Call("procedures.manage", "procedures.Procedure", _cost_record),
    "procedures.save_cost_parameter": Call("procedures.manage@organisation", None, _cost_parameter),
    "assessment.save_criteria_set": Call("assessment.manage", None, _assessment_call("save_criteria_set")),
    "assessment.edit_criteria_set": Call("assessment.manage", None, _assessment_call("edit_criteria_set")),
    "assessment.take_step (open)": Call("assessment.manage@organisation", None, _assessment_call("open")),
    "assessment.take_step (approve)": Call(
        "assessment.approve@organisation", None, _assessment_call("approve")
    ),
    "assessment.verify_evidence": Call("assessment.manage", None, _assessment_call("verify_evidence")),
    "assessment.upload_evidence": Call(
        "assessment.fill", "org.Unit", _assessment_call("upload_evidence"), unit=""
    ),
    "assessment.reference_evidence": Call(
        "assessment.fill",
        "directives.Evidence",
        _assessment_call("reference_evidence"),
        unit="report__task__unit",
    ),
}


def _outcome(call: Call, user: User, obj: Any, world: World) -> str:
    """ "refused", "allowed" or the unexpected exception, the database left as it was."""
    with transaction.atomic():
        try:
            call.call(user, _fresh(obj), world)
        except PermissionDenied:
            result = "refused"
        except (ValidationError, UserError):
            result = "allowed"
        except Exception as exc:  # reported, not hidden
            result = f"{type(exc).__name__}: {exc}"
        else:
            result = "allowed"
        transaction.set_rollback(True)
    return result


def play(name: str, world: World, username: str, place: str) -> list[str]:
    """Call service ``name`` as ``username`` on the object of ``place`` ("" for an unscoped service)."""
    call = CALLS[name]
    user = world.users[username]
    obj = world.objects[call.objects][place] if call.objects else None
    ok = allows(user, call.requirement)
    if obj is not None:
        unit = world.unit_of(obj, Obj(call.objects or "", unit=call.unit))
        ok = ok and can_access_unit(user, unit, write=True)
    got = _outcome(call, user, obj, world)
    want = "allowed" if ok else "refused"
    return [] if got == want else [f"{name} as {username} on {place or '-'}: expected {want}, got {got}"]


def service_probes(world: World) -> dict[str, Callable[[Any, World], list[str]]]:
    """One probe per service × account × object, so that a mutant replays only the calls that reach it."""
    probes: dict[str, Callable[[Any, World], list[str]]] = {}
    for name, call in CALLS.items():
        places = list(world.objects[call.objects]) if call.objects else [""]
        for username in world.users:
            for place in places:
                probes[f"service {name} as {username} on {place or '-'}"] = (
                    lambda client, world, a=(name, username, place): play(a[0], world, a[1], a[2])
                )
    return probes
