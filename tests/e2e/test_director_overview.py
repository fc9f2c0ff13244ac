"""The director signs in and lands on the overview (the leader's home): the seed letter's targets (demo
directive 1036/SVHTTDL-VP) are there, those fed by a module with the module's live figure, their trend and
state; at a desktop (1366 px) and a phone (390 px) width with no horizontal scroll; screenshots kept in the
test's tmp dir (and in CCHC_SCREENSHOT_DIR when set)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from cchc.apps.core import measures
from cchc.apps.core.templatetags.vn_numbers import num
from cchc.apps.directives.models import Directive, TargetSource

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(e2e_demo):
    cache.clear()  # figures kept by the overview from before the demo was loaded


def test_the_director_lands_on_the_seed_letters_targets_at_desktop_and_phone_width(
    browser_page, live_server, e2e_login, demo, tmp_path
):
    seed = Directive.objects.get(number="1036/SVHTTDL-VP")
    links = list(TargetSource.objects.filter(target__task__directive=seed).select_related("unit"))
    assert links, "the demo links some of the seed letter's targets to measured sources"
    page = browser_page
    e2e_login(page, live_server, "giamdoc")
    page.goto(f"{live_server.url}/")
    expect(page.locator("h1")).to_contain_text("Tổng quan của lãnh đạo")  # the leader's home
    block = page.locator(f"section.ov-directive[data-directive='{seed.pk}']")
    expect(block).to_contain_text("1036/SVHTTDL-VP")
    for target in (
        seed.tasks.filter(is_template=False).exclude(status="cancelled").values_list("targets", flat=True)
    ):
        if target is not None:
            expect(block.locator(f"tr[data-target='{target}']")).to_have_count(1)
    year = str(timezone.localdate().year)
    live = 0
    for link in links:
        m = measures.measure(link.source, link.unit, link.period or year)
        row = block.locator(f"tr[data-target='{link.target_id}']")
        expect(row).to_have_attribute("data-source-key", link.source)
        if m.value is not None:  # the module's figure, now
            expect(row.locator("td.ov-value")).to_contain_text(num(m.value))
            live += 1
    assert live, "at least one seed target shows a live value from its module"
    expect(page.locator("tr[data-source='documents.e_signed_share']")).to_have_count(1)
    expect(page.locator("[data-chart=states] svg")).to_have_count(1)  # the chart drew (vendored ECharts)
    shots = os.environ.get("CCHC_SCREENSHOT_DIR")
    for width, name in ((1366, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        expect(block).to_be_visible()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{width}px: {overflow}px of horizontal scroll"
        path = Path(tmp_path) / f"director-overview-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
        if shots:
            shutil.copy(path, Path(shots) / path.name)
