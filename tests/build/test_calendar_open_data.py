"""A real build of a charter with a business calendar: `<lang>/closures.ics`, `open-data/calendar.json` with its
schema, commitments with ISO 8601 durations in `charter.json` and `commitments.csv`, and the contact page's
complaints ladder and days the offices are closed."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from icalendar import Calendar
from jsonschema import Draft202012Validator, FormatChecker

from conftest import FIXTURES, LANGUAGES, build_site, copy_project, parse
from service_charter.i18n import Localizer
from service_charter.load.loader import load_charter
from service_charter.model.charter import Charter
from service_charter.model.export import DERIVED, FORMAT_VERSION
from service_charter.model.schema import Service

TODAY = date.today()
CLOSURE_DAY = next(day for day in (TODAY + timedelta(days=n) for n in range(60, 70)) if day.weekday() == 0)
"""A Monday about two months from now: inside the window and the coming twelve months whenever the tests run."""
CALENDAR = f"""\
calendar:
  week: [{{days: [sun, mon, tue, wed, thu], opens: "08:00", closes: "16:00"}}]
  eves: {{closes: "13:00"}}
  holidays: [israel, islamic]
  closures:
    - day: {CLOSURE_DAY.isoformat()}
      name: {{he: יום הבחירות המקומיות, ar: يوم الانتخابات المحلية, en: Local elections, ru: Муниципальные выборы}}
  planned_until: {TODAY.year + 2}-06-30
"""
COMPLAINTS = """\
complaints:
  steps:
    - text: {he: פנו למוקד עם מספר הפנייה., en: Call the centre with your reference number.}
      channel: hotline
      answers_within: 3 business_days
    - text: {he: כתבו ליחידת פניות הציבור., en: Write to the public enquiries unit.}
      url: https://forms.testville.example/complaints
      answers_within: 10 business_days
    - {he: פנו לממונה על תלונות הציבור., en: Turn to the ombudsman.}
  ombudsman:
    name: {he: רות, en: Ruth}
    email: ombudsman@testville.example
  ombudsman_answers_within: 45 days
