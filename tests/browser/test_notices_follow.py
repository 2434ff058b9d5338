"""Following notices in a real browser: the notices page filtered by neighbourhood (by hand, from the address, from
the resident's saved answers), said to screen readers and usable from the keyboard; the Atom feeds opened as pages.

The site is `follow_site` (`tests/build/test_notices_calendar.py`): works for the whole town, a water outage in
Rimonim, a power outage in the Old Town and the North, and one that has ended.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from build.test_notices_calendar import follow_site_in

from browser.test_accessibility import violations_light_and_dark
from browser.test_security_headers import serve
from browser.test_validators import Page, htmlcs_findings, nu_findings
from conftest import parse_headers_file, serve_folder
from service_charter.addresses import HEADERS

NOW = datetime(2088, 6, 1, tzinfo=UTC)
"""Before every notice of the site ends: the page shows them all."""
ALL = ["notice-town", "notice-water", "notice-power"]


@pytest.fixture(scope="module")
def follow_url(tmp_path_factory):
    with serve_folder(follow_site_in(tmp_path_factory)) as url:
        yield url


@pytest.fixture(scope="module")
def history_url(history_site):
    with serve_folder(history_site) as url:
        yield url


def open_page(browser, url: str, answers: str | None = None, now: datetime = NOW, **options):
    """A new page at `url`, at time `now`, with `answers` saved in `localStorage` as the questions page saves them."""
    context = browser.new_context(**options)
    page = context.new_page()
    if options.get("java_script_enabled", True):
        page.clock.install(time=now)
    if answers is not None:
        page.add_init_script(f"window.localStorage.setItem('charter-answers', {json.dumps(answers)})")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    return context, page, errors


def shown(page) -> list[str]:
    notices = page.locator("article[data-charter-notice]")
    return [notices.nth(i).get_attribute("id") for i in range(notices.count()) if notices.nth(i).is_visible()]


def query(page) -> str:
    return page.evaluate("location.search")


def test_without_javascript_there_is_no_filter_and_every_notice_stays(browser, follow_url):
    context, page, _ = open_page(browser, f"{follow_url}/en/notices.html", java_script_enabled=False)
    assert page.locator("[data-charter-notices-filter]").is_hidden()
    assert shown(page) == ALL
    assert page.locator("a[href='notices-rimonim.ics']").count() == 1  # the calendars are links: they need no script
    context.close()


def test_choosing_a_neighbourhood_keeps_its_notices_and_the_whole_towns(browser, follow_url):
    context, page, errors = open_page(browser, f"{follow_url}/en/notices.html#follow")
    choice = page.get_by_label("Show notices for:")
    assert choice.is_visible() and choice.input_value() == ""
    status = page.get_by_role("status")
    assert status.get_attribute("aria-live") == "polite" and status.inner_text() == "Notices shown: 3"
    assert shown(page) == ALL and query(page) == ""

    choice.select_option("rimonim")
    assert shown(page) == ["notice-town", "notice-water"]
    assert query(page) == "?neighbourhood=rimonim" and page.evaluate("location.hash") == "#follow"
    assert status.inner_text() == "Notices shown: 2"
    selected = page.locator("[data-charter-calendar-selected]")  # the neighbourhood's calendar, next to all notices
    assert selected.is_visible() and selected.locator("a[href='notices-rimonim.ics']").is_visible()

    choice.select_option("north")
    assert shown(page) == ["notice-town", "notice-power"] and query(page) == "?neighbourhood=north"
    toc = page.locator(".md-nav--secondary a[href='#notice-water-title']")  # hidden notices leave the contents too
    assert toc.count() == 1 and toc.is_hidden()

    choice.select_option("")
    assert shown(page) == ALL and query(page) == "" and selected.is_hidden()
    assert toc.is_visible() or not page.locator(".md-nav--secondary").is_visible()
    assert page.locator("[data-charter-notices-none]").is_hidden()
    assert errors == []
    context.close()


def test_the_choice_is_made_from_the_keyboard(browser, follow_url):
    context, page, _ = open_page(browser, f"{follow_url}/he/notices.html")
    choice = page.locator("#charter-neighbourhood")
    choice.focus()
    page.keyboard.press("ArrowDown")  # the first neighbourhood after “all”
    assert choice.input_value() == "rimonim"
    assert shown(page) == ["notice-town", "notice-water"] and query(page) == "?neighbourhood=rimonim"
    assert page.get_by_role("status").inner_text() == "הודעות מוצגות: 2"
    context.close()


def test_a_shared_address_opens_on_its_neighbourhood(browser, follow_url):
    context, page, _ = open_page(
        browser, f"{follow_url}/ar/notices.html?neighbourhood=old-town", answers='{"neighbourhood": "rimonim"}'
    )
    assert page.locator("#charter-neighbourhood").input_value() == "old-town"  # the address wins over the answers
    assert shown(page) == ["notice-town", "notice-power"]
    assert page.locator("[data-charter-filter-saved]").is_hidden()
    context.close()


def test_the_residents_saved_answers_choose_the_neighbourhood(browser, follow_url):
    # As the questions page keeps them (model/questions.py).
    saved = json.dumps({"v": 1, "age": "40-61", "neighbourhood": "rimonim", "pets": ["dog"]})
    context, page, errors = open_page(browser, f"{follow_url}/en/notices.html", answers=saved)
    assert page.locator("#charter-neighbourhood").input_value() == "rimonim"
    assert shown(page) == ["notice-town", "notice-water"]
    assert page.locator("[data-charter-filter-saved]").is_visible()
    assert query(page) == ""  # what the resident told the site stays out of an address they may share
    page.locator("#charter-neighbourhood").select_option("north")
    assert page.locator("[data-charter-filter-saved]").is_hidden()
    assert page.evaluate("localStorage.getItem('charter-answers')") == saved  # read, never written
    assert errors == []
    context.close()


@pytest.mark.parametrize(
    "answers", ["not json {", "null", "[]", '"rimonim"', '{"neighbourhood": 7}', '{"neighbourhood": "atlantis"}']
)
def test_saved_answers_that_name_no_known_neighbourhood_choose_nothing(browser, follow_url, answers):
    context, page, errors = open_page(browser, f"{follow_url}/en/notices.html?neighbourhood=nowhere", answers=answers)
    assert page.locator("#charter-neighbourhood").input_value() == ""
    assert shown(page) == ALL and errors == []
    context.close()


def test_when_the_filter_leaves_nothing_the_page_says_so(browser, follow_url):
    after = datetime(2090, 6, 1, tzinfo=UTC)  # every notice has ended
    context, page, _ = open_page(browser, f"{follow_url}/en/notices.html?neighbourhood=rimonim", now=after)
    assert shown(page) == []
    assert page.locator("[data-charter-notices-none-here]").is_visible()
    assert page.locator("[data-charter-notices-none]").is_hidden()
    assert page.get_by_role("status").inner_text() == "Notices shown: 0"
    page.locator("#charter-neighbourhood").select_option("")
    assert page.locator("[data-charter-notices-none]").is_visible()
    assert page.locator("[data-charter-notices-none-here]").is_hidden()
    context.close()


def test_a_notice_that_ends_while_a_neighbourhood_is_chosen_goes(browser, follow_url):
    before = datetime(2089, 1, 12, 11, 0, tzinfo=UTC)  # the water outage ends at 12:00 UTC
    context, page, _ = open_page(browser, f"{follow_url}/en/notices.html?neighbourhood=rimonim", now=before)
    assert shown(page) == ["notice-town", "notice-water"]
    page.clock.fast_forward(60 * 60 * 1000 + 1000)
    assert shown(page) == ["notice-town"]
    page.locator("#charter-neighbourhood").select_option("")
    assert shown(page) == ["notice-town", "notice-power"]  # the ended one does not come back
    context.close()


def test_axe_finds_no_violation_on_the_filtered_page(browser, follow_url):
    found = violations_light_and_dark(browser, follow_url, ["he/notices.html?neighbourhood=north", "en/notices.html"])
    assert not found, "\n".join(found)


def test_the_checkers_find_no_error_in_the_notices_page(browser, follow_url, tmp_path_factory):
    site = follow_site_in(tmp_path_factory)
    pages = [
        Page(f"follow: {lang}/notices.html", site / lang / "notices.html", f"{follow_url}/{lang}/notices.html")
        for lang in ("he", "en")
    ]
    ours = [finding for finding in [*nu_findings(pages), *htmlcs_findings(browser, pages)] if finding.ours]
    assert not ours, "\n".join(map(str, ours))


# --- The feeds, opened in a browser -----------------------------------------------------------------


FEED_WORDS = {
    "he": "העתיקו את הכתובת של הדף הזה",
    "ar": "انسخوا عنوان هذه الصفحة",
    "en": "copy the address of this page",
    "ru": "скопируйте адрес этой страницы",
}


@pytest.mark.parametrize("lang", ["he", "ar", "en", "ru"])
def test_the_notices_feed_reads_as_a_page_in_its_language(browser, follow_url, lang):
    context, page, _ = open_page(browser, f"{follow_url}/{lang}/notices.xml")
    about = page.locator("div.charter-feed-page")
    assert about.is_visible() and FEED_WORDS[lang] in about.inner_text()
    direction = "rtl" if lang in ("he", "ar") else "ltr"
    assert about.get_attribute("dir") == direction
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == direction
    titles = page.locator("entry > title")
    assert titles.count() == 3 and all(titles.nth(i).is_visible() for i in range(3))
    assert page.locator("entry > summary").first.is_visible()
    assert page.locator("entry > id").first.is_hidden() and page.locator("entry > content").first.is_hidden()
    assert page.locator("feed > title").is_visible()
    colour = page.evaluate("getComputedStyle(document.querySelector('entry > title')).color")
    assert colour == "rgb(27, 27, 27)"  # the stylesheet loaded: near black on white
    about.locator("a[href='notices.html']").click()
    page.wait_for_url(f"{follow_url}/{lang}/notices.html")
    context.close()


@pytest.mark.parametrize("lang", ["he", "ar", "en", "ru"])
def test_the_changes_feed_reads_as_a_page_in_its_language(browser, history_url, lang):
    context, page, _ = open_page(browser, f"{history_url}/{lang}/changes.xml")
    about = page.locator("div.charter-feed-page")
    assert about.is_visible() and FEED_WORDS[lang] in about.inner_text()
    direction = "rtl" if lang in ("he", "ar") else "ltr"
    assert about.get_attribute("dir") == direction
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == direction
    titles = page.locator("entry > title")
    assert titles.count() > 1 and titles.first.is_visible() and titles.first.text_content()
    assert about.locator("a[href='services.html']").is_visible()
    context.close()


def test_the_sites_own_security_policy_allows_the_filter_and_the_feeds_stylesheet(browser, tmp_path_factory):
    """Served with the headers of its `_headers` file, as Netlify would: no script inline, no violation."""
    site = follow_site_in(tmp_path_factory)
    server = serve(site, parse_headers_file((site / HEADERS).read_text(encoding="utf-8")))
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        context = browser.new_context()
        page = context.new_page()
        page.clock.install(time=NOW)
        blocked: list[str] = []
        page.on("console", lambda m: "Content Security Policy" in m.text and blocked.append(m.text))
        answer = page.goto(f"{url}/ru/notices.html?neighbourhood=rimonim")
        assert "default-src 'none'" in answer.headers["content-security-policy"]
        assert shown(page) == ["notice-town", "notice-water"]
        page.goto(f"{url}/ru/notices.xml")
        assert page.locator("div.charter-feed-page").is_visible()
        assert page.evaluate("getComputedStyle(document.querySelector('id')).display") == "none"  # styled
        assert blocked == []
        context.close()
    finally:
        server.shutdown()
        server.server_close()
