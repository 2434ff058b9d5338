"""Notices: checked when loaded, shown where they matter, left out once ended, hidden by the browser as they end."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import FIXTURES, LANGUAGES, build_site, copy_project, parse, serve_folder
from service_charter.load.loader import load_charter
from service_charter.problems import CharterError, Severity

ATOM = "{http://www.w3.org/2005/Atom}"


def texts(words: str) -> str:
    return "{" + ", ".join(f"{lang}: {words} ({lang})" for lang in LANGUAGES) + "}"


# Far from today in both directions, so that these tests mean the same whenever they run.
ROADWORKS = f"""\
kind: works
title: {texts("Roadworks on Main Street")}
body: {texts("Use the **side entrance**. <script>alert(1)</script>")}
starts: "2020-01-05 08:00"
ends: "2090-01-01 12:00"
services: [pay-tax]
"""
FESTIVAL = f"""\
kind: event
title: {texts("Harvest festival")}
body: {texts("Streets around the square are closed.")}
starts: "2089-06-01 10:00+03:00"
ends: "2089-12-31 22:00"
neighbourhoods:
  - {texts("Old Town")}
url: https://festival.testville.example/
"""
OUTAGE = f"""\
kind: disruption
title: {texts("Payment system outage")}
body: {texts("Payments were down.")}
starts: "2021-03-01 08:00"
ends: "2021-03-01 12:00"
services: [report-hazard]
"""


def add_notices(charter: Path, **notices: str) -> None:
    folder = charter / "notices"
    folder.mkdir(exist_ok=True)
    for name, text in notices.items():
        (folder / f"{name.replace('_', '-')}.yml").write_text(text, encoding="utf-8")


@pytest.fixture
def charter_dir(tmp_path) -> Path:
    charter = tmp_path / "charter"
    shutil.copytree(FIXTURES / "tiny" / "charter", charter)
    return charter


def problems_of(charter: Path) -> list[str]:
    with pytest.raises(CharterError) as caught:
        load_charter(charter)
    return [problem.format() for problem in caught.value.problems if problem.severity is Severity.error]


# --- Loading ---------------------------------------------------------------------------------


def test_times_are_read_in_the_site_time_zone_unless_they_give_an_offset(charter_dir):
    add_notices(charter_dir, roadworks=ROADWORKS, festival=FESTIVAL)
    charter = load_charter(charter_dir)
    roadworks, festival = charter.notices["roadworks"], charter.notices["festival"]
    assert roadworks.starts.astimezone(UTC) == datetime(2020, 1, 5, 6, 0, tzinfo=UTC)  # Jerusalem, winter: +02:00
    assert festival.starts.astimezone(UTC) == datetime(2089, 6, 1, 7, 0, tzinfo=UTC)  # its own offset
    site = charter_dir / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "timezone: Europe/London\n", encoding="utf-8")
    assert load_charter(charter_dir).notices["roadworks"].starts.astimezone(UTC).hour == 8


def test_a_notice_that_ends_before_it_starts_is_an_error_on_its_line(charter_dir):
    add_notices(charter_dir, roadworks=ROADWORKS.replace('ends: "2090-01-01 12:00"', 'ends: "2019-12-31 12:00"'))
    [problem] = problems_of(charter_dir)
    assert problem.startswith(str(Path("notices/roadworks.yml"))) or "notices/roadworks.yml:1:" in problem
    assert "`ends` (2019-12-31 12:00) must be later than `starts` (2020-01-05 08:00)" in problem
    assert "hint:" in problem


def test_unknown_services_bad_times_and_time_zones_are_reported_together(charter_dir):
    broken = ROADWORKS.replace("[pay-tax]", "[pay-taxes]").replace('"2020-01-05 08:00"', '"05/01/2020 08:00"')
    add_notices(charter_dir, roadworks=broken, festival=FESTIVAL.replace("kind: event", "kind: party"))
    found = "\n".join(problems_of(charter_dir))
    assert "notices/roadworks.yml:6:" in found and "there is no service `pay-taxes`" in found
    assert "did you mean `pay-tax`?" in found
    assert "notices/roadworks.yml:4:" in found and "'05/01/2020 08:00' is not a date and time" in found
    assert '"2026-12-01 08:00"' in found
    assert "notices/festival.yml:1:" in found and "'party' is not allowed here" in found


def test_an_unknown_time_zone_is_an_error(charter_dir):
    site = charter_dir / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "timezone: Asia/Jerusalme\n", encoding="utf-8")
    [problem] = problems_of(charter_dir)
    assert "site.yml:" in problem and "`Asia/Jerusalme` is not a known time zone" in problem
    assert "did you mean `Asia/Jerusalem`?" in problem


def test_notices_that_have_ended_are_left_out_and_staff_are_told(charter_dir):
    add_notices(charter_dir, roadworks=ROADWORKS, festival=FESTIVAL, outage=OUTAGE)
    charter = load_charter(charter_dir, now=datetime(2089, 7, 1, tzinfo=UTC))
    assert [notice.id for notice in charter.live_notices] == ["roadworks", "festival"]  # in order of their start
    assert [n.id for n in charter.notices_for_service("pay-tax")] == ["roadworks"]
    assert charter.notices_for_service("report-hazard") == []
    [told] = [p for p in charter.problems if "notices/outage.yml" in p.file]
    assert told.severity is Severity.notice and "ended on 2021-03-01 12:00" in told.message
    later = load_charter(charter_dir, now=datetime(2089, 12, 31, 20, 0, tzinfo=UTC))
    assert [notice.id for notice in later.live_notices] == ["roadworks"]


def test_a_new_notice_from_the_scaffold_says_what_to_fill_in(charter_dir):
    charter = [sys.executable, "-m", "service_charter"]
    created = subprocess.run([*charter, "new", "notice", "road-closure", "--folder", str(charter_dir)], check=False)
    assert created.returncode == 0
    result = subprocess.run([*charter, "validate", str(charter_dir)], capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "notices/road-closure.yml:18:9: error: starts:" in result.stderr
        and "'YYYY-MM-DD HH:MM' is not a date and time" in result.stderr
    )


# --- The built site ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def notices_site(tmp_path_factory) -> Path:
    project = copy_project(FIXTURES / "tiny", tmp_path_factory.mktemp("notices") / "project")
    add_notices(project / "charter", roadworks=ROADWORKS, festival=FESTIVAL, outage=OUTAGE)
    return build_site(project, project / "site")


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
        assert h1.find_next("section").get("data-charter-notices") is not None  # near the top, under the title
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
    assert "Old Town (en)" in festival.get_text() and festival.select_one("a[href^='https://festival.']")
    assert home.select_one("script[src$='assets/charter-notices.js']")
    assert (notices_site / "en" / "assets" / "charter-notices.js").is_file()


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


# --- In a real browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def notices_url(notices_site):
    with serve_folder(notices_site) as url:
        yield url


def milliseconds(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() * 1000)


def test_the_browser_hides_each_notice_when_it_ends_without_a_rebuild(browser, notices_url):
    page = browser.new_page()
    start = datetime(2089, 5, 31, 12, 0, tzinfo=UTC)
    page.clock.install(time=start)
    page.goto(f"{notices_url}/en/index.html")
    roadworks, festival = page.locator("#notice-roadworks"), page.locator("#notice-festival")
    section = page.locator("section[data-charter-notices]")
    assert roadworks.is_visible() and festival.is_visible()
    assert roadworks.locator("[data-state=current]").is_visible()
    assert festival.locator("[data-state=upcoming]").is_visible()
    assert not festival.locator("[data-state=current]").is_visible()

    festival_starts = datetime(2089, 6, 1, 7, 0, 1, tzinfo=UTC)
    page.clock.fast_forward(milliseconds(start, festival_starts))
    assert festival.locator("[data-state=current]").is_visible()
    assert not festival.locator("[data-state=upcoming]").is_visible()

    festival_ended = datetime(2089, 12, 31, 20, 0, 1, tzinfo=UTC)  # 22:00 in Jerusalem
    page.clock.fast_forward(milliseconds(festival_starts, festival_ended))
    assert festival.is_hidden() and roadworks.is_visible() and section.is_visible()

    roadworks_ended = datetime(2090, 1, 1, 10, 0, 1, tzinfo=UTC)
    page.clock.fast_forward(milliseconds(festival_ended, roadworks_ended))
    assert roadworks.is_hidden() and section.is_hidden()
    toc = page.locator(".md-nav a[href='#notices']")  # its entries in the tables of contents go too
    assert toc.count() >= 1 and all(toc.nth(i).is_hidden() for i in range(toc.count()))
    page.close()


def test_a_page_opened_after_the_notices_ended_shows_none(browser, notices_url):
    page = browser.new_page()
    page.clock.install(time=datetime(2090, 6, 1, tzinfo=UTC))
    page.goto(f"{notices_url}/en/service-pay-tax.html")
    assert page.locator("#notice-roadworks").is_hidden()
    assert page.locator("section[data-charter-notices]").is_hidden()
    page.goto(f"{notices_url}/en/notices.html")
    assert page.locator("[data-charter-notice]").first.is_hidden()
    assert page.locator("[data-charter-notices-none]").is_visible()
    toc = page.locator(".md-nav--secondary a[href='#notice-roadworks-title']")
    assert toc.count() == 1 and toc.is_hidden()
    page.close()


def test_without_javascript_notices_stay_with_their_dates(browser, notices_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{notices_url}/he/index.html")
    roadworks = page.locator("#notice-roadworks")
    assert roadworks.is_visible() and roadworks.locator("time").count() == 2
    assert "2090" in roadworks.locator("time").nth(1).inner_text()
    context.close()
