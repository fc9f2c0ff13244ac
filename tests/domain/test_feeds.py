"""Rules of the continuous feed without Django: which names are taken, when a file is complete, which
folders are allowed, when a feed is quiet and when its alert is due (once per quiet spell)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cchc.domain import feeds
from cchc.domain.calendar import WorkingCalendar


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("hoso-2026-03.csv", feeds.TAKE),
        ("HOSO.XLSX", feeds.TAKE),
        ("export.json", feeds.TAKE),
        ("hoso.csv.part", feeds.SKIP),
        ("hoso.csv.tmp", feeds.SKIP),
        ("hoso.csv.filepart", feeds.SKIP),
        ("hoso.xlsx.crdownload", feeds.SKIP),
        ("~$hoso.xlsx", feeds.SKIP),
        (".hoso.csv", feeds.SKIP),
        (".hoso.csv.swp", feeds.SKIP),
        ("hoso.csv~", feeds.SKIP),
        ("hoso.pdf", feeds.REFUSE),
        ("hoso.exe", feeds.REFUSE),
        ("hoso", feeds.REFUSE),
    ],
)
def test_which_names_are_taken(name, kind):
    assert feeds.classify(name) == kind


def test_a_file_is_complete_after_two_scans_that_saw_it_unchanged():
    first = feeds.Seen(100, 5, at=1000.0)
    assert not feeds.is_stable(None, first, settle_seconds=10)  # seen once: wait
    assert not feeds.is_stable(first, feeds.Seen(100, 5, at=1005.0), settle_seconds=10)  # too soon
    assert feeds.is_stable(first, feeds.Seen(100, 5, at=1010.0), settle_seconds=10)
    assert not feeds.is_stable(first, feeds.Seen(200, 6, at=1030.0), settle_seconds=10)  # still growing
    assert not feeds.is_stable(first, feeds.Seen(100, 7, at=1030.0), settle_seconds=10)  # rewritten
    assert feeds.Seen.of(first.as_list()) == first and feeds.Seen.of("x") is None


@pytest.mark.parametrize(
    ("given", "kept"),
    [("mot-cua", "mot-cua"), ("vendor/mot cua", "vendor/mot cua"), ("a/./b/", "a/b"), ("Hồ_sơ", "Hồ_sơ")],
)
def test_folders_kept_inside_the_root(given, kept):
    assert feeds.confined_folder(given) == kept


@pytest.mark.parametrize(
    "bad",
    ["", "/etc", "C:\\feeds", "../x", "a/../../b", "..", ".ssh", "a/.git", "done", "x/processing", "a;b",
     "a/b/c/d/e", "a\x00b", "x/"*120],
)  # fmt: skip
def test_folders_that_could_leave_the_root_are_refused(bad):
    with pytest.raises(feeds.FeedError):
        feeds.confined_folder(bad)


def test_default_folder_is_the_source_folded():
    assert feeds.default_folder("Một cửa Đà Lạt") == "mot-cua-da-lat"
    assert feeds.default_folder("../..") == "nguon"


def test_quiet_after_hours():
    last = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert feeds.quiet_deadline(last, 6, feeds.HOURS) == last + timedelta(hours=6)
    assert not feeds.is_quiet(last, last + timedelta(hours=5, minutes=59), 6, feeds.HOURS)
    assert feeds.is_quiet(last, last + timedelta(hours=6), 6, feeds.HOURS)
    assert not feeds.is_quiet(None, last, 6, feeds.HOURS)


def test_quiet_after_working_days_skips_the_weekend_and_holidays():
    cal = WorkingCalendar.default()
    friday = datetime(2026, 3, 6, 16, 0, tzinfo=UTC)
    # Two working days after Friday: Monday and Tuesday; quiet from Wednesday 00:00.
    assert feeds.quiet_deadline(friday, 2, feeds.WORKING_DAYS, cal) == datetime(2026, 3, 11, tzinfo=UTC)
    # Giỗ Tổ Hùng Vương 2026 is Sunday 26/04 → off on Monday 27/04; 30/04 and 01/05 off: three working
    # days after Thursday 23/04 are 24/04, 28/04 and 29/04 (not 24, 27, 28), four are up to 04/05.
    thursday = datetime(2026, 4, 23, 10, 0, tzinfo=UTC)
    assert feeds.quiet_deadline(thursday, 3, feeds.WORKING_DAYS, cal) == datetime(2026, 4, 30, tzinfo=UTC)
    assert feeds.quiet_deadline(thursday, 4, feeds.WORKING_DAYS, cal) == datetime(2026, 5, 5, tzinfo=UTC)


def test_thresholds_refused():
    last = datetime(2026, 3, 2, tzinfo=UTC)
    with pytest.raises(feeds.FeedError):
        feeds.quiet_deadline(last, 0, feeds.HOURS)
    with pytest.raises(feeds.FeedError):
        feeds.quiet_deadline(last, 2, "weeks")
    with pytest.raises(feeds.FeedError):
        feeds.quiet_deadline(last, 2, feeds.WORKING_DAYS, None)


def test_alert_once_per_quiet_spell():
    t0 = datetime(2026, 3, 2, tzinfo=UTC)
    assert not feeds.alert_due(quiet=False, last=t0, alerted_at=None)
    assert feeds.alert_due(quiet=True, last=t0, alerted_at=None)
    alerted = t0 + timedelta(days=3)
    assert not feeds.alert_due(quiet=True, last=t0, alerted_at=alerted)  # this spell: alerted already
    new_file = alerted + timedelta(days=1)  # a file ended the spell; the next spell alerts again
    assert feeds.alert_due(quiet=True, last=new_file, alerted_at=alerted)
