"""One fold for every reader (directives, dossiers, procedures): the same text folds the same everywhere."""

from __future__ import annotations

import pytest

from cchc.domain import dossiers, text
from cchc.domain.directives import normalize
from cchc.domain.procedures import catalogue


def test_every_reader_uses_the_one_fold():
    assert normalize.fold is dossiers.fold is catalogue.fold is text.fold


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Sở Nội vụ", "so noi vu"),
        ("ĐƠN VỊ", "don vi"),
        ("Ngày_hẹn_trả (*)", "ngay hen tra"),  # dossiers kept "(*)", procedures dropped it
        ("  Mã   hồ sơ\u00a0", "ma ho so"),
        ("Phòng KH-TC", "phong kh tc"),
        ("Thời hạn giải quyết (ngày)", "thoi han giai quyet ngay"),
        ("Người đứng đầu", "nguoi dung dau"),
        ("Tổng chi phí 1.234,5 đ", "tong chi phi 1 234 5 d"),
    ],
)
def test_fold(raw, folded):
    assert text.fold(raw) == folded
