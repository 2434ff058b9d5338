"""“What applies to me” in a real browser: three residents answer the questions, see what fits them on the for-you
page, on a service's page and in lists, on other pages and on later visits, and forget their answers in one tap;
nothing leaves the browser, and only what the privacy statement lists is kept in it."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browser.test_accessibility import violations_light_and_dark
from conftest import LANGUAGES, serve_folder
from for_you_site import for_you_site
from service_charter.i18n import Localizer
from service_charter.load.loader import load_charter
from service_charter.model.questions import ANSWERS_KEY
from service_charter.model.schema import CONDITION_FIELDS

PENSIONER = {"age": "67+", "pension": ["old-age"], "residency": "resident", "neighbourhood": "old-town"}
PARENT = {"age": "18-61", "children": ["3-5"], "residency": "resident", "neighbourhood": "north"}
DOG_OWNER = {"age": "18-61", "pets": ["dog"]}
PERSONAS = {"pensioner": PENSIONER, "parent": PARENT, "dog owner": DOG_OWNER}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return for_you_site(tmp_path_factory)


@pytest.fixture(scope="module")
def url(site):
    with serve_folder(site) as address:
        yield address


@pytest.fixture(scope="module")
def charter(site):
    return load_charter(site.parent / "project" / "charter")


def said(lang: str, key: str, **values) -> str:
    """Interface string `key` of `lang`, as a reader sees it."""
    return Localizer(lang, "he").ui(key, **values).unescape()


def text(locator) -> str:
    return " ".join(locator.inner_text().split())


# --- What should fit: the rules of assets/charter-fit.js, written again independently ---


def _criterion(field, wanted, answers):
    """True, False, or None for “we can't tell”."""
    if field not in answers:
        return None
    given = answers[field]
    if field == "age":
        low, _, high = given.partition("-")
        band = (int(low.rstrip("+")), int(high) if high else math.inf)
        lowest, highest = wanted.min or 0, math.inf if wanted.max is None else wanted.max
        if lowest <= band[0] and band[1] <= highest:
            return True
        return None if band[1] >= lowest and band[0] <= highest else False
    if isinstance(wanted, list):
        return bool({str(w) for w in wanted} & set(given))
    if field == "residency" and str(wanted) == "resident" and given == "new-resident":
        return None
    return given == (wanted if isinstance(wanted, bool) else str(wanted))


def fits(conditions, answers) -> tuple[bool | None, list[int], list[int]]:
    """A record's verdict, the ways that fit and the ways that partly do (no criterion false, one true)."""
    verdicts, fitting, partly = [], [], []
    for index, condition in enumerate(conditions):
        wanted = {field: getattr(condition, field) for field in CONDITION_FIELDS}
        told = [_criterion(field, value, answers) for field, value in wanted.items() if value not in (None, [])]
        verdict = False if any(t is False for t in told) else (True if all(t is True for t in told) else None)
        verdicts.append(verdict)
        if verdict:
            fitting.append(index)
        elif verdict is None and any(t is True for t in told):
            partly.append(index)
    overall = True if True in verdicts else (False if all(v is False for v in verdicts) else None)
    return overall, fitting, partly


def expected_results(charter, answers) -> dict[str, set[str]]:
    likely, unsure, events = set(), set(), set()
    for service in charter.services.values():
        if service.conditions:
            verdict, _, partly = fits(service.conditions, answers)
            if verdict:
                likely.add(f"service-{service.id}.html")
            elif verdict is None and partly:
                unsure.add(f"service-{service.id}.html")
    for topic in charter.life_events.values():
        if topic.conditions and fits(topic.conditions, answers)[0]:
            events.add(f"life-event-{topic.id}.html")
    return {"likely": likely, "unsure": unsure, "events": events}


# --- The reader's browser ---


class Reader:
    """A browser context on a phone, that records every request its pages make."""

    def __init__(self, browser, url: str, site: Path, javascript: bool = True, **options):
        self.url, self.site = url, site
        self.context = browser.new_context(
            viewport={"width": 375, "height": 812}, java_script_enabled=javascript, color_scheme="light", **options
        )
        self.requests = []
        self.context.on("request", lambda request: self.requests.append(request))
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, lang: str, path: str):
        self.page.goto(f"{self.url}/{lang}/{path}")
        return self.page

    def answer(self, lang: str, answers: dict):
        page = self.open(lang, "for-you.html")
        for field, value in answers.items():
            if field == "neighbourhood":
                page.select_option(f"select[name={field}]", value)
            for one in value if isinstance(value, list) else [value]:
                if field != "neighbourhood":
                    page.check(f"input[name={field}][value='{str(one).lower() if isinstance(one, bool) else one}']")
        page.click("form[data-fit-form] button[type=submit]")
        page.wait_for_selector("[data-fit-results]:not([hidden])")
        return page

    def stored(self):
        return self.page.evaluate(f"() => JSON.parse(localStorage.getItem('{ANSWERS_KEY}'))")

    def close(self):
        self.context.close()


