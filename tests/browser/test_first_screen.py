"""A phone's first screen (375 × 800 CSS px) in real Chromium: what a resident must see without scrolling."""

from __future__ import annotations

import pytest

from conftest import LANGUAGES, ROOT
from service_charter import load_charter

PHONE = {"width": 375, "height": 800}
SERVICES = sorted(load_charter(ROOT / "charter").services)

IN_VIEW = """(selector) => {
  const element = document.querySelector(selector);
  if (!element) return null;
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && box.top >= 0 && box.bottom <= innerHeight
    && box.left >= 0 && box.right <= innerWidth;
}"""
FIRST_SCREEN = {
    "headline promise": ".charter-glance__facts div:first-child dd",
    "fee": ".charter-glance__facts div:nth-child(2) dd",
    "main action": ".charter-glance__action a",
    "contact number": '.charter-glance__contact a[href^="tel:"]',
    "contact number at the top": '.md-banner a[href^="tel:"]',
}


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE, reduced_motion="reduce")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_service_page_answers_on_the_first_screen(site_url, phone, lang):
    missing = []
    for service in SERVICES:
        phone.goto(f"{site_url}/{lang}/service-{service}.html")
        for what, selector in FIRST_SCREEN.items():
            if not phone.evaluate(IN_VIEW, selector):
                missing.append(f"{lang}/service-{service}.html: {what} ({selector}) is not on the first screen")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_menu_of_sections_opens_and_leads_to_a_section(site_url, phone, lang):
    phone.goto(f"{site_url}/{lang}/service-building-permit.html")
    menu = phone.locator(".charter-on-this-page")
    assert menu.is_visible()
    menu.locator("summary").click()
    menu.locator('a[href="#data"]').click()
    assert phone.evaluate("location.hash") == "#data"
    assert phone.evaluate(IN_VIEW, "#data")


def test_the_menu_of_sections_gives_way_to_the_theme_table_of_contents_on_a_wide_screen(site_url, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/en/service-building-permit.html")
    assert not page.locator(".charter-on-this-page").is_visible()
    assert page.locator(".md-sidebar--secondary .md-nav__link").first.is_visible()
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_page_search_field_is_in_view_and_opens_the_search(site_url, phone, lang):
    phone.goto(f"{site_url}/{lang}/index.html")
    assert phone.evaluate(IN_VIEW, "#charter-find")
    words = {"he": "ארנונה", "ar": "الأرنونا", "en": "property tax", "ru": "арнона"}[lang]
    phone.fill("#charter-find", words)
    phone.press("#charter-find", "Enter")
    results = phone.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=10_000)
    assert phone.locator(".md-search__input").input_value() == words
    assert "arnona" in results.first.locator("a").get_attribute("href")
