"""Notices residents can follow, built: `<lang>/notices.ics` and one calendar per neighbourhood, read back with two
independent iCalendar parsers (`icalendar`, and `ical`); outages on the notices page and in the Atom feed; the
feeds' explanation for people who open them in a browser, which feed readers ignore.

`follow_site` (also served by `tests/browser/test_notices_follow.py`) is the tiny charter with three
neighbourhoods, two other bodies, a water outage in one neighbourhood in winter, a power outage in two others in
summer, works for the whole town and an outage that has ended.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from conftest import (
    FIXTURES,
    LANGUAGES,
    add_notices,
    build_site,
    copy_project,
    edit,
    in_every_language,
    parse,
    parse_html,
)
from service_charter.i18n import Localizer
from service_charter.load.loader import load_charter
from service_charter.publish.notices_calendar import notices_calendar

NEIGHBOURHOODS = """\
neighbourhoods:
  - id: rimonim
    name: {he: שכונת הרימונים, ar: حي الرمان, en: Rimonim, ru: Римоним}
  - id: north
    name: {he: שכונת הצפון, ar: الحي الشمالي, en: North Neighbourhood, ru: Северный район}
"""
WATER_CORPORATION = f"""\
name: {in_every_language("Water corporation")}
channels:
  - kind: phone
    name: {in_every_language("Faults hotline")}
    value: "08-555-0140"
    always_open: true
"""
ELECTRIC_COMPANY = f"""\
name: {in_every_language("Electric company")}
channels:
  - kind: web
    name: {in_every_language("Outage map")}
    value: https://power.testville.example/outages
"""
# Far from today, so that these tests mean the same whenever they run: a winter day (UTC+2) and a summer one (UTC+3).
WATER = f"""\
kind: outage
utility: water
responsible: water-corporation
title: {in_every_language("Pipe repair")}
body: {in_every_language("Fill a few bottles **the evening before**.")}
starts: "2089-01-12 08:00"
ends: "2089-01-12 14:00"
neighbourhoods: [rimonim]
area: {in_every_language("HaRimon St. 1-40")}
"""
POWER = f"""\
kind: outage
utility: power
responsible: electric-company
title: {in_every_language("Grid maintenance")}
body: {in_every_language("Traffic lights may be off.")}
starts: "2089-07-12 08:00"
ends: "2089-07-12 16:30"
neighbourhoods: [old-town, north]
services: [pay-tax]
"""
TOWN = f"""\
kind: works
title: {in_every_language("Resurfacing every street")}
body: {in_every_language("Drive slowly.")}
starts: "2020-01-05 08:00"
ends: "2090-01-01 12:00"
"""
ENDED = f"""\
kind: outage
utility: gas
title: {in_every_language("Gas main")}
body: {in_every_language("Over.")}
starts: "2021-03-01 08:00"
ends: "2021-03-01 12:00"
neighbourhoods: [rimonim]
"""


def follow_project(target: Path) -> Path:
    """The tiny project with neighbourhoods, two other bodies and notices for the town, for some and for none."""
    project = copy_project(FIXTURES / "tiny", target)
    charter = project / "charter"
    edit(charter / "site.yml", "neighbourhoods:\n", NEIGHBOURHOODS)
    (charter / "bodies").mkdir()
    (charter / "bodies" / "water-corporation.yml").write_text(WATER_CORPORATION, encoding="utf-8")
    (charter / "bodies" / "electric-company.yml").write_text(ELECTRIC_COMPANY, encoding="utf-8")
    add_notices(charter, water=WATER, power=POWER, town=TOWN, ended=ENDED)
    return project


def follow_site_in(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The follow project built once a session, whichever test folder asks first."""
    folder = tmp_path_factory.getbasetemp() / "follow-notices"
    if not (folder / "site" / "he" / "notices.ics").is_file():
        project = follow_project(folder / "project")
        build_site(project, folder / "site")
    return folder / "site"