@pytest.fixture
def reader(browser, url, site):
    reader = Reader(browser, url, site)
    yield reader
    assert reader.errors == []
    assert_nothing_left_the_browser(reader)
    reader.close()


def assert_nothing_left_the_browser(reader: Reader) -> None:
    """Every request went to the site's own server, for one of its static files, and sent nothing; the browser keeps
    only what the privacy statement lists, and no cookie."""
    assert reader.requests
    for request in reader.requests:
        address = urlsplit(request.url)
        assert request.url.startswith(reader.url + "/"), request.url
        assert request.method == "GET" and request.post_data is None and not address.query, request.url
        assert (reader.site / unquote(address.path).lstrip("/")).is_file(), request.url
    documented = reader.page.evaluate("() => Object.keys(localStorage)")
    assert all(key == ANSWERS_KEY or key.endswith(".__palette") for key in documented), documented
    assert reader.page.evaluate("() => Object.keys(sessionStorage)") == []
    assert reader.context.cookies() == []


def shown(page, group: str) -> set[str]:
    links = page.locator(f"[data-fit-group={group}] > li:not([hidden]) > a")
    return {links.nth(i).get_attribute("href") for i in range(links.count()) if links.nth(i).is_visible()}


def visible_notices(page) -> set[str]:
    notices = page.locator("[data-fit-group=notices] > li article")
    return {notices.nth(i).get_attribute("id") for i in range(notices.count()) if notices.nth(i).is_visible()}


def marked(page) -> set[str]:
    marks = page.locator(".charter-fit-mark")
    found = set()
    for i in range(marks.count()):
        mark = marks.nth(i)
        assert mark.is_visible()
        found.add(mark.evaluate("m => m.closest('li').querySelector('a').getAttribute('href')"))
    return found


# --- The for-you page ---


@pytest.mark.parametrize("lang", ["he", "en"])
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_each_resident_sees_what_probably_applies_to_them(reader, charter, lang, persona):
    answers = PERSONAS[persona]
    page = reader.answer(lang, answers)
    assert reader.stored() == {"v": 1, **answers}
    expected = expected_results(charter, answers)
    for group, hrefs in expected.items():
        assert shown(page, group) == hrefs, (group, persona)
    likely, events = shown(page, "likely"), shown(page, "events")
    if persona == "pensioner":
        assert {"service-arnona-discount.html", "service-senior-services.html"} <= likely
        assert events == {"life-event-getting-older.html"}
        arnona = page.locator("[data-fit-group=likely] > li:has(a[href='service-arnona-discount.html'])")
        seniors = charter.services["arnona-discount"].conditions[0].name.get(lang)
        assert text(arnona.locator("[data-fit-how]")) == said(lang, "fit.results.how", ways=seniors)
    elif persona == "parent":
        assert {"service-kindergarten-registration.html", "service-school-registration.html"} <= likely
        assert "service-senior-services.html" not in likely and "service-arnona-discount.html" in shown(page, "unsure")
        assert events == set()
        assert page.locator("[data-fit-part=events] [data-fit-empty]").is_visible()
    else:
        assert likely == {"service-dog-license.html"} and events == {"life-event-getting-a-dog.html"}
    assert not likely & {"service-business-license.html", "service-disabled-parking-space.html"}
    notices = visible_notices(page)
    place = answers.get("neighbourhood")
    assert "notice-fit-everyone" in notices
    assert ("notice-fit-old-town" in notices) == (place == "old-town")
    assert ("notice-fit-north" in notices) == (place == "north")
    heading = "fit.results.notices" if place else "fit.results.notices_town"
    assert text(page.locator("[data-fit-notices-for]:visible")) == said(lang, heading)
    assert page.locator("[data-fit-results-title]").evaluate("h => h === document.activeElement")


def test_the_answers_are_filled_in_again_on_a_return_visit_and_persist_across_pages(reader, charter):
    reader.answer("en", PARENT)
    page = reader.open("en", "services.html")  # another page
    page = reader.open("he", "for-you.html")  # another language, the same answers
    assert page.is_checked("input[name=age][value='18-61']") and page.is_checked("input[name=children][value='3-5']")
    assert not page.is_checked("input[name=children][value='0-2']")
    assert not page.locator("input[name=pets]:checked").count()  # not answered: nothing ticked
    assert page.is_checked("input[name=single_parent][value='']")  # not answered: “I'd rather not say”
    assert page.locator("select[name=neighbourhood]").input_value() == "north"
    assert page.locator("[data-fit-results]").is_visible()
    assert shown(page, "likely") == expected_results(charter, PARENT)["likely"]
    page.check("input[name=children][value='none']")  # “none” and the ages exclude each other
    assert not page.is_checked("input[name=children][value='3-5']")
    page.click("form[data-fit-form] button[type=submit]")
    assert reader.stored()["children"] == []
    assert "service-kindergarten-registration.html" not in shown(page, "likely")


