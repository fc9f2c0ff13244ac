"""The director opens the overview: the directive's targets with their states and the registry's figures, on a
desktop (1366 px) and a phone (390 px) with no horizontal scroll; screenshots kept for review."""

from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cchc.apps.core import measures
from cchc.apps.directives import services
from cchc.apps.directives.services import DirectiveInput, TargetInput, TaskInput

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("CCHC_SCREENSHOT_DIR", "/tmp"))


def test_the_overview_at_desktop_and_phone_width(browser_page, live_server, e2e_login, e2e_cast):
    cast = e2e_cast
    vp, vh = cast["vanphong"].unit, cast["truongphong.vh"].unit
    services.directive_create(
        user=cast["vanphong"],
        directive=DirectiveInput(subject="V/v CCHC năm 2026", unit=vp, number="1036/SVHTTDL-VP", issued_on=timezone.localdate()),
        tasks=[
            TaskInput(
                summary="Nâng tỷ lệ hồ sơ trực tuyến",
                number="1",
                units=[vh],
                coordinating=[vp],
                deadline=timezone.localdate() + timedelta(days=60),
                targets=[TargetInput(metric="tỷ lệ hồ sơ trực tuyến toàn trình", value=Decimal(80))],
            )
        ],
    )  # fmt: skip
    page = browser_page
    e2e_login(page, live_server, "giamdoc")
    page.goto(f"{live_server.url}/")
    page.click("a[href='/bao-cao/tong-quan/']")
    expect(page.locator("h1")).to_contain_text("Tổng quan của lãnh đạo")
    expect(page.locator("#overview-targets")).to_contain_text("tỷ lệ hồ sơ trực tuyến toàn trình")
    for source in measures.sources():
        expect(page.locator(f"tr[data-source='{source.key}']")).to_contain_text(source.label)
    for width, name in ((1366, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{width}px: {overflow}px of horizontal scroll"
        page.screenshot(path=str(SHOTS / f"director-overview-{name}.png"), full_page=True)
