"""The people and units the tests work with, built by the test suite itself (not by the demo loader).

The same usernames, roles and unit codes as the demo organisation of Sở VHTTDL Lai Châu, so tests read
the same ("truongphong.vh may …"); a change of the demo data (names, positions, new accounts) no longer
changes what the tests check. Everyone has the password :data:`PASSWORD`.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from cchc.apps.org.models import Role, Unit, UnitKind, User

PASSWORD = "cchc@2026"
ROOT_CODE = "LC-SVHTTDL"
ROOT = {
    "name": "Sở Văn hóa, Thể thao và Du lịch tỉnh Lai Châu",
    "abbreviation": "SVHTTDL",
    "kind": UnitKind.DEPARTMENT,
    "parent_body": "UBND TỈNH LAI CHÂU",
    "place_name": "Lai Châu",
    "aliases": "Sở Văn hóa, Thể thao và Du lịch\nSở VHTTDL\nSở VH TTDL\nSở",
}
# (code suffix, name, abbreviation, kind, aliases): the units the tests name, plus a few to fill the tree.
UNITS = [
    ("BGD", "Ban Giám đốc Sở", "BGĐ", UnitKind.LEADERSHIP, "Lãnh đạo Sở\nBan Giám đốc"),
    ("VP", "Văn phòng Sở", "VP", UnitKind.OFFICE, "Văn phòng\nVăn phòng Sở VHTTDL"),
    ("KHTC", "Phòng Kế hoạch - Tài chính", "KHTC", UnitKind.DIVISION, "Phòng Kế hoạch Tài chính\nPhòng KH-TC"),
    ("QLVH", "Phòng Quản lý Văn hóa và Gia đình", "QLVHGĐ", UnitKind.DIVISION, "Phòng Quản lý Văn hóa\nPhòng QLVH"),
    ("QLTDTT", "Phòng Quản lý Thể dục thể thao", "QLTDTT", UnitKind.DIVISION, "Phòng Quản lý Thể thao\nPhòng QLTDTT"),
    ("QLDL", "Phòng Quản lý Du lịch", "QLDL", UnitKind.DIVISION, "Phòng Du lịch\nPhòng QLDL"),
    ("TTBCXB", "Phòng Thông tin, Báo chí và Xuất bản", "TTBCXB", UnitKind.DIVISION, "Phòng Báo chí, Xuất bản"),
    ("TV", "Thư viện tỉnh Lai Châu", "TV", UnitKind.SERVICE_UNIT, "Thư viện tỉnh"),
    ("BT", "Bảo tàng tỉnh Lai Châu", "BT", UnitKind.SERVICE_UNIT, "Bảo tàng tỉnh"),
    ("TTVHDA", "Trung tâm Văn hóa - Điện ảnh tỉnh", "TTVHĐA", UnitKind.SERVICE_UNIT, "Trung tâm Văn hóa Điện ảnh"),
    ("TTHLTD", "Trung tâm Huấn luyện và Thi đấu thể thao tỉnh", "TTHLTĐ", UnitKind.SERVICE_UNIT, "Trung tâm Huấn luyện và Thi đấu"),
]  # fmt: skip
# (username, first name, last name, unit suffix or "" for the Sở, role, position)
PEOPLE = [
    ("giamdoc", "Mạnh Hùng", "Trần", "BGD", Role.LEADER, "Giám đốc"),
    ("phogiamdoc", "Thị Lan", "Nguyễn", "BGD", Role.LEADER, "Phó Giám đốc"),
    ("vanphong", "Thu Hương", "Lò", "VP", Role.COORDINATOR, "Chánh Văn phòng"),
    ("truongphong.vh", "Văn Minh", "Hoàng", "QLVH", Role.UNIT_HEAD, "Trưởng phòng"),
    ("chuyenvien.vh", "Thị Mai", "Lê", "QLVH", Role.OFFICER, "Chuyên viên"),
    ("truongphong.dl", "Quốc Bảo", "Phạm", "QLDL", Role.UNIT_HEAD, "Trưởng phòng"),
    ("chuyenvien.dl", "Thị Hoa", "Tòng", "QLDL", Role.OFFICER, "Chuyên viên"),
    ("motcua", "Văn Sơn", "Giàng", "VP", Role.DATA_STEWARD, "Chuyên viên Bộ phận một cửa"),
    ("kiemtra", "Đức Anh", "Vũ", "", Role.AUDITOR, "Thanh tra viên Sở Nội vụ"),
    ("quantri", "Hệ thống", "Quản trị", "", Role.ADMIN, "Quản trị hệ thống"),
]


def build_units() -> dict[str, Unit]:
    """The units keyed by code suffix ("" is the Sở); idempotent."""
    root, _ = Unit.objects.update_or_create(code=ROOT_CODE, defaults=ROOT)
    units = {"": root}
    for order, (suffix, name, abbr, kind, aliases) in enumerate(UNITS, start=1):
        units[suffix], _ = Unit.objects.update_or_create(
            code=f"{ROOT_CODE}-{suffix}",
            defaults={"name": name, "abbreviation": abbr, "kind": kind, "parent": root, "order": order,
                      "aliases": aliases},
        )  # fmt: skip
    return units


def build_people(units: dict[str, Unit]) -> dict[str, User]:
    """One user per entry of :data:`PEOPLE`, keyed by username; idempotent."""
    password = make_password(PASSWORD)
    people = {}
    for username, first, last, suffix, role, position in PEOPLE:
        people[username], _ = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first, "last_name": last, "unit": units[suffix], "role": role,
                "position": position, "email": f"{username}@vhttdl.laichau.example",
                "is_staff": role == Role.ADMIN, "is_superuser": role == Role.ADMIN, "password": password,
            },
        )  # fmt: skip
    return people