def test_an_answer_of_rather_not_say_is_not_kept(reader):
    page = reader.answer("en", {"age": "62-66", "single_parent": False})
    page.check("input[name=age][value='']")
    page.click("form[data-fit-form] button[type=submit]")
    assert reader.stored() == {"v": 1, "single_parent": False}
    page.check("input[name=single_parent][value='']")
    page.click("form[data-fit-form] button[type=submit]")
    assert reader.stored() == {"v": 1}
    assert page.locator("[data-fit-nothing]").is_visible()
    assert not page.locator("[data-fit-part=likely]").is_visible()


def test_forget_my_answers_clears_them_in_one_tap(reader):
    page = reader.answer("en", PENSIONER)
    page.click("form[data-fit-form] [data-fit-forget]")
    assert reader.stored() is None
    assert page.locator("[data-fit-results]").is_hidden()
    assert page.is_checked("input[name=age][value='']") and not page.is_checked("input[name=pension][value='old-age']")
    assert text(page.locator(".charter-fit-said")) == said("en", "fit.forgotten")
    page.reload()
    assert page.locator("[data-fit-results]").is_hidden() and page.is_checked("input[name=age][value='']")


# --- A service's page and lists ---


def test_the_pensioner_is_probably_eligible_for_the_arnona_discount_as_a_senior_citizen(reader, charter):
    reader.answer("en", PENSIONER)
    page = reader.open("en", "service-arnona-discount.html")
    box = page.locator("[data-fit-verdict]")
    assert box.locator(".charter-conditions").is_visible()
    says = box.locator("[data-fit-says]:visible")
    assert says.count() == 1 and says.get_attribute("data-fit-says") == "likely-as"
    assert text(says) == "From your answers, you are probably eligible (Senior citizens)."
    assert text(box.locator(".charter-verdict__rule")) == said("en", "fit.verdict.rule")
    assert box.locator("[data-fit-invite]").is_hidden()
    page = reader.open("en", "service-kindergarten-registration.html")
    assert page.locator("[data-fit-says]:visible").get_attribute("data-fit-says") == "unsure"
    assert page.locator("[data-fit-says=unsure] a[href='contact.html']").is_visible()
    reader.answer("en", PARENT)
    page = reader.open("en", "service-senior-services.html")
    assert text(page.locator("[data-fit-says]:visible")) == said("en", "fit.verdict.unlikely")


@pytest.mark.parametrize("lang", ["he", "en"])
def test_lists_mark_what_fits_and_forget_in_one_tap(reader, charter, lang):
    reader.answer(lang, PENSIONER)
    likely = expected_results(charter, PENSIONER)["likely"]
    page = reader.open(lang, "services.html")
    assert marked(page) == likely
    assert text(page.locator(".charter-fit-mark").first) == said(lang, "fit.mark")
    status = page.locator("[data-fit-status-shown]")
    assert status.count() == 1 and status.is_visible()
    assert text(status) == " · ".join(said(lang, key) for key in ("fit.status", "fit.change", "fit.forget_short"))
    assert status.locator("a").get_attribute("href") == "for-you.html"
    # the status line comes before the first list of services
    assert status.evaluate("s => !!(s.compareDocumentPosition(document.querySelector('section ul')) & 4)")

    page = reader.open(lang, "life-event-getting-older.html")
    members = {f"service-{s.id}.html" for s in charter.services_for_life_event("getting-older")}
    assert marked(page) == likely & members and "service-arnona-discount.html" in marked(page)
    page = reader.open(lang, "index.html")
    assert "life-event-getting-older.html" in marked(page)
    assert {href for href in marked(page) if href.startswith("service-")} == likely & {
        f"service-{s}.html" for s in charter.site.most_used
    }

    page.locator("[data-fit-status-shown] [data-fit-forget]").first.click()
    assert reader.stored() is None and page.locator(".charter-fit-mark").count() == 0
    assert text(page.locator("[data-fit-said]")) == said(lang, "fit.forgotten")
    assert page.locator("[data-fit-said]").evaluate("s => s === document.activeElement")
    page = reader.open(lang, "service-arnona-discount.html")
    assert page.locator("[data-fit-box]").is_hidden() and page.locator("[data-fit-invite]").is_visible()
    assert reader.open(lang, "services.html").locator(".charter-fit-mark, [data-fit-status-shown]").count() == 0


