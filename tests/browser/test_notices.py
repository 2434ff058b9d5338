"""Notices in a real browser: hidden as they end, without a rebuild; kept with their dates without JavaScript."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import serve_folder


@pytest.fixture(scope="module")
def notices_url(notices_site):
    with serve_folder(notices_site) as url:
        yield url


def milliseconds(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() * 1000)


def test_the_browser_hides_each_notice_when_it_ends_without_a_rebuild(browser, notices_url):
    page = browser.new_page()
    start = datetime(2089, 5, 31, 12, 0, tzinfo=UTC)
    page.clock.install(time=start)
    page.goto(f"{notices_url}/en/index.html")
    roadworks, festival = page.locator("#notice-roadworks"), page.locator("#notice-festival")
    section = page.locator("section[data-charter-notices]")
    assert roadworks.is_visible() and festival.is_visible()
    assert roadworks.locator("[data-state=current]").is_visible()
    assert festival.locator("[data-state=upcoming]").is_visible()
    assert not festival.locator("[data-state=current]").is_visible()

    festival_starts = datetime(2089, 6, 1, 7, 0, 1, tzinfo=UTC)
    page.clock.fast_forward(milliseconds(start, festival_starts))
    assert festival.locator("[data-state=current]").is_visible()
    assert not festival.locator("[data-state=upcoming]").is_visible()

    festival_ended = datetime(2089, 12, 31, 20, 0, 1, tzinfo=UTC)  # 22:00 in Jerusalem
    page.clock.fast_forward(milliseconds(festival_starts, festival_ended))
    assert festival.is_hidden() and roadworks.is_visible() and section.is_visible()

    roadworks_ended = datetime(2090, 1, 1, 10, 0, 1, tzinfo=UTC)
    page.clock.fast_forward(milliseconds(festival_ended, roadworks_ended))
    assert roadworks.is_hidden() and section.is_hidden()
    toc = page.locator(".md-nav a[href='#notices']")  # its entries in the tables of contents go too
    assert toc.count() >= 1 and all(toc.nth(i).is_hidden() for i in range(toc.count()))
    page.close()


def test_a_page_opened_after_the_notices_ended_shows_none(browser, notices_url):
    page = browser.new_page()
    page.clock.install(time=datetime(2090, 6, 1, tzinfo=UTC))
    page.goto(f"{notices_url}/en/service-pay-tax.html")
    assert page.locator("#notice-roadworks").is_hidden()
    assert page.locator("section[data-charter-notices]").is_hidden()
    page.goto(f"{notices_url}/en/notices.html")
    assert page.locator("[data-charter-notice]").first.is_hidden()
    assert page.locator("[data-charter-notices-none]").is_visible()
    toc = page.locator(".md-nav--secondary a[href='#notice-roadworks-title']")
    assert toc.count() == 1 and toc.is_hidden()
    page.close()


def test_without_javascript_notices_stay_with_their_dates(browser, notices_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{notices_url}/he/index.html")
    roadworks = page.locator("#notice-roadworks")
    assert roadworks.is_visible() and roadworks.locator("time").count() == 2
    assert "2090" in roadworks.locator("time").nth(1).inner_text()
    context.close()