@pytest.fixture(scope="session")
def follow_site(tmp_path_factory) -> Path:
    return follow_site_in(tmp_path_factory)


ATOM = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ZONE = "Asia/Jerusalem"
CALENDARS = {
    "notices.ics": {"town", "water", "power"},
    "notices-rimonim.ics": {"town", "water"},
    "notices-north.ics": {"town", "power"},
    "notices-old-town.ics": {"town", "power"},
}
"""Each calendar of a language and the notices it holds: those naming its neighbourhood, and the whole town's."""
LABELS = {  # an outage's label in each language: what is cut
    "he": ("הפסקת מים", "הפסקת חשמל"),
    "ar": ("انقطاع المياه", "انقطاع الكهرباء"),
    "en": ("Water outage", "Power outage"),
    "ru": ("Отключение воды", "Отключение электричества"),
}
WHEN = {"he": "מתי", "ar": "متى", "en": "When", "ru": "Когда"}
RIMONIM = {"he": "שכונת הרימונים", "ar": "حي الرمان", "en": "Rimonim", "ru": "Римоним"}


def read(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def events(calendar: Calendar) -> dict[str, object]:
    """The calendar's events by notice id (`notice-<id>-<lang>@…`)."""
    found = {}
    for event in calendar.walk("VEVENT"):
        match = re.fullmatch(r"notice-([a-z0-9-]+)-[a-z]{2}@.+", str(event["UID"]))
        assert match, event["UID"]
        found[match[1]] = event
    return found


# --- The calendars ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_calendar_holds_exactly_the_notices_of_its_neighbourhood_and_the_whole_town(follow_site, lang):
    written = {path.name for path in (follow_site / lang).glob("*.ics")} - {"closures.ics"}
    assert written == set(CALENDARS)
    for name, expected in CALENDARS.items():
        calendar = read(follow_site / lang / name)
        assert set(events(calendar)) == expected, name  # the ended outage is in none
        assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
        assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == [ZONE]
        assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"])
        assert calendar["REFRESH-INTERVAL"].dt.total_seconds() > 0
        assert "URL" not in calendar and "SOURCE" not in calendar  # no site_url: no absolute address to give


def test_events_are_at_the_sites_wall_time_winter_and_summer(follow_site):
    text = (follow_site / "en" / "notices.ics").read_text(encoding="utf-8")
    assert "DTSTART;TZID=Asia/Jerusalem:20890112T080000" in text  # as the YAML says: "2089-01-12 08:00"
    found = events(read(follow_site / "en" / "notices.ics"))
    water, power = found["water"], found["power"]
    assert water["DTSTART"].params["TZID"] == ZONE
    assert water["DTSTART"].dt.astimezone(UTC) == datetime(2089, 1, 12, 6, 0, tzinfo=UTC)  # winter: UTC+2
    assert water["DTEND"].dt.astimezone(UTC) == datetime(2089, 1, 12, 12, 0, tzinfo=UTC)
    assert power["DTSTART"].dt.astimezone(UTC) == datetime(2089, 7, 12, 5, 0, tzinfo=UTC)  # summer: UTC+3
    assert power["DTEND"].dt.astimezone(UTC) == datetime(2089, 7, 12, 13, 30, tzinfo=UTC)
    # The file's own VTIMEZONE says the same, whatever zone data the reading app has.
    [zone] = read(follow_site / "en" / "notices.ics").walk("VTIMEZONE")
    offsets = {str(part.name): part["TZOFFSETTO"].td.total_seconds() / 3600 for part in zone.subcomponents}
    assert offsets == {"STANDARD": 2, "DAYLIGHT": 3}
    assert all(
        isinstance(event["DTSTAMP"].dt, datetime) and event["DTSTAMP"].dt.utcoffset().total_seconds() == 0
        for event in found.values()
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_events_speak_the_calendars_language(follow_site, lang):
    calendar = read(follow_site / lang / "notices-rimonim.ics")
    assert calendar["NAME"].params["LANGUAGE"] == lang and RIMONIM[lang] in str(calendar["NAME"])
    water = events(calendar)["water"]
    water_label, power_label = LABELS[lang]
    assert str(water["SUMMARY"]) == f"{water_label}: Pipe repair ({lang})"
    assert water["SUMMARY"].params["LANGUAGE"] == lang
    description = str(water["DESCRIPTION"])
    assert description.startswith(f"{WHEN[lang]}: ")
    assert RIMONIM[lang] in description and f"HaRimon St. 1-40 ({lang})" in description
    assert f"Water corporation ({lang})" in description and "08-555-0140" in description  # who handles it
    assert f"Fill a few bottles the evening before. ({lang})" in description  # the notice's words, plain
    assert "**" not in description and "<" not in description
    assert (
        str(water["LOCATION"])
        == f"{RIMONIM[lang]}{Localizer(lang, 'he').ui('list_separator')}HaRimon St. 1-40 ({lang})"
    )
    power = events(read(follow_site / lang / "notices.ics"))["power"]
    assert str(power["SUMMARY"]).startswith(f"{power_label}: ")
    services = Localizer(lang, "he").ui("notices.services").unescape()
    assert f"\n{services}: " in str(power["DESCRIPTION"])  # the services it affects
    assert "LOCATION" not in events(calendar)["town"]  # the whole town: nowhere in particular


def test_a_second_parser_reads_every_calendar_the_same(follow_site):
    for lang in LANGUAGES:
        for name, expected in CALENDARS.items():
            calendar = IcsCalendarStream.calendar_from_ics((follow_site / lang / name).read_text(encoding="utf-8"))
            assert [zone.tz_id for zone in calendar.timezones] == [ZONE]
            starts = {event.uid.split("-")[1]: event.dtstart.astimezone(UTC) for event in calendar.events}
            assert set(starts) == expected
            if "water" in starts:
                assert starts["water"] == datetime(2089, 1, 12, 6, 0, tzinfo=UTC)
            if "power" in starts:
                assert starts["power"] == datetime(2089, 7, 12, 5, 0, tzinfo=UTC)


def test_the_same_charter_gives_the_same_bytes(follow_site, tmp_path):
    again = build_site(follow_project(tmp_path / "project"), tmp_path / "site")
    for lang in LANGUAGES:
        for name in [*CALENDARS, "notices.xml"]:
            assert (again / lang / name).read_bytes() == (follow_site / lang / name).read_bytes(), (lang, name)


def test_a_notice_in_2027_is_at_its_wall_time_in_winter_and_summer(tmp_path):
    """`starts: "2027-01-12 08:00"` is 08:00 in Jerusalem, 06:00 UTC in winter; in July, 05:00 UTC."""
    project = follow_project(tmp_path / "project")
    notices = project / "charter" / "notices"
    edit(notices / "water.yml", '"2089-01-12 08:00"', '"2027-01-12 08:00"')
    edit(notices / "water.yml", '"2089-01-12 14:00"', '"2027-01-12 14:00"')
    edit(notices / "power.yml", '"2089-07-12 08:00"', '"2027-07-12 08:00"')
    edit(notices / "power.yml", '"2089-07-12 16:30"', '"2027-07-12 16:30"')
    charter = load_charter(project / "charter", now=datetime(2026, 12, 1, tzinfo=UTC))
    data = notices_calendar(charter, Localizer.of(charter.site, "en"))
    assert b"DTSTART;TZID=Asia/Jerusalem:20270112T080000" in data
    found = events(Calendar.from_ical(data))
    assert found["water"]["DTSTART"].dt.astimezone(UTC) == datetime(2027, 1, 12, 6, 0, tzinfo=UTC)
    assert found["power"]["DTSTART"].dt.astimezone(UTC) == datetime(2027, 7, 12, 5, 0, tzinfo=UTC)
    assert notices_calendar(charter, Localizer.of(charter.site, "en")) == data


@pytest.fixture(scope="module")
def addressed_site(tmp_path_factory) -> Path:
    """The follow project published at a known address, with directory URLs."""
    tmp = tmp_path_factory.mktemp("follow-addressed")
    project = follow_project(tmp / "project")
    return build_site(project, tmp / "site", site_url="https://tiny.example/charter/", use_directory_urls=True)


def test_with_a_site_url_calendars_name_their_address_and_link_each_notice(addressed_site):
    calendar = read(addressed_site / "ru" / "notices-north.ics")
    assert str(calendar["SOURCE"]) == "https://tiny.example/charter/ru/notices-north.ics"
    assert str(calendar["URL"]) == "https://tiny.example/charter/ru/notices/"
    power = events(calendar)["power"]
    assert str(power["URL"]) == "https://tiny.example/charter/ru/notices/#notice-power"
    assert str(power["UID"]) == "notice-power-ru@tiny.example"


def test_with_a_site_url_the_notices_page_offers_subscriptions(addressed_site):
    page = addressed_site / "en" / "notices" / "index.html"
    follow = parse(page).select_one("section.charter-follow")
    subscribe = [a["href"] for a in follow.select("a[href^='webcal:']")]
    assert subscribe == [
        "webcal://tiny.example/charter/en/notices.ics",
        *(f"webcal://tiny.example/charter/en/notices-{n}.ics" for n in ("rimonim", "north", "old-town")),
    ]
    downloads = follow.select("a[type='text/calendar']")
    assert len(downloads) == 4
    for anchor in downloads:
        assert (page.parent / anchor["href"]).resolve().is_file(), anchor["href"]
    assert "Subscribe" in follow.get_text()


# --- The notices page --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_notices_page_shows_outages_and_offers_a_filter_and_calendars(follow_site, lang):
    page = follow_site / lang / "notices.html"
    html = parse(page)
    water = html.select_one("#notice-water")
    assert water["data-neighbourhoods"] == "rimonim"
    assert html.select_one("#notice-power")["data-neighbourhoods"] == "old-town north"
    assert html.select_one("#notice-town")["data-neighbourhoods"] == ""
    assert water.select_one(".charter-notice__kind").get_text(strip=True) == LABELS[lang][0]
    assert f"HaRimon St. 1-40 ({lang})" in water.select_one(".charter-notice__area").get_text()
    responsible = water.select_one(".charter-notice__responsible")
    assert f"Water corporation ({lang})" in responsible.get_text() and responsible.select_one("a[href='tel:085550140']")
    # The filter: drawn hidden (shown by the script), labelled, every neighbourhood, a polite live region.
    choice = html.select_one("[data-charter-notices-filter]")
    assert choice.has_attr("hidden")
    select = choice.select_one("select")
    assert choice.select_one(f"label[for='{select['id']}']").get_text(strip=True)
    assert [o["value"] for o in select.select("option")] == ["", "rimonim", "north", "old-town"]
    status = choice.select_one("[role=status]")
    assert status["aria-live"] == "polite" and "{n}" in status["data-words"]
    # Following: a calendar of all and one per neighbourhood, each a file that exists, and the feed.
    follow = html.select_one("section.charter-follow")
    targets = [a["href"] for a in follow.select("a[href$='.ics']")]
    assert targets == list(CALENDARS)
    assert all((page.parent / target).is_file() for target in targets)
    assert follow.select_one("a[href='notices.xml'][type='application/atom+xml']")
    assert not follow.select("a[href^='webcal:']")  # without site_url there is no address to subscribe to
    assert html.select_one("a[href='#follow']") and html.select_one("#follow")
    if lang != "en":  # the ways to follow, in the page's language: no English words but the feed format's name
        words = set(re.findall(r"[A-Za-z]{2,}", follow.get_text())) - {"Atom"}
        assert not words, words


# --- The Atom feeds ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_notices_feed_tells_the_utility_the_area_and_who_handles_it(follow_site, lang):
    feed = ET.parse(follow_site / lang / "notices.xml").getroot()
    entries = {entry.find(f"{ATOM}link").get("href").split("#notice-")[1]: entry for entry in feed.iter(f"{ATOM}entry")}
    water = entries["water"]
    assert water.findtext(f"{ATOM}title") == f"{LABELS[lang][0]}: Pipe repair ({lang})"
    content = parse_html(water.findtext(f"{ATOM}content"))
    assert f"HaRimon St. 1-40 ({lang})" in content.get_text() and f"Water corporation ({lang})" in content.get_text()
    assert content.select_one("a[href='tel:085550140']")
    summary = water.findtext(f"{ATOM}summary")
    assert summary.startswith(f"{WHEN[lang]}: ") and RIMONIM[lang] in summary and "<" not in summary


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_notices_feed_explains_itself_to_a_browser_in_its_language(follow_site, lang):
    path = follow_site / lang / "notices.xml"
    text = path.read_text(encoding="utf-8")
    stylesheet = re.search(r'<\?xml-stylesheet type="text/css" href="([^"]+)"\?>', text)
    assert stylesheet and text.index("<?xml-stylesheet") < text.index("<feed")
    assert (path.parent / stylesheet[1]).is_file()
    assert "@namespace" in (path.parent / stylesheet[1]).read_text(encoding="utf-8")
    assert "xsl" not in text.lower()
    feed = ET.parse(path).getroot()
    [block] = feed.findall(f"{XHTML}div")  # an extension element of the feed, in the XHTML namespace
    assert block.get("lang") == lang and block.get("dir") == ("rtl" if lang in ("he", "ar") else "ltr")
    assert '<div xmlns="http://www.w3.org/1999/xhtml"' in text
    links = [a.get("href") for a in block.iter(f"{XHTML}a")]
    assert links == ["notices.ics", "notices.html"]
    assert all((path.parent / link).is_file() for link in links)
    words = " ".join(block.itertext())
    assert Localizer(lang, "he").ui("follow.feed_page.how").unescape() in words


def test_feed_readers_ignore_the_explanation(follow_site, history_site):
    for path in (follow_site / "ar" / "notices.xml", history_site / "en" / "changes.xml"):
        text = path.read_text(encoding="utf-8")
        plain = re.sub(r"\n  <div xmlns=.*?\n  </div>", "", text, flags=re.DOTALL)
        plain = re.sub(r"<\?xml-stylesheet[^>]*\?>\n", "", plain)
        assert plain != text and "charter-feed-page" not in plain
        read, bare = feedparser.parse(text), feedparser.parse(plain)
        assert not read.bozo, read.get("bozo_exception")
        assert read.feed.title == bare.feed.title and read.feed.get("subtitle") == bare.feed.get("subtitle")
        assert [e.title for e in read.entries] == [e.title for e in bare.entries] and read.entries
        assert [e.get("summary") for e in read.entries] == [e.get("summary") for e in bare.entries]
        assert [e.content for e in read.entries] == [e.content for e in bare.entries]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_changes_feed_explains_itself_too(history_site, lang):
    path = history_site / lang / "changes.xml"
    text = path.read_text(encoding="utf-8")
    assert '<?xml-stylesheet type="text/css" href="../assets/charter-feed.css"?>' in text
    assert (path.parent.parent / "assets" / "charter-feed.css").is_file()  # one copy for every language
    feed = ET.parse(path).getroot()
    [block] = feed.findall(f"{XHTML}div")
    assert block.get("dir") == ("rtl" if lang in ("he", "ar") else "ltr")
    assert [a.get("href") for a in block.iter(f"{XHTML}a")] == ["services.html"]
    summaries = [entry.findtext(f"{ATOM}summary") for entry in feed.iter(f"{ATOM}entry")]
    assert summaries and all(summary and "<" not in summary for summary in summaries)