def test_a_service_page_forgets_too(reader):
    reader.answer("he", DOG_OWNER)
    page = reader.open("he", "service-dog-license.html")
    assert page.locator("[data-fit-says]:visible").get_attribute("data-fit-says") == "likely"
    page.click("[data-fit-box] [data-fit-forget]")
    assert reader.stored() is None
    assert page.locator("[data-fit-box]").is_hidden()
    assert page.locator("[data-fit-invite] a").evaluate("a => a === document.activeElement")


# --- Every language ---

LATIN = re.compile(r"[A-Za-z]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pensioner_reads_it_all_in_their_language(reader, charter, lang):
    page = reader.answer(lang, PENSIONER)
    results = page.locator("[data-fit-results]")
    headings = [text(h) for h in results.locator("h2:visible, h3:visible").all()]
    assert headings == [
        said(lang, key)
        for key in ("fit.results.title", "fit.results.services", "fit.results.ask", "fit.results.life_events")
    ] + [said(lang, "fit.results.notices")]
    seniors = charter.services["arnona-discount"].conditions[0].name.get(lang)
    arnona = results.locator("li:has(> a[href='service-arnona-discount.html'])")
    assert text(arnona.locator("[data-fit-how]")) == said(lang, "fit.results.how", ways=seniors)
    page = reader.open(lang, "service-arnona-discount.html")
    verdict = text(page.locator("[data-fit-says]:visible"))
    assert verdict == said(lang, "fit.verdict.likely_as", ways=seniors)
    page = reader.open(lang, "services.html")
    mark = text(page.locator(".charter-fit-mark").first)
    assert mark == said(lang, "fit.mark")
    if lang != "en":
        for words in (*headings, verdict, mark, text(page.locator("[data-fit-status-shown]"))):
            assert not LATIN.search(words), (lang, words)


# --- Without JavaScript, and what is kept ---


def test_without_javascript_the_life_events_are_the_way_in(browser, url, site):
    reader = Reader(browser, url, site, javascript=False)
    for lang in ("he", "en"):
        page = reader.open(lang, "for-you.html")
        assert page.locator("[data-fit-form]").is_hidden()
        fallback = page.locator("[data-fit-nojs]")
        assert fallback.is_visible() and text(fallback).startswith(said(lang, "fit.no_script"))
        page.click("[data-fit-nojs] a")
        assert page.url.endswith(f"/{lang}/life-events.html")
        page = reader.open(lang, "service-arnona-discount.html")
        assert page.locator(".charter-conditions").is_visible()
        assert page.locator("[data-fit-invite] a").is_visible() and page.locator("[data-fit-box]").is_hidden()
    assert_nothing_left_the_browser(reader)
    reader.close()


def test_the_privacy_statement_lists_all_that_is_kept_the_theme_included(reader):
    reader.answer("en", PENSIONER)
    page = reader.open("en", "your-data.html")
    toggle = page.locator("form[data-md-component=palette] label:visible").first
    toggle.click()
    keys = page.evaluate("() => Object.keys(localStorage)")
    assert sorted(keys) == ["/en/.__palette", ANSWERS_KEY]  # as the statement names them
    assert "color" in json.loads(page.evaluate("() => localStorage.getItem('/en/.__palette')"))
    section = page.locator("#in-your-browser + p + ul")
    assert ".__palette" in section.inner_text() and ANSWERS_KEY in section.inner_text()
    page.click("#in-your-browser ~ ul [data-fit-forget]")
    assert reader.stored() is None
    assert text(page.locator("#in-your-browser ~ ul .charter-fit-said")) == said("en", "fit.forgotten")


# --- Accessibility, with the answers shown ---


class _WithAnswers:
    """A browser whose new contexts start with `answers` kept for the site."""

    def __init__(self, browser, url: str, answers: dict):
        self.browser, self.url, self.answers = browser, url, answers

    def new_context(self, **options):
        item = {"name": ANSWERS_KEY, "value": json.dumps({"v": 1, **self.answers})}
        state = {"cookies": [], "origins": [{"origin": self.url, "localStorage": [item]}]}
        return self.browser.new_context(storage_state=state, **options)


def test_axe_finds_nothing_with_the_answers_shown(browser, url):
    paths = [
        f"{lang}/{page}"
        for lang in ("he", "en")
        for page in ("for-you.html", "service-arnona-discount.html", "services.html", "your-data.html")
    ]
    found = violations_light_and_dark(_WithAnswers(browser, url, PENSIONER), url, paths)
    assert not found, "\n".join(found)
    found = violations_light_and_dark(browser, url, ["ar/for-you.html", "ru/service-arnona-discount.html"])
    assert not found, "\n".join(found)
