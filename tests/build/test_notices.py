"""Notices, built: shown where they matter, said in full without JavaScript, and in an Atom feed per language."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from conftest import FIXTURES, LANGUAGES, ROADWORKS, add_notices, build_site, copy_project, parse

ATOM = "{http://www.w3.org/2005/Atom}"


def notice_ids(page) -> list[str]:
    return [article["id"] for article in page.select("article[data-charter-notice]")]


def test_notices_are_on_the_home_page_and_the_pages_of_the_services_they_affect(notices_site):
    for lang in LANGUAGES:
        home = parse(notices_site / lang / "index.html")
        assert notice_ids(home) == ["notice-roadworks", "notice-festival"]
        section = home.select_one("section[data-charter-notices]")
        assert section.h2 and section.select_one("a[href='notices.html']")
        assert section.select_one("a[href='notices.xml'][type='application/atom+xml']")
        assert home.select_one("head link[rel=alternate][type='application/atom+xml'][href='notices.xml']")
        affected = parse(notices_site / lang / "service-pay-tax.html")
        assert notice_ids(affected) == ["notice-roadworks"]
        h1 = affected.select_one("article.md-content__inner h1") or affected.h1
        glance = h1.find_next("section")  # under the title, the service at a glance, then its notices
        assert "charter-glance" in glance["class"]
        assert glance.find_next("section").get("data-charter-notices") is not None
        assert notice_ids(parse(notices_site / lang / "service-report-hazard.html")) == []  # its notice ended
        listing = parse(notices_site / lang / "notices.html")
        assert notice_ids(listing) == ["notice-roadworks", "notice-festival"]
        assert listing.select_one("[data-charter-notices-none]").has_attr("hidden")


def test_each_notice_says_when_where_and_what_without_javascript(notices_site):
    home = parse(notices_site / "en" / "index.html")
    roadworks = home.select_one("#notice-roadworks")
    assert datetime.fromisoformat(roadworks["data-ends"]) == datetime(2090, 1, 1, 10, 0, tzinfo=UTC)
    assert datetime.fromisoformat(roadworks["data-starts"]) == datetime(2020, 1, 5, 6, 0, tzinfo=UTC)
    assert roadworks.select_one("h3").get_text(" ", strip=True).startswith("Planned works")
    when = roadworks.select_one(".charter-notice__when")
    assert [time["datetime"] for time in when.select("time")] == [roadworks["data-starts"], roadworks["data-ends"]]
    assert "January 1, 2090" in when.get_text() and "12:00" in when.get_text()  # in the site's time zone
    assert all(state.has_attr("hidden") for state in when.select("[data-state]"))  # nothing guessed at build time
    # The home page (like a service page) says what, when and where; the notices page says the rest.
    assert roadworks.select_one("a[href='notices.html#notice-roadworks']")
    assert not roadworks.select(".charter-notice__body")
    roadworks = parse(notices_site / "en" / "notices.html").select_one("#notice-roadworks")
    assert roadworks.select_one("a[href='service-pay-tax.html']")
    assert roadworks.select_one(".charter-notice__body strong").get_text() == "side entrance"
    assert not roadworks.select("script") and "alert(1)" not in str(roadworks.select_one(".charter-notice__body"))
    festival = parse(notices_site / "en" / "notices.html").select_one("#notice-festival")
    assert "Old Town" in festival.get_text() and festival.select_one("a[href^='https://festival.']")
    assert home.select_one("script[src$='assets/charter-notices.js']")
    assert (notices_site / "assets" / "charter-notices.js").is_file()


def test_each_language_has_an_atom_feed_of_its_live_notices(notices_site):
    for lang in LANGUAGES:
        feed = ET.parse(notices_site / lang / "notices.xml").getroot()
        assert feed.tag == f"{ATOM}feed" and feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        domain = "forms.testville.example"  # of the charter's web form: a name the municipality owns
        assert feed.findtext(f"{ATOM}id") == f"tag:{domain},2026-01-01:notices/{lang}"
        links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
        assert links == {"self": "notices.xml", "alternate": "notices.html"}
        entries = feed.findall(f"{ATOM}entry")
        assert [entry.findtext(f"{ATOM}link") for entry in entries] == ["", ""]
        hrefs = [entry.find(f"{ATOM}link").get("href") for entry in entries]
        assert hrefs == ["notices.html#notice-festival", "notices.html#notice-roadworks"]  # latest first
        titles = [entry.findtext(f"{ATOM}title") for entry in entries]
        assert titles[0].endswith(f"Harvest festival ({lang})")
        ids = [entry.findtext(f"{ATOM}id") for entry in entries]
        assert len(set(ids)) == 2 and all(i.startswith("tag:") and i.endswith(f"/{lang}") for i in ids)
        content = entries[1].find(f"{ATOM}content")
        assert content.get("type") == "html" and "<strong>side entrance</strong>" in content.text
        assert "<script" not in content.text and 'href="service-pay-tax.html"' in content.text
        assert feed.findtext(f"{ATOM}updated") == entries[0].findtext(f"{ATOM}updated") == "2089-06-01T07:00:00Z"


def test_with_a_site_url_the_feed_uses_absolute_addresses(tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    add_notices(project / "charter", roadworks=ROADWORKS)
    site = build_site(project, tmp_path / "site", site_url="https://tiny.example/", use_directory_urls=True)
    feed = ET.parse(site / "en" / "notices.xml").getroot()
    assert feed.findtext(f"{ATOM}id") == "https://tiny.example/en/notices.xml"
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == entry.find(f"{ATOM}link").get("href")
    assert entry.find(f"{ATOM}link").get("href") == "https://tiny.example/en/notices/#notice-roadworks"
    assert 'href="https://tiny.example/en/service-pay-tax/"' in entry.findtext(f"{ATOM}content")
    listing = parse(site / "en" / "notices" / "index.html")
    assert listing.select_one("head link[type='application/atom+xml'][href='../notices.xml']")


def test_a_site_without_notices_has_an_empty_feed_and_no_script(tiny_site):
    feed = ET.parse(tiny_site / "en" / "notices.xml").getroot()
    assert feed.findall(f"{ATOM}entry") == [] and feed.findtext(f"{ATOM}updated")
    home = parse(tiny_site / "en" / "index.html")
    assert not home.select("[data-charter-notices]") and not home.select("script[src$='charter-notices.js']")
    listing = parse(tiny_site / "en" / "notices.html")
    assert not listing.select_one("[data-charter-notices-none]").has_attr("hidden")
