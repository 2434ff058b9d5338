"""Change history from git, built: service pages, the services hub and an Atom feed of every change."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import (
    CHARTER_COMMITS,
    CLOSED,
    FIXTURES,
    INITIAL,
    LANGUAGES,
    MERGED_FEE,
    PAY_TAX,
    STREET,
    build_site,
    copy_project,
    git,
    parse,
    parse_html,
)
from service_charter.load.git_history import clean_subject

ATOM = "{http://www.w3.org/2005/Atom}"
SHOWN_HOSTILE = 'Hazard <script>alert("x")</script> ]]> &amp; evil'
"""The hostile subject as the site shows it: the direction override is taken out, the markup kept as text."""


# --- The site ------------------------------------------------------------------------------------


def _changes(site: Path, lang: str, service: str):
    return parse(site / lang / f"service-{service}.html").select_one("article .charter-changes")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_service_page_shows_when_it_last_changed_and_what_changed(history_site, lang):
    section = _changes(history_site, lang, "pay-tax")
    assert section.select_one("p time")["datetime"] == "2026-06-10"
    items = section.select("details li")
    assert [li.select_one("time")["datetime"] for li in items] == ["2026-06-10", "2026-02-10", "2026-01-05"]
    subjects = [li.select_one("span") for li in items]
    assert [span.get_text() for span in subjects] == [MERGED_FEE[0], PAY_TAX[0], INITIAL[0]]
    assert all(span["lang"] == "" and span["dir"] == "auto" for span in subjects)  # written in any language
    feed = section.select_one("a[type='application/atom+xml']")
    assert feed["href"] == "changes.xml" and (history_site / lang / feed["href"]).is_file()
    assert parse(history_site / lang / "service-pay-tax.html").select_one("article .charter-reviewed")


def test_each_change_names_the_parts_of_the_page_it_changed(history_site):
    parts = [li.select_one(".charter-changes__parts") for li in _changes(history_site, "en", "pay-tax").select("li")]
    assert [part.get_text() if part else None for part in parts] == ["Fees", "What it is", "Page published"]
    hebrew = _changes(history_site, "he", "pay-tax").select_one("li .charter-changes__parts")
    assert hebrew.get_text() == "תשלומים"
    # The feed names them too, beside each service page an entry lists.
    entries = ET.parse(history_site / "en" / "changes.xml").getroot().findall(f"{ATOM}entry")
    newest, oldest = (parse_html(entry.findtext(f"{ATOM}content")) for entry in (entries[0], entries[-1]))
    assert newest.select_one("li").get_text(" ", strip=True) == "Pay property tax : Fees"
    assert "Pay property tax : Page published" in [li.get_text(" ", strip=True) for li in oldest.select("li")]
    others = [li for li in oldest.select("li") if not li.a["href"].startswith("service-")]
    assert others and all(li.get_text(strip=True) == li.a.get_text(strip=True) for li in others)


def test_the_date_is_written_in_the_page_s_language(history_site):
    assert "June 10, 2026" in _changes(history_site, "en", "pay-tax").select_one("p").get_text()
    assert "10 ביוני 2026" in _changes(history_site, "he", "pay-tax").select_one("p").get_text()


def test_a_hostile_commit_message_is_shown_as_text(history_site):
    for lang in LANGUAGES:
        html = (history_site / lang / "service-report-hazard.html").read_text(encoding="utf-8")
        assert '<script>alert("x")' not in html and "\u202e" not in html
        spans = _changes(history_site, lang, "report-hazard").select("details li span")
        assert [span.get_text() for span in spans][1] == SHOWN_HOSTILE
        feed = (history_site / lang / "changes.xml").read_bytes()
        assert b"<script>" not in feed and b"]]>" not in feed
        titles = [entry.findtext(f"{ATOM}title") for entry in ET.fromstring(feed).iter(f"{ATOM}entry")]
        assert SHOWN_HOSTILE in titles


def test_a_renamed_service_shows_the_changes_it_had_under_its_old_name(history_site):
    items = _changes(history_site, "en", "street-permit").select("details li span")
    assert [span.get_text() for span in items] == [STREET[0], INITIAL[0]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_feed_lists_every_change_in_every_language(history_site, lang):
    feed = ET.parse(history_site / lang / "changes.xml").getroot()
    assert feed.tag == f"{ATOM}feed" and feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    assert feed.findtext(f"{ATOM}updated") == "2026-06-10T06:00:00Z"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "changes.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [clean_subject(s) for s, _ in CHARTER_COMMITS]
    assert entries[-1].findtext(f"{ATOM}updated") == "2026-01-05T07:00:00Z"
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("tag:forms.testville.example,") for i in ids), ids
    content = parse_html(entries[-1].findtext(f"{ATOM}content"))
    links = {a["href"]: a.get_text() for a in content.select("a")}
    title = {"he": "תשלום ארנונה", "ar": "دفع الأرنونا", "en": "Pay property tax", "ru": "Оплата арноны"}[lang]
    assert links["service-pay-tax.html"] == title
    assert all((history_site / lang / href.partition("#")[0]).is_file() for href in links)
    assert entries[0].find(f"{ATOM}link").get("href") == "service-pay-tax.html"


def test_a_removed_service_is_counted_in_the_feed(history_site):
    feed = ET.parse(history_site / "en" / "changes.xml").getroot()
    closed = next(e for e in feed.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == CLOSED[0])
    assert "Services removed: 1" in parse_html(closed.findtext(f"{ATOM}content")).get_text()


def test_service_pages_and_the_services_hub_point_at_the_feed(history_site):
    for page in ("service-pay-tax.html", "services.html"):
        head = parse(history_site / "en" / page).select("head link[type='application/atom+xml'][href='changes.xml']")
        assert len(head) == 1 and head[0]["rel"] == ["alternate"], page
    hub = parse(history_site / "ar" / "services.html").select_one("article a[href='changes.xml']")
    assert hub.get_text() == "تابِعوا التغييرات على الميثاق (موجز Atom)"
    assert not parse(history_site / "en" / "faq.html").select("head link[href='changes.xml']")


def test_feed_addresses_are_absolute_with_a_site_url(git_history, tmp_path):
    site = build_site(git_history, tmp_path / "site", site_url="https://city.example/charter/")
    feed = ET.parse(site / "ru" / "changes.xml").getroot()
    assert feed.findtext(f"{ATOM}id") == "https://city.example/charter/ru/changes.xml"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://city.example/charter/ru/changes.xml"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}base") == "https://city.example/charter/ru/"
    first = feed.find(f"{ATOM}entry")
    assert first.findtext(f"{ATOM}id").startswith("https://city.example/charter/ru/changes.xml#")


@pytest.mark.parametrize("where", ["outside git", "shallow clone"])
def test_a_site_without_history_says_nothing_about_changes(where, git_history, tmp_path, caplog):
    if where == "outside git":
        project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    else:
        project = tmp_path / "clone"
        git(tmp_path, "clone", "--quiet", "--depth", "1", git_history.as_uri(), str(project))
    with caplog.at_level(logging.INFO):
        site = build_site(project, tmp_path / "site")  # strict: an info line, no warning
    notes = [r for r in caplog.records if "pages show no change history" in r.getMessage()]
    assert notes and all(r.levelno == logging.INFO for r in notes)
    for lang in LANGUAGES:
        assert not (site / lang / "changes.xml").exists()
        for page in ("service-pay-tax.html", "services.html"):
            soup = parse(site / lang / page)
            assert not soup.select(".charter-changes") and not soup.select("link[href$='changes.xml']"), page
        assert parse(site / lang / "service-pay-tax.html").select_one(".charter-reviewed")
