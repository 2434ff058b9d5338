"""Search in real Chromium: resident queries typed into the search box, over HTTP and from a folder on disk."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from babel import Locale
from search.quality import QUERIES

from conftest import LANGUAGES, ROOT, listen_for_answers, wait_for_answer
from service_charter.i18n import Localizer
from service_charter.load.loader import load_charter

SAMPLE = 5
"""Queries per language typed in the browser (the whole set runs under Node in test_search.py)."""


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def type_query(page, query: str) -> list[str]:
    """Type into the search box like a resident; the result links once the last keystroke is answered."""
    box = page.locator(".md-search__input")
    box.click()
    worker = listen_for_answers(page)
    box.fill("")
    box.press_sequentially(query, delay=20)
    wait_for_answer(page, worker, query)
    return page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")


def spread(cases: list[dict]) -> list[dict]:
    """A sample that covers as many kinds of query as possible."""
    by_kind: dict[str, dict] = {}
    for case in cases:
        by_kind.setdefault(case.get("case", "keyword"), case)
    sample = list(by_kind.values())[:SAMPLE]
    return sample + [c for c in cases if c not in sample][: SAMPLE - len(sample)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_typed_queries_find_the_service(site_url, page, lang):
    page.goto(f"{site_url}/{lang}/index.html")
    for case in spread(QUERIES[lang]):
        links = type_query(page, case["q"])
        top = [Path(urlparse(link).path).name for link in links[:3]]
        assert f"service-{case['expect']}.html" in top, (case, top)
    host = urlparse(site_url).netloc
    assert {urlparse(url).netloc for url in page.requests} == {host}


def test_results_show_title_summary_and_commitment_with_the_query_marked(site_url, page):
    page.goto(f"{site_url}/he/index.html")
    type_query(page, "תשלום ארנונה")
    first = page.locator(".md-search-result__item").first
    assert first.locator("h1 mark").count() >= 1
    headline = load_charter(ROOT / "charter").services["arnona-payment"].headline
    label = headline.request.get("he") if headline.request else "טיפול"
    assert first.locator(".charter-search-promise").inner_text().startswith(f"{label}: תוך ")
    assert first.locator("p mark").count() >= 1


def test_the_result_count_is_announced_and_escape_closes_search(site_url, page):
    page.goto(f"{site_url}/en/index.html")
    type_query(page, "dog licence")
    meta = page.locator(".md-search-result__meta")
    assert meta.get_attribute("role") == "status" and meta.get_attribute("aria-live") == "polite"
    assert re.fullmatch(r"\d+ results?", meta.inner_text()), meta.inner_text()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.md-search-result__item') !== null")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")


@pytest.mark.parametrize(("lang", "query"), [("he", "היתר"), ("ar", "رخصة"), ("ru", "разрешение"), ("ru", "арнона")])
def test_the_result_count_is_worded_in_the_plural_form_of_its_number(site_url, page, lang, query):
    """The theme words counts as "one" or "other"; the page's words follow CLDR's forms for the number shown."""
    page.goto(f"{site_url}/{lang}/index.html")
    type_query(page, query)
    shown = page.locator(".md-search-result__meta").inner_text()
    forms = Localizer(lang, lang).plural_forms("search.count")
    rules = Locale.parse(lang).plural_form

    def worded(count: int) -> str:
        return forms.get(rules(count), forms["other"]).replace("{n}", str(count))

    assert shown in {worded(count) for count in range(1, 200)}, (shown, forms)
    assert not shown.isdigit()


def test_search_works_from_a_folder_on_disk(example_site, page):
    page.goto((example_site / "ru" / "index.html").as_uri())
    links = type_query(page, "арнона оплатить")
    assert links and links[0].startswith("file://") and links[0].endswith("/ru/service-arnona-payment.html")


def test_index_files_are_fetched_side_by_side_on_a_slow_network(site_url, page):
    """With every request delayed, the index files a query needs are in flight together, not one after another."""
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    conditions = {"offline": False, "latency": 150, "downloadThroughput": -1, "uploadThroughput": -1}
    network.send("Network.emulateNetworkConditions", conditions)
    spans: dict[str, list[float]] = {}
    index_file = re.compile(r"/search/[0-9a-f]+/[td]-[0-9a-f-]+\.js$")

    def started(request) -> None:
        if index_file.search(request.url):
            spans[request.url] = [time.monotonic()]

    def finished(request) -> None:
        if request.url in spans:
            spans[request.url].append(time.monotonic())

    page.on("request", started)
    page.on("requestfinished", finished)
    page.goto(f"{site_url}/en/index.html")
    assert type_query(page, "dog licence noise parking")
    done = [span for span in spans.values() if len(span) == 2]
    assert len(done) >= 4, spans
    most = max(sum(1 for s, e in done if s <= start < e) for start, _ in done)
    assert most >= 3, f"at most {most} index files were in flight at once"
