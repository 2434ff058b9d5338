"""The example municipality built with the real MkDocs, checked page by page in every language."""

from __future__ import annotations

import itertools
import re
import shutil

import pytest

from conftest import LANGUAGES, ROOT, build_site, copy_project, parse, search_teasers, synth
from service_charter.load.loader import load_charter

CHARTER = load_charter(ROOT / "charter")
DIRECTION = {"he": "rtl", "ar": "rtl", "en": "ltr", "ru": "ltr"}
_ARTICLE = re.compile(r'<article class="md-content__inner.*</article>', re.DOTALL)  # greedy: notices are articles too


def generated_pages() -> list[str]:
    pages = ["index", "services", "commitments", "your-data", "faq", "contact", "departments", "accessibility"]
    pages += ["printable-charter", "about", "topics", "life-events"]
    pages += [f"service-{i}" for i in CHARTER.services]
    pages += [f"data-{i}" for i in CHARTER.data_items]
    pages += [f"department-{i}" for i in CHARTER.departments]
    pages += [f"category-{i}" for i in CHARTER.categories]
    pages += [f"life-event-{i}" for i in CHARTER.life_events]
    return pages


def links(soup, prefix: str = "") -> set[str]:
    """The targets of the links in the page's main content, without anchors."""
    article = soup.select_one("article")
    return {a["href"].split("#")[0] for a in article.find_all("a", href=True) if a["href"].startswith(prefix)}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_exists_with_language_and_direction(example_site, lang):
    for page in generated_pages():
        path = example_site / lang / f"{page}.html"
        assert path.is_file(), path
        soup = parse(path)
        assert soup.html["lang"] == lang, path
        assert soup.body["dir"] == DIRECTION[lang], path
        assert len(soup.find_all("h1")) == 1, path


@pytest.mark.parametrize("lang", LANGUAGES)
def test_service_pages_answer_everything_on_one_page(example_site, lang):
    for service in CHARTER.services.values():
        soup = parse(example_site / lang / f"service-{service.id}.html")
        sections = {h2["id"] for h2 in soup.select("article h2[id]")}
        assert {"what", "who", "how", "bring", "fees", "commitment", "data", "contact"} <= sections, service.id
        assert soup.select_one("article h1").get_text(strip=True)
        toc = [a["href"] for a in soup.select(".md-sidebar--secondary a.md-nav__link")]
        assert "#commitment" in toc and "#data" in toc, service.id
        clocks = soup.select(".charter-commitment [data-charter-clock]")
        assert len(clocks) == sum(len(c.clocks) + len(c.urgent.clocks if c.urgent else []) for c in service.commitments)
        assert soup.select(".charter-commitment .charter-clock__rule"), service.id
        if any(c.urgent for c in service.commitments):
            assert soup.select(".charter-urgent"), service.id
        assert soup.select_one(".charter-reviewed"), service.id


def test_links_go_both_ways(example_site):
    site = example_site / "en"
    for service in CHARTER.services.values():
        page = f"service-{service.id}.html"
        out = links(parse(site / page))
        for use in service.data:
            assert f"data-{use.item}.html" in out, (service.id, use.item)
            assert page in links(parse(site / f"data-{use.item}.html")), (use.item, service.id)
        assert f"department-{service.department}.html" in out
        assert page in links(parse(site / f"department-{service.department}.html"))
        for category in service.categories:
            assert f"category-{category}.html" in out
            assert page in links(parse(site / f"category-{category}.html"))
        for event in service.life_events:
            assert f"life-event-{event}.html" in out
            assert page in links(parse(site / f"life-event-{event}.html"))
        for other in service.related:
            assert f"service-{other}.html" in out
            assert page in links(parse(site / f"service-{other}.html")), (other, service.id)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_commitments_tables_cover_every_commitment(example_site, lang):
    """One table per topic, named by its caption, the topic's heading; each service a `<tbody>` of its own, its
    name a row header spanning the rows of its commitments."""
    soup = parse(example_site / lang / "commitments.html")
    tables = soup.select("article table.charter-commitments")
    assert len(tables) == len({s.categories[0] for s in CHARTER.services.values()})
    rows, linked = [], []
    for table in tables:
        assert table.caption.select_one("h2[id^=category-]").get_text(strip=True)
        assert len(table.select("thead th[scope=col]")) == 6
        for body in table.select("tbody"):
            commitments = body.select("tr")
            [header] = body.select("th")
            assert header["scope"] == "row" and header.parent is commitments[0]
            assert int(header.get("rowspan", 1)) == len(commitments)
            linked.append(header.a["href"])
            rows += commitments
    assert len(rows) == sum(len(s.commitments) for s in CHARTER.services.values())
    assert sorted(linked) == sorted(f"service-{i}.html#commitment" for i in CHARTER.services)
    for row in rows:
        assert len(row.find_all("td")) == 5


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_keeps_the_reader_on_the_same_page(example_site, lang):
    for page in ("index", "service-arnona-payment", "data-id-number", "category-property-tax", "contact"):
        soup = parse(example_site / lang / f"{page}.html")
        switcher = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link[hreflang]")}
        alternates = {link["hreflang"]: link["href"] for link in soup.select("head link[rel=alternate][hreflang]")}
        expected = {other: f"../{other}/{page}.html" for other in LANGUAGES}
        assert switcher == expected, (lang, page)
        assert alternates == {**expected, "x-default": expected["he"]}, (lang, page)
        for href in expected.values():
            assert (example_site / lang / href).resolve().is_file()