"""


def replace_block(text: str, key: str, block: str) -> str:
    """A top-level key of a YAML file, with everything indented under it, replaced by `block`."""
    text, found = re.subn(rf"^{key}:\n(?:[ ].*\n)*", block, text, flags=re.MULTILINE)
    assert found == 1, key
    return text


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = copy_project(FIXTURES / "tiny", tmp_path_factory.mktemp("calendar") / "project")
    site = project / "charter" / "site.yml"
    text = replace_block(site.read_text(encoding="utf-8"), "calendar", CALENDAR)
    site.write_text(replace_block(text, "complaints", COMPLAINTS), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def charter(project) -> Charter:
    return load_charter(project / "charter")


@pytest.fixture(scope="module")
def site(project) -> Path:
    return build_site(project, project / "site")


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def ics_events(path: Path) -> dict[date, str]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {event.decoded("dtstart"): str(event["summary"]) for event in calendar.walk("VEVENT")}


def coming(charter: Charter) -> list[date]:
    """The closed working days and eves of the twelve months from the window's first day, as the contact page
    lists them."""
    calendar = charter.working_calendar
    assert calendar is not None
    horizon = calendar.first.replace(year=calendar.first.year + 1)
    return sorted(day for day in {*calendar.closed, *calendar.eves} if day < horizon)


# --- closures.ics -------------------------------------------------------------------------------------


def test_every_language_has_its_closures_calendar(site, charter):
    calendar = charter.working_calendar
    assert calendar is not None
    yom_kippur = next(day for day, closed in calendar.closed.items() if "yom_kippur" in closed.holidays)
    eid_al_adha = [day for day, closed in calendar.closed.items() if "eid_al_adha" in closed.holidays]
    assert eid_al_adha, "Eid al-Adha falls on working days in any window of nineteen months"
    for lang in LANGUAGES:
        path = site / lang / "closures.ics"
        events = ics_events(path)
        assert set(events) == set(calendar.closed) | set(calendar.eves), lang
        L = Localizer(lang, "he")
        assert events[yom_kippur].startswith(L.ui("holiday.yom_kippur").unescape()), lang
        assert all(events[day].startswith(L.ui("holiday.eid_al_adha").unescape()) for day in eid_al_adha), lang
    he = ics_events(site / "he" / "closures.ics")
    assert he[yom_kippur] == "יום הכיפורים: המשרדים סגורים"
    assert he[CLOSURE_DAY] == "יום הבחירות המקומיות: המשרדים סגורים"
    assert ics_events(site / "en" / "closures.ics")[CLOSURE_DAY] == "Local elections: offices closed"
    text = (site / "he" / "closures.ics").read_bytes()
    assert b"X-WR-CALNAME:" in text and b"X-WR-TIMEZONE:Asia/Jerusalem" in text


def test_no_calendar_no_closures_file(tiny_site, tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    site_yml = project / "charter" / "site.yml"
    site_yml.write_text(replace_block(site_yml.read_text(encoding="utf-8"), "calendar", ""), encoding="utf-8")
    for path in (project / "charter" / "services").glob("*.yml"):  # without a calendar, count in calendar days
        path.write_text(path.read_text(encoding="utf-8").replace("business_", ""), encoding="utf-8")
    built = build_site(project, tmp_path / "site")
    assert not list(built.rglob("closures.ics")) and not (built / "open-data" / "calendar.json").exists()
    assert not parse(built / "en" / "contact.html").select("#closures")
    assert (tiny_site / "he" / "closures.ics").is_file()  # the tiny fixture has a calendar


# --- calendar.json ---------------------------------------------------------------------------------------


def test_calendar_json_validates_against_its_published_schema(site, charter):
    schema = read_json(site / "open-data" / "calendar.schema.json")
    data = read_json(site / "open-data" / "calendar.json")
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    assert [error.message for error in validator.iter_errors(data)] == []
    assert schema["$id"] == data["$schema"] == "calendar.schema.json"
    assert data["format_version"] == FORMAT_VERSION
    broken = json.loads(json.dumps(data))
    broken["days"][0]["hours"] = [{"opens": "8am", "closes": "16:00"}]
    broken["week"]["someday"] = []
    assert len(list(validator.iter_errors(broken))) == 2


def test_calendar_json_holds_the_window_day_by_day(site, charter):
    calendar = charter.working_calendar
    assert calendar is not None
    data = read_json(site / "open-data" / "calendar.json")
    assert (data["first"], data["last"]) == (calendar.first.isoformat(), calendar.last.isoformat())
    assert data["timezone"] == "Asia/Jerusalem" and data["holiday_sets"] == ["israel", "islamic"]
    assert data["week"]["sun"] == [{"opens": "08:00", "closes": "16:00"}] and data["week"]["sat"] == []
    days = {day["date"]: day for day in data["days"]}
    assert [day["date"] for day in data["days"]] == sorted(days)
    for day, closed in calendar.closed.items():
        entry = days[day.isoformat()]
        assert entry["closed"] and entry["hours"] == [] and entry["holidays"] == list(closed.holidays)
    for day, holidays in calendar.eves.items():
        entry = days[day.isoformat()]
        assert not entry["closed"] and entry["eve_of"] == list(holidays)
        assert entry["hours"] == [{"opens": "08:00", "closes": "13:00"}]
    assert days[CLOSURE_DAY.isoformat()]["closures"] == [
        {
            "he": "יום הבחירות המקומיות",
            "ar": "يوم الانتخابات المحلية",
            "en": "Local elections",
            "ru": "Муниципальные выборы",
        }
    ]
    named = {key for day in data["days"] for key in (*day["holidays"], *day["eve_of"])}
    assert set(data["holidays"]) == named
    assert data["holidays"]["yom_kippur"] == {
        "he": "יום הכיפורים",
        "ar": "يوم الغفران",
        "en": "Yom Kippur",
        "ru": "Йом Кипур",
    }


# --- Commitments with ISO 8601 durations ----------------------------------------------------------------


def test_charter_json_commitments_carry_iso_durations_and_their_calendar(site, charter):
    data = read_json(site / "open-data" / "charter.json")
    schema = read_json(site / "open-data" / "charter.schema.json")
    assert list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(data)) == []
    assert data["format_version"] == FORMAT_VERSION
    for service_id, service in charter.services.items():
        exported = data["services"][service_id]
        for commitment, row in zip(service.commitments, exported["commitments"], strict=True):
            for tier in ("acknowledge", "answer", "resolve"):
                duration = getattr(commitment, tier)
                expected_calendar = None if duration is None else ("business" if duration.is_business else "gregorian")
                assert row[f"{tier}_iso"] == (duration.iso if duration else None)
                assert row[f"{tier}_calendar"] == expected_calendar
            assert row["starts"] == commitment.starts.value
            assert row["pauses"] == [pause.value for pause in commitment.pauses]
    pay_tax = data["services"]["pay-tax"]["commitments"][0]
    assert (pay_tax["resolve"], pay_tax["resolve_iso"], pay_tax["resolve_calendar"]) == (
        "2 business_days",
        "P2D",
        "business",
    )
    assert (pay_tax["acknowledge_iso"], pay_tax["acknowledge_calendar"]) == ("PT5M", "gregorian")
    for service_id, service in charter.services.items():  # without the derived keys, each reads back into the model
        exported = data["services"][service_id]
        for row in exported["commitments"]:
            for tier in (row, row["urgent"]) if row["urgent"] else (row,):
                for key in DERIVED:
                    del tier[key]
        assert Service.model_validate(exported) == service


def test_commitments_csv_gives_hours_only_where_an_hour_is_an_hour(site, charter):
    raw = (site / "open-data" / "commitments.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    row = next(row for row in rows if row["service_id"] == "pay-tax")
    assert (row["resolve"], row["resolve_iso"], row["resolve_calendar"], row["resolve_hours"]) == (
        "2 business_days",
        "P2D",
        "business",
        "",
    )
    assert (row["acknowledge_iso"], row["acknowledge_calendar"], row["acknowledge_hours"]) == (
        "PT5M",
        "gregorian",
        "0.08",
    )
    assert row["starts"] == "submission"
    for row in rows:
        for tier in ("acknowledge", "answer", "resolve", "urgent_acknowledge", "urgent_answer", "urgent_resolve"):
            if row[f"{tier}_calendar"] == "business":
                assert row[f"{tier}_hours"] == ""
            elif row[tier]:
                assert float(row[f"{tier}_hours"]) > 0 and row[f"{tier}_calendar"] == "gregorian"


# --- The contact page and the open-data page --------------------------------------------------------------


def test_the_contact_page_shows_the_complaints_ladder_and_the_ombudsmans_time(site):
    he = parse(site / "he" / "contact.html")
    steps = he.select("#complaints ~ ol.charter-escalation > li, section[aria-labelledby=complaints] ol > li")
    assert [step.get_text(" ", strip=True).split(" ")[0] for step in steps] == ["פנו", "כתבו", "פנו"]
    assert "מענה תוך 3 ימי עבודה" in steps[0].get_text(" ", strip=True)
    assert steps[1].select_one("a[href='https://forms.testville.example/complaints']")
    section = he.select_one("section[aria-labelledby=complaints]").get_text(" ", strip=True)
    assert "תשובת הממונה לתלונה: תוך 45 ימים." in section
    en = parse(site / "en" / "contact.html").select_one("section[aria-labelledby=complaints]").get_text(" ", strip=True)
    assert "The commissioner's answer to a complaint: within 45 days." in en


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_contact_page_lists_the_coming_closed_days_and_links_the_calendar(site, charter, lang):
    page = site / lang / "contact.html"
    section = parse(page).select_one("section[aria-labelledby=closures]")
    assert section is not None and section.select_one("h2#closures")
    items = section.select("ul.charter-closures > li")
    days = [date.fromisoformat(item.select_one("time")["datetime"]) for item in items]
    assert days == coming(charter)
    L = Localizer(lang, "he")
    by_day = dict(zip(days, items, strict=True))
    assert L.weekday_date(CLOSURE_DAY) in by_day[CLOSURE_DAY].get_text()
    calendar = charter.working_calendar
    assert calendar is not None
    for day in days:
        text = by_day[day].get_text()
        if day in calendar.eves:
            assert "13:00" in text, (lang, day)
        else:
            assert all(L.ui(f"holiday.{key}").unescape() in text for key in calendar.closed[day].holidays), (lang, day)
    link = section.select_one("a[type='text/calendar']")
    assert link is not None and (page.parent / link["href"]).resolve() == (site / lang / "closures.ics").resolve()


def test_the_open_data_page_lists_the_calendar_files(site):
    for lang in LANGUAGES:
        page = site / lang / "open-data.html"
        targets = set()
        for anchor in parse(page).select("article table th a[href]"):
            target = (page.parent / unquote(urlsplit(anchor["href"]).path)).resolve()
            assert target.is_file(), f"{lang}: {anchor['href']}"
            targets.add(target.relative_to(site.resolve()).as_posix())
        assert {"open-data/calendar.json", "open-data/calendar.schema.json"} <= targets, lang
        assert {f"{other}/closures.ics" for other in LANGUAGES} <= targets, lang
        anchor = parse(page).select_one("article table th a[href$='closures.ics']")
        assert anchor is not None and anchor["type"] == "text/calendar"
