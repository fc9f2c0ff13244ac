"""The kinds a văn bản is made of (NĐ 30/2020): its type, the signer's authority, urgency and secrecy.

Shared by the document model (``model``) and its numbering (``numbering``), which both read them.
"""

from __future__ import annotations

from enum import Enum

from cchc.domain.i18n import pgettext_noop

# The msgctxt of the type names: "thông báo" is also the notifications bell ("Thông báo" → "Notifications").
TYPE_CONTEXT = "loại văn bản"


class DocType(Enum):
    """Document types handled here, with the abbreviation of NĐ 30/2020 Phụ lục III.

    A công văn has no type abbreviation: its symbol is ``<cơ quan>-<đơn vị soạn thảo>``.
    """

    CONG_VAN = (pgettext_noop("loại văn bản", "công văn"), "")
    QUYET_DINH = (pgettext_noop("loại văn bản", "quyết định"), "QĐ")
    CHI_THI = (pgettext_noop("loại văn bản", "chỉ thị"), "CT")
    KE_HOACH = (pgettext_noop("loại văn bản", "kế hoạch"), "KH")
    BAO_CAO = (pgettext_noop("loại văn bản", "báo cáo"), "BC")
    THONG_BAO = (pgettext_noop("loại văn bản", "thông báo"), "TB")
    TO_TRINH = (pgettext_noop("loại văn bản", "tờ trình"), "TTr")

    def __init__(self, label: str, abbreviation: str) -> None:
        self.label = label
        self.abbreviation = abbreviation

    @property
    def title(self) -> str:
        """Tên loại as printed (ô 5a): in hoa."""
        return self.label.upper()


class Authority(Enum):
    """Quyền hạn ký (ô 7a): printed before the chức vụ of the one who signs on behalf of someone."""

    NONE = ""
    TM = "TM."  # thay mặt a collective (UBND, Ban…)
    KT = "KT."  # ký thay the head (a deputy signs)
    TL = "TL."  # thừa lệnh
    Q = "Q."  # quyền (acting head)
    TUQ = "TUQ."  # thừa ủy quyền


class Urgency(Enum):
    """Mức độ khẩn (ô 10b)."""

    NORMAL = ""
    KHAN = "KHẨN"
    THUONG_KHAN = "THƯỢNG KHẨN"
    HOA_TOC = "HỎA TỐC"


class Secrecy(Enum):
    """Độ mật (ô 10a). Văn bản mật have their own number series (Điều 15)."""

    NONE = ""
    MAT = "MẬT"
    TOI_MAT = "TỐI MẬT"
    TUYET_MAT = "TUYỆT MẬT"