@pytest.mark.parametrize("lang", ["he", "ar", "en", "ru"])
def test_the_example_has_no_fallback_in_any_language(example_site, lang):
    """Every text of the example exists in every language: no page shows one in another language."""
    assert set(CHARTER.site.complete_languages) | {CHARTER.site.default_language} == set(CHARTER.site.languages)
    pages = sorted((example_site / lang).rglob("*.html"))
    assert len(pages) > 80
    for page in pages:
        soup = parse(page)
        assert not soup.select(".charter-fallback, .charter-fallback-note"), (lang, page.name)


def test_root_leads_to_the_default_language(example_site):
    soup = parse(example_site / "index.html")
    assert soup.html["lang"] == "he" and soup.html["dir"] == "rtl"
    # Plain file names, so that the site also works opened from a folder on disk.
    assert soup.select_one("meta[http-equiv=refresh]")["content"].endswith("url=he/index.html")
    expected = {lang: f"{lang}/index.html" for lang in LANGUAGES}
    assert {a["hreflang"]: a["href"] for a in soup.select("a[hreflang]")} == expected
    assert (example_site / "404.html").read_bytes() == (example_site / "he" / "404.html").read_bytes()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_request_to_another_host(example_site, lang):
    for path in (example_site / lang).glob("*.html"):
        html = path.read_text(encoding="utf-8")
        soup = parse(path)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in soup.find_all(tag):
                value = element.get(attribute, "")
                if tag == "link" and "alternate" in element.get("rel", []):
                    continue
                assert not re.match(r"^(https?:)?//", value), (path.name, value)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_navigation_lists_the_hubs_never_every_service(example_site, lang):
    soup = parse(example_site / lang / "service-arnona-payment.html")
    nav_links = [a["href"] for a in soup.select("nav.md-nav--primary a[href]")]
    assert not [href for href in nav_links if href.startswith(("service-", "category-", "life-event-"))]
    assert {"topics.html", "life-events.html", "services.html", "commitments.html"} <= set(nav_links)
    topics = parse(example_site / lang / "topics.html").select("article a[href^='category-']")
    assert len(topics) == len(list((ROOT / "charter" / "categories").glob("*.yml")))


def test_a_page_is_as_heavy_in_a_large_charter_as_in_a_small_one(example_site, tmp_path):
    """The theme repeats the navigation in every page: it must not grow with the catalogue."""
    project = copy_project(ROOT, tmp_path / "project")
    shutil.rmtree(project / "charter")
    assert synth.main([str(project / "charter"), "--services", "300"]) == 0
    large = build_site(project, tmp_path / "site")
    for lang in ("he", "en"):
        small_page = example_site / lang / "service-arnona-payment.html"
        large_page = sorted((large / lang).glob("service-arnona-payment-*.html"))[0]
        small_nav, large_nav = (parse(page).select_one("nav.md-nav--primary") for page in (small_page, large_page))
        assert [a["href"] for a in small_nav.select("a")] == [a["href"] for a in large_nav.select("a")]
        outside = [len(_ARTICLE.sub("", page.read_text("utf-8")).encode()) for page in (small_page, large_page)]
        assert abs(outside[1] - outside[0]) < 600, outside  # the page's own title, repeated in its head


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_search_index(example_site, lang):
    titles = {entry["t"] for entry in search_teasers(example_site / lang)}
    expected = CHARTER.services["arnona-payment"].title.get(lang)
    assert expected in titles


def test_data_item_page_lists_every_service_that_asks(example_site):
    for item_id in CHARTER.data_items:
        soup = parse(example_site / "he" / f"data-{item_id}.html")
        listed = {href for href in links(soup, "service-")}
        assert listed == {f"service-{s.id}.html" for s in CHARTER.services_using(item_id)}


