"""Keyboard journeys, right-to-left layout, small screens, motion, print and screenshots, in real Chromium."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import ROOT, listen_for_answers, wait_for_answer

FOCUSED = """() => {
  const e = document.activeElement;
  const shown = (el) => {
    const rect = el.getBoundingClientRect();
    return el.checkVisibility({opacityProperty: true, visibilityProperty: true}) && rect.width > 0 && rect.height > 0;
  };
  // The theme's colour-scheme switch is a hidden radio button that shows its focus on the label after it.
  const next = e.nextElementSibling;
  const target = !shown(e) && next && next.tagName === 'LABEL' ? next : e;
  const style = getComputedStyle(target);
  return {
    tag: e.tagName, cls: e.className, href: e.getAttribute('href'), text: (e.textContent || '').trim().slice(0, 40),
    visible: shown(target),
    indicator: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none',
    inArticle: !!e.closest('article'),
  };
}"""
TABBABLE = """() => [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
  .filter(e => e.tabIndex >= 0 && !e.disabled && e.checkVisibility({visibilityProperty: true})).length"""

LAST_TABBABLE = """() => {
  const all = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
    .filter(e => e.tabIndex >= 0 && !e.disabled && e.checkVisibility({visibilityProperty: true}));
  const e = all[all.length - 1];
  return {tag: e.tagName, text: (e.textContent || '').trim().slice(0, 40)};
}"""


@pytest.fixture
def page(browser):
    # Without animations, what a focused element looks like can be read at once.
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    yield page
    context.close()


def test_skip_link_leads_to_the_content(site_url, page):
    page.goto(f"{site_url}/he/service-arnona-payment.html")
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert "md-skip" in first["cls"] and first["visible"] and first["indicator"]
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inArticle"]


def test_search_find_a_service_and_open_it_by_keyboard(site_url, page):
    page.goto(f"{site_url}/en/index.html")
    for _ in range(30):
        page.keyboard.press("Tab")
        if "md-search__input" in page.evaluate(FOCUSED)["cls"]:
            break
    else:
        pytest.fail("the search box cannot be reached with Tab")
    worker = listen_for_answers(page)
    page.keyboard.type("parking permit")
    # Results of "parking permi" re-rendered after ArrowDown would take the focus away.
    wait_for_answer(page, worker, "parking permit")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate(FOCUSED)
    assert focused["tag"] == "A" and focused["visible"]
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/service-*.html")
    assert "service-" in page.url


def test_language_switcher_by_keyboard_lands_on_the_same_page_in_arabic(site_url, page):
    page.goto(f"{site_url}/he/data-id-number.html")
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["href"] and focused["href"].startswith("../ar/"):
            break
    else:
        pytest.fail("the Arabic link of the language switcher cannot be reached with Tab")
    assert focused["visible"] and focused["indicator"]
    page.keyboard.press("Enter")
    page.wait_for_url("**/ar/data-id-number.html")
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("document.body.dir") == "rtl"


@pytest.mark.parametrize("path", ["he/service-hazard-report.html", "en/contact.html", "ar/commitments.html"])
def test_every_focused_element_is_visible_and_nothing_traps_focus(site_url, page, path):
    page.goto(f"{site_url}/{path}")
    count = page.evaluate(TABBABLE)
    seen = []
    for _ in range(count + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "BODY":
            break
        assert focused["visible"], focused
        assert focused["indicator"], focused
        seen.append(focused)
    # Focus went through every tabbable element and left the page again: nothing held it.
    assert len(seen) >= count - 2, (len(seen), count)
    last = page.evaluate(LAST_TABBABLE)
    assert (seen[-1]["tag"], seen[-1]["text"]) == (last["tag"], last["text"]) and "md-footer" not in seen[0]["cls"]


@pytest.mark.parametrize("lang", ["he", "ar"])
def test_right_to_left_layout_is_mirrored(site_url, page, lang):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{site_url}/{lang}/service-arnona-payment.html")
    nav = page.locator(".md-sidebar--primary").bounding_box()
    toc = page.locator(".md-sidebar--secondary").bounding_box()
    article = page.locator("article.md-content__inner").bounding_box()
    assert nav["x"] > article["x"] > toc["x"]
    separator = page.evaluate(
        "getComputedStyle(document.querySelector('.charter-breadcrumb li + li'), '::before').content"
    )
    assert separator == '"‹"'
    numbers = page.evaluate(
        "[...document.querySelectorAll('a[href^=\"tel:\"]')].every(a => a.querySelector('bdi[dir=ltr]'))"
    )
    assert numbers


def test_left_to_right_layout_is_not_mirrored(site_url, page):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{site_url}/en/service-arnona-payment.html")
    nav = page.locator(".md-sidebar--primary").bounding_box()
    article = page.locator("article.md-content__inner").bounding_box()
    assert nav["x"] < article["x"]


def all_pages(example_site, lang):
    return sorted(p.name for p in (example_site / lang).glob("*.html"))


@pytest.mark.parametrize("lang", ["he", "en"])
def test_no_horizontal_scroll_at_320_px_or_at_200_percent_text(example_site, site_url, browser, lang):
    narrow = browser.new_context(viewport={"width": 320, "height": 640})
    wide = browser.new_context(viewport={"width": 1280, "height": 800})
    small, zoomed = narrow.new_page(), wide.new_page()
    overflowing = []
    for name in all_pages(example_site, lang):
        small.goto(f"{site_url}/{lang}/{name}")
        if small.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"):
            overflowing.append(f"320px {name}")
        zoomed.goto(f"{site_url}/{lang}/{name}")
        zoomed.evaluate("document.documentElement.style.fontSize = '250%'")  # the theme's 125 % doubled
        if zoomed.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"):
            overflowing.append(f"200% {name}")
    narrow.close()
    wide.close()
    assert not overflowing, overflowing


def test_reduced_motion_is_respected(browser, site_url):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(f"{site_url}/en/index.html")
    durations = page.evaluate(
        "[...document.querySelectorAll('.md-header, .md-nav__link, .md-search__input, .md-top')]"
        ".map(e => parseFloat(getComputedStyle(e).transitionDuration))"
    )
    assert durations and max(durations) <= 0.001
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    context.close()


def test_print_shows_the_content_alone(site_url, page):
    page.goto(f"{site_url}/he/printable-charter.html")
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "['.md-header', '.md-sidebar--primary', '.md-footer', '.charter-breadcrumb']"
        ".map(s => getComputedStyle(document.querySelector(s)).display)"
    )
    assert hidden == ["none"] * 4
    assert page.locator("article h1").is_visible()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


@pytest.mark.parametrize("lang", ["he", "en"])
def test_readme_screenshots_of_a_service_page(site_url, browser, tmp_path, lang):
    """Takes the README's screenshots; with CHARTER_UPDATE_SCREENSHOTS=1 they replace docs/images/."""
    context = browser.new_context(viewport={"width": 1280, "height": 960})
    page = context.new_page()
    page.goto(f"{site_url}/{lang}/service-arnona-payment.html")
    page.wait_for_load_state("networkidle")
    target = tmp_path / f"service-{lang}.png"
    page.screenshot(path=str(target))
    context.close()
    assert target.stat().st_size > 20_000
    if os.environ.get("CHARTER_UPDATE_SCREENSHOTS") == "1":
        shutil.copyfile(target, ROOT / "docs" / "images" / target.name)
