"""Search in real Chromium: resident queries typed into the search box, over HTTP and from a folder on disk."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from search.quality import QUERIES

from conftest import LANGUAGES
from service_charter.search_text import content_words

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


ANSWERED = """() => {
  // Remember the words of the query the search worker last answered (it answers only the latest).
  if (self.answered !== undefined) return;
  self.answered = null;
  const post = self.postMessage.bind(self);
  self.postMessage = message => {
    const items = message.type === 3 ? message.data.items : [];
    if (items.length) self.answered = Object.keys(items[0][0].terms).join(" ");
    post(message);
  };
}"""


def type_query(page, query: str) -> list[str]:
    """Type into the search box like a resident; the result links once the last keystroke is answered."""
    box = page.locator(".md-search__input")
    box.click()
    worker = page.workers[0] if page.workers else None
    if worker:
        worker.evaluate(ANSWERED)
    box.fill("")
    box.press_sequentially(query, delay=20)
    if worker:
        for _ in range(100):
            if worker.evaluate("() => self.answered") == " ".join(content_words(query)):
                break
            page.wait_for_timeout(50)
        else:
            pytest.fail(f"no answer to {query!r}")
        page.wait_for_timeout(100)  # the page renders what the worker sent
    else:  # opened from disk: the engine runs in the page
        page.wait_for_selector(".md-search-result__list li")
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
    assert "ההתחייבות שלנו" in first.locator(".charter-search-promise").inner_text()
    assert first.locator("p mark").count() >= 1


def test_the_result_count_is_announced_and_escape_closes_search(site_url, page):
    page.goto(f"{site_url}/en/index.html")
    type_query(page, "dog licence")
    meta = page.locator(".md-search-result__meta")
    assert meta.get_attribute("role") == "status" and meta.get_attribute("aria-live") == "polite"
    assert "matching" in meta.inner_text()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.md-search-result__item') !== null")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")


def test_search_works_from_a_folder_on_disk(example_site, page):
    page.goto((example_site / "ru" / "index.html").as_uri())
    links = type_query(page, "арнона оплатить")
    assert links and links[0].startswith("file://") and links[0].endswith("/ru/service-arnona-payment.html")