def test_home_finds_services_by_category_and_life_event(example_site):
    soup = parse(example_site / "en" / "index.html")
    hrefs = links(soup)
    assert {f"category-{c}.html" for c in CHARTER.categories} <= hrefs
    assert {f"life-event-{e}.html" for e in CHARTER.life_events} <= hrefs
    assert {f"service-{s}.html" for s in CHARTER.site.most_used} <= hrefs
    assert "contact.html" in hrefs


def test_contact_page_lists_every_channel(example_site):
    soup = parse(example_site / "ar" / "contact.html")
    ids = {h3["id"] for h3 in soup.select("article h3[id]")}
    assert {f"channel-{c}" for c in CHARTER.channels} <= ids
    assert soup.select_one('a[href="tel:106"]')
    assert all(bdi["dir"] == "ltr" for bdi in soup.select("a[href^=tel] bdi"))


def test_assets_are_published_once_for_every_language(example_site):
    """A reader who changes language has the theme's files and the charter's assets already: one copy, at the top."""
    shared = {"assets/charter.css", "assets/logo.svg", "assets/charter-search.js", "assets/charter-feed.css"}
    assert all((example_site / path).is_file() for path in shared)
    assert list((example_site / "assets" / "javascripts").glob("bundle.*.min.js"))
    for lang in LANGUAGES:
        assert not (example_site / lang / "assets").exists()
        for path in (example_site / lang).glob("*.html"):
            soup = parse(path)
            tags = soup.select("link[href*='assets/'], [src*='assets/']")
            linked = [tag.get("href") or tag.get("src") for tag in tags]
            if path.name == "404.html":  # served at any depth: links from the top of the host
                assert linked and all(link.startswith("/assets/") for link in linked), (path, linked)
                assert all((example_site / link.lstrip("/")).is_file() for link in linked), path
                continue
            assert linked and all(link.startswith("../assets/") for link in linked), (path, linked)
            assert all((path.parent / link).resolve().is_file() for link in linked), path


def test_pages_carry_no_indentation_and_the_site_no_source_maps(example_site):
    """What the templates' indentation and the theme's source maps would add to every page and language."""
    kept = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
    for path in example_site.rglob("*.html"):
        outside = kept.sub("<kept>", path.read_text("utf-8"))
        assert not re.search(r"\n[ \t]|\n\n|[ \t]\n", outside), path
    assert not list(example_site.rglob("*.map"))


VAGUE_LINK_TEXTS = {
    "here",
    "click here",
    "more",
    "read more",
    "link",
    "כאן",
    "לחצו כאן",
    "עוד",
    "هنا",
    "المزيد",
    "здесь",
    "подробнее",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_structure_headings_landmarks_and_links(example_site, lang):
    for path in sorted((example_site / lang).glob("*.html")):
        soup = parse(path)
        levels = [int(h.name[1]) for h in soup.select("article h1, article h2, article h3, article h4, article h5")]
        assert levels and levels[0] == 1 and levels.count(1) == 1, path.name
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, (path.name, levels)
        assert soup.select_one("header.md-header") and soup.select_one("main") and soup.select_one("footer")
        assert all(nav.get("aria-label") or nav.get("aria-labelledby") for nav in soup.select("nav")), path.name
        for table in soup.select("article table"):
            assert table.caption or table.find_previous(["h2", "h3"]), path.name
            assert table.select("th"), path.name
        for link in soup.select("article a[href]"):
            text = " ".join(link.get_text(" ").split()).lower()
            assert text and text not in VAGUE_LINK_TEXTS, (path.name, link)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_accessibility_statement_comes_from_the_site_data(example_site, lang):
    soup = parse(example_site / lang / "accessibility.html")
    text = soup.select_one("article").get_text(" ")
    site = CHARTER.site
    coordinator = site.accessibility_coordinator
    assert (site.accessibility.standard.get(lang) or site.accessibility.standard.get("he")) in text
    assert str(site.accessibility.last_checked.year) in text
    assert coordinator.phone in text and coordinator.email in text
    for office in site.offices:
        assert (office.accessibility.get(lang) or office.accessibility.get("he")) in text
    for limitation in site.accessibility.limitations:
        assert (limitation.get(lang) or limitation.get("he")) in text
    assert "accessibility.html" in {a["href"] for a in soup.select("nav.md-nav--primary a")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_printable_charter_lists_every_service_and_commitment(example_site, lang):
    soup = parse(example_site / lang / "printable-charter.html")
    ids = {h3["id"] for h3 in soup.select("article h3[id]")}
    assert ids == {f"service-{i}" for i in CHARTER.services}
    times = soup.select(".charter-printable__service .charter-times")
    assert len(times) == sum(
        len(s.commitments) + sum(1 for c in s.commitments if c.urgent) for s in CHARTER.services.values()
    )
    assert "printable-charter.html" in links(parse(example_site / lang / "commitments.html"))
