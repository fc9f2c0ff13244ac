"""Demo: the staff register of Sở VHTTDL Lai Châu (the demo accounts and colleagues without an account),
digital-skills courses with results (the share trained short of the 2026 target of 100 %), the directive's
"100 % cán bộ … kỹ năng số" target fed by the measured source, and a quarter evaluated for two phòng —
self-assessment, the unit head's scoring from their tasks, the director's approval of one (idempotent)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from cchc.apps.core.demo import demo_loader
from cchc.apps.directives.selectors import linkable_targets
from cchc.apps.directives.services import set_target_source, sync_targets
from cchc.apps.org.models import Unit, User

from . import services
from .models import Attendance, Course, DisciplineForm, DisciplineRecord, Evaluation, StaffKind, StaffRecord
from .periods import current_period

PREFIX = "LC-SVHTTDL-"
# (code, họ, đệm tên, unit suffix, position, ngạch, vị trí việc làm, username or "")
STAFF = [
    ("LC001", "Trần", "Mạnh Hùng", "BGD", "Giám đốc", "Chuyên viên cao cấp", "Giám đốc Sở", "giamdoc"),
    (
        "LC002",
        "Nguyễn",
        "Thị Lan",
        "BGD",
        "Phó Giám đốc",
        "Chuyên viên chính",
        "Phó Giám đốc Sở",
        "phogiamdoc",
    ),
    ("LC003", "Lò", "Thu Hương", "VP", "Chánh Văn phòng", "Chuyên viên chính", "Chánh Văn phòng", "vanphong"),
    ("LC004", "Giàng", "Văn Sơn", "VP", "", "Chuyên viên", "Tiếp nhận và trả kết quả TTHC", "motcua"),
    ("LC005", "Lường", "Thị Thu", "VP", "", "Chuyên viên", "Văn thư, lưu trữ", ""),
    ("LC006", "Vàng", "A Dình", "VP", "", "Chuyên viên", "Tổ chức cán bộ", ""),
    (
        "LC007",
        "Hoàng",
        "Văn Minh",
        "QLVH",
        "Trưởng phòng",
        "Chuyên viên chính",
        "Trưởng phòng",
        "truongphong.vh",
    ),
    ("LC008", "Lê", "Thị Mai", "QLVH", "", "Chuyên viên", "Quản lý văn hóa cơ sở", "chuyenvien.vh"),
    ("LC009", "Tẩn", "Thị Dua", "QLVH", "", "Chuyên viên", "Quản lý di sản", ""),
    ("LC010", "Đèo", "Văn Hải", "QLVH", "", "Chuyên viên", "Gia đình", ""),
    (
        "LC011",
        "Phạm",
        "Quốc Bảo",
        "QLDL",
        "Trưởng phòng",
        "Chuyên viên chính",
        "Trưởng phòng",
        "truongphong.dl",
    ),
    ("LC012", "Tòng", "Thị Hoa", "QLDL", "", "Chuyên viên", "Quản lý lữ hành", "chuyenvien.dl"),
    ("LC013", "Sùng", "A Chứ", "QLDL", "", "Chuyên viên", "Xúc tiến du lịch", ""),
    ("LC014", "Bùi", "Thị Ngọc", "KHTC", "Trưởng phòng", "Chuyên viên chính", "Trưởng phòng", ""),
    ("LC015", "Đỗ", "Văn An", "KHTC", "", "Kế toán viên", "Kế toán", ""),
    ("LC016", "Lò", "Văn Chiến", "QLTDTT", "", "Chuyên viên", "Quản lý thể thao quần chúng", ""),
    ("LC017", "Vũ", "Thị Bích", "TTBCXB", "", "Chuyên viên", "Quản lý báo chí", ""),
    ("LC018", "Hà", "Thị Yến", "TV", "", "Thư viện viên hạng III", "Thư viện viên", ""),
    ("LC019", "Chẻo", "Lử Mẩy", "BT", "", "Di sản viên hạng III", "Di sản viên", ""),
    ("LC020", "Pờ", "Xuân Bình", "TTVHDA", "", "Phương pháp viên", "Phương pháp viên", ""),
]
NOT_TRAINED = {"LC005", "LC013", "LC019"}  # so the share shows who is left
IN_PROGRESS = {"LC016", "LC020"}
CERTIFIED = {"LC001", "LC003", "LC007", "LC008", "LC011", "LC012", "LC018"}


@demo_loader(60, "people")
def load() -> list[str]:
    units = {u.code.removeprefix(PREFIX): u for u in Unit.objects.filter(code__startswith=PREFIX)}
    if "VP" not in units:
        return ["Bỏ qua dữ liệu mẫu cán bộ: chưa có cơ cấu tổ chức mẫu."]
    users = {u.username: u for u in User.objects.filter(username__in=[s[-1] for s in STAFF if s[-1]])}
    today = timezone.localdate()
    staff = {}
    for i, (code, family, given, suffix, position, rank, job, username) in enumerate(STAFF):
        record = StaffRecord.objects.filter(code=code).first() or StaffRecord(code=code)
        record.family_name, record.given_name, record.unit = family, given, units[suffix]
        record.position, record.rank, record.job_position = position, rank, job
        record.staff_kind = StaffKind.VIEN_CHUC if suffix in ("TV", "BT", "TTVHDA") else StaffKind.CONG_CHUC
        record.user = users.get(username) if username else None
        record.birth_date = date(1975 + i, 1 + i % 12, 1 + (3 * i) % 28)
        record.gender = "nu" if "Thị" in given else "nam"
        record.id_number = f"0120{8000000 + 1371 * i:08d}"
        record.phone = f"0912{100000 + 7 * i:06d}"
        record.started_on = date(2000 + i % 20, 9, 1)
        staff[code] = services.save_staff(user=None, staff=record)
    mooc, _ = Course.objects.update_or_create(
        code="BDHVS-2026",
        defaults={
            "name": "Bình dân học vụ số — kỹ năng số cơ bản cho cán bộ, công chức, viên chức",
            "provider": "Nền tảng “Bình dân học vụ số” (MOOCs)", "digital_skills": True, "unit": units["VP"],
            "starts_on": date(today.year, 3, 1), "ends_on": date(today.year, 10, 31),
        },
    )  # fmt: skip
    qlnn, _ = Course.objects.update_or_create(
        code="QLNN-2026",
        defaults={"name": "Bồi dưỡng kiến thức quản lý nhà nước ngạch chuyên viên", "provider": "Trường Chính trị tỉnh",
                  "digital_skills": False, "unit": units["VP"], "starts_on": date(today.year, 5, 4)},
    )  # fmt: skip
    for code, record in staff.items():
        if code in NOT_TRAINED:
            Attendance.objects.filter(staff=record, course=mooc).delete()
            continue
        done = (
            None
            if code in IN_PROGRESS
            else min(today, date(today.year, 4, 1) + timedelta(days=5 * int(code[2:])))
        )
        cert = f"BDHVS-{today.year}-{code}" if code in CERTIFIED and done else ""
        services.record_attendance(user=None, course=mooc, staff=record, completed_on=done, certificate=cert)
    for code in ("LC008", "LC012", "LC015"):
        services.record_attendance(user=None, course=qlnn, staff=staff[code], completed_on=None)
    if not DisciplineRecord.objects.filter(staff=staff["LC015"]).exists():
        services.record_discipline(
            user=None, staff=staff["LC015"], form=DisciplineForm.KHIEN_TRACH, decided_on=date(today.year, 6, 12),
            decision_number=f"45/QĐ-SVHTTDL ({today.year})", reason="Chậm nộp báo cáo quyết toán nhiều lần.",
        )  # fmt: skip
    lines = [f"Cán bộ: {len(staff)} hồ sơ, khóa học {mooc.code} (kỹ năng số)."]
    lines += _link_target()
    lines += _evaluate(users, units)
    return lines


def _link_target() -> list[str]:
    """The directive's target "100 % cán bộ, công chức được đào tạo, bồi dưỡng kỹ năng số" reads the source."""
    target = (
        linkable_targets(user=None).filter(metric__icontains="kỹ năng số").first()
        or linkable_targets(user=None).filter(text__icontains="kỹ năng số").first()
    )
    if target is None:
        return []
    set_target_source(source_key="people.digital_skills_share", target_id=target.pk, unit=None)
    sync_targets(prefix="people.")
    return ["Chỉ tiêu “100 % cán bộ được bồi dưỡng kỹ năng số” đọc nguồn people.digital_skills_share."]


def _evaluate(users: dict[str, User], units: dict[str, Unit]) -> list[str]:
    period = current_period()
    marks = {"chinh_tri": "6", "dao_duc": "6", "ky_luat": "5.5", "trach_nhiem": "5.5", "doi_moi": "5"}
    for officer, head in (("chuyenvien.vh", "truongphong.vh"), ("chuyenvien.dl", "truongphong.dl")):
        if officer not in users or head not in users:
            return []
        done = Evaluation.objects.filter(
            staff__user=users[officer], period=period, status__in=["reviewed", "approved"]
        ).exists()
        if done:
            continue
        evaluation = services.submit_self_evaluation(
            user=users[officer], period=period, marks=marks, note="Hoàn thành các nhiệm vụ được giao."
        )
        services.review_evaluation(user=users[head], evaluation=evaluation, marks=marks | {"doi_moi": "4.5"}, note="Đồng ý với bản tự đánh giá.")  # fmt: skip
    if "giamdoc" in users:
        services.approve_unit(user=users["giamdoc"], unit=units["QLVH"], period=period)
    return [f"Đánh giá kỳ {period}: Phòng QLVHGĐ đã phê duyệt, Phòng QLDL chờ lãnh đạo phê duyệt."]
