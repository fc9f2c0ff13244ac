from __future__ import annotations

from pathlib import Path

import pytest

from cchc.apps.procedures.demo import ensure_demo_catalogue, ensure_demo_plans

CATALOGUE_HEADER = "ma_tthc,ten_tthc,linh_vuc,cap,thoi_han_giai_quyet,muc_do_dvctt,phi_le_phi\n"


@pytest.fixture
def catalogue(cast):
    procedures = ensure_demo_catalogue()
    ensure_demo_plans(procedures)
    return {p.code: p for p in procedures}


@pytest.fixture
def good_csv(tmp_path: Path) -> Path:
    path = tmp_path / "danh_muc.csv"
    path.write_text(
        CATALOGUE_HEADER
        + "1.100001,Cấp phép biểu diễn nghệ thuật,Nghệ thuật biểu diễn,Cấp tỉnh,05 ngày làm việc,toàn trình,Không\n"
        + "1.100002,Công nhận gia đình văn hóa,Văn hóa,Cấp xã,10 ngày làm việc,một phần,\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def bad_csv(tmp_path: Path) -> Path:
    path = tmp_path / "danh_muc_loi.csv"
    path.write_text(
        CATALOGUE_HEADER
        + "1.100001,Cấp phép biểu diễn nghệ thuật,Nghệ thuật biểu diễn,Cấp tỉnh,05 ngày làm việc,toàn trình,Không\n"
        + "ABC,Thủ tục lỗi mã,Văn hóa,Cấp tỉnh,mười ngày,toàn trình,\n"
        + "1.100003,Công nhận làng văn hóa,Văn hóa,Cấp xã,07 ngày làm việc,nửa vời,\n",
        encoding="utf-8",
    )
    return path
