"""The files crawlers and hosts read: sitemaps with every language, robots.txt, and a 404 page per language."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import FIXTURES, LANGUAGES, build_site, copy_project, parse
from service_charter.i18n import direction, ui_strings

SITE_URL = "https://city.example/charter/"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The tiny site with its address known, and one hand-written page that only English has."""
    tmp = tmp_path_factory.mktemp("published")
    project = copy_project(FIXTURES / "tiny", tmp / "project")
    (project / "docs" / "en").mkdir()
    (project / "docs" / "en" / "only-english.md").write_text("# Only in English\n\nHello.\n", encoding="utf-8")
    return build_site(project, tmp / "site", site_url=SITE_URL)


def pages_of(site: Path, lang: str) -> set[str]:
    return {path.name for path in (site / lang).glob("*.html")} - {"404.html"}


def read_xml(path: Path) -> ET.Element:
    """A sitemap, checked to be the same as its compressed copy beside it."""
    data = path.read_bytes()
    assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == data, path
    return ET.fromstring(data)


# --- Sitemaps ---


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_page_lists_itself_in_every_language_that_has_it(published, lang):
    urlset = read_xml(published / lang / "sitemap-pages.xml")
    assert urlset.tag == f"{SM}urlset"
    urls = urlset.findall(f"{SM}url")
    base = f"{SITE_URL}{lang}/"
    locs = [url.findtext(f"{SM}loc") for url in urls]
    assert sorted(locs) == sorted(base + name for name in pages_of(published, lang))
    for url, loc in zip(urls, locs, strict=True):
        name = loc.removeprefix(base)
        links = url.findall(f"{XHTML}link")
        assert {link.get("rel") for link in links} == {"alternate"}
        having = [other for other in LANGUAGES if name in pages_of(published, other)]
        expected = {other: f"{SITE_URL}{other}/{name}" for other in having}
        if "he" in having:
            expected["x-default"] = f"{SITE_URL}he/{name}"
        assert {link.get("hreflang"): link.get("href") for link in links} == expected, name
        assert len(links) == len(expected), name


def test_a_page_in_one_language_only_has_no_alternates(published):
    assert "only-english.html" in pages_of(published, "en")
    assert all("only-english.html" not in pages_of(published, lang) for lang in ("he", "ar", "ru"))
    urls = read_xml(published / "en" / "sitemap-pages.xml").findall(f"{SM}url")
    [page] = [url for url in urls if url.findtext(f"{SM}loc").endswith("/only-english.html")]
    assert [(link.get("hreflang"), link.get("href")) for link in page.findall(f"{XHTML}link")] == [
        ("en", f"{SITE_URL}en/only-english.html")
    ]


def test_without_a_history_in_git_no_page_is_dated(published):
    """The day of the build says nothing of when a page changed: better no `lastmod` (see test_search_engines.py)."""
    for lang in LANGUAGES:
        urls = read_xml(published / lang / "sitemap-pages.xml").findall(f"{SM}url")
        assert urls and all(url.find(f"{SM}lastmod") is None for url in urls), lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_sitemap_stays_a_small_index(published, lang):
    index = read_xml(published / lang / "sitemap.xml")
    assert index.tag == f"{SM}sitemapindex"
    assert [loc.text for loc in index.iter(f"{SM}loc")] == [f"{SITE_URL}{lang}/sitemap-pages.xml"]


def test_the_site_sitemap_indexes_every_language(published):
    index = read_xml(published / "sitemap.xml")
    assert index.tag == f"{SM}sitemapindex"
    locs = [sitemap.findtext(f"{SM}loc") for sitemap in index.findall(f"{SM}sitemap")]
    assert locs == [f"{SITE_URL}{lang}/sitemap-pages.xml" for lang in LANGUAGES]
    for loc in locs:  # a sitemap index may not list another index: each entry is a list of pages
        assert read_xml(published / loc.removeprefix(SITE_URL)).tag == f"{SM}urlset"


def test_robots_txt_names_the_sitemap(published):
    lines = (published / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert [line for line in lines if line.startswith("Sitemap:")] == [f"Sitemap: {SITE_URL}sitemap.xml"]


def test_without_site_url_there_is_no_sitemap_with_relative_addresses(example_site):
    lines = (example_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert not [line for line in lines if line.lower().startswith("sitemap")]
    assert not (example_site / "sitemap.xml").exists()
    for lang in LANGUAGES:
        assert not (example_site / lang / "sitemap-pages.xml").exists()
        sitemap = read_xml(example_site / lang / "sitemap.xml")
        assert list(sitemap.iter(f"{SM}loc")) == []


# --- 404 pages ---


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_404_page_speaks_its_language_and_leads_home(example_site, lang):
    soup = parse(example_site / lang / "404.html")
    strings = ui_strings(lang)
    assert soup.html["lang"] == lang and soup.body["dir"] == direction(lang)
    assert soup.h1.get_text(strip=True) == strings["not_found"]["title"]
    assert soup.title.get_text().startswith(strings["not_found"]["title"])
    content = soup.select_one(".charter-not-found")
    links = {a.get_text(strip=True): a["href"] for a in content.select("p + ul a")}
    # Served at any depth: its links start at the server's root, as the site_url is not known.
    assert links == {
        strings["pages"]["home"]: f"/{lang}/index.html",
        strings["pages"]["services"]: f"/{lang}/services.html",
        strings["pages"]["contact"]: f"/{lang}/contact.html",
    }
    for other in LANGUAGES:
        if other == lang:
            continue
        item = content.select_one(f'li[lang="{other}"]')
        assert item["dir"] == direction(other)
        assert ui_strings(other)["not_found"]["title"] in item.get_text()
        assert item.a["href"] == f"/{other}/index.html"
        assert item.a.get_text(strip=True) == ui_strings(other)["not_found"]["go_home"]
    for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src")):
        for element in soup.find_all(tag, **{attribute: True}):
            assert element[attribute].startswith("/"), element


def test_404_links_use_the_site_address_when_known(published):
    soup = parse(published / "ar" / "404.html")
    assert soup.select_one(".charter-not-found ul a")["href"] == f"{SITE_URL}ar/index.html"
    assert soup.select_one('.charter-not-found li[lang="en"] a')["href"] == f"{SITE_URL}en/index.html"


def test_netlify_serves_each_language_its_own_404_page(example_site, published):
    assert (example_site / "_redirects").read_text(encoding="utf-8").splitlines()[1:] == [
        f"/{lang}/*  /{lang}/404.html  404" for lang in LANGUAGES
    ]
    assert (published / "_redirects").read_text(encoding="utf-8").splitlines()[1:] == [
        f"/charter/{lang}/*  /charter/{lang}/404.html  404" for lang in LANGUAGES
    ]
