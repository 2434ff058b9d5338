"""`<lang>/closures.ics`: the days the offices are closed and holiday eves, read back with the `icalendar` library."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar, Event

from conftest import FIXTURES, copy_project
from service_charter.addresses import CLOSURES_CALENDAR, SiteAddress
from service_charter.i18n import Localizer
from service_charter.load.loader import load_charter
from service_charter.model.business_calendar import holidays_in
from service_charter.model.charter import Charter
from service_charter.model.schema import HolidaySet
from service_charter.publish.closures_calendar import closures_calendar, write_closures_calendar

NOW = datetime(2026, 7, 5, 9, 30, tzinfo=UTC)
"""When the charter is read: the window runs from 1 July 2026 to 31 January 2028."""
CALENDAR = """\
calendar:
  week: [{days: [sun, mon, tue, wed, thu], opens: "08:00", closes: "16:00"}]
  eves: {closes: "13:00"}
  holidays: [israel, islamic]
  closures:
    - day: 2027-02-17
      name: {he: יום השתלמות, en: Staff training day}
    - day: 2027-11-14
      until: 2027-11-15
      name: {he: מעבר למערכת חדשה, ar: الانتقال إلى نظام جديد, en: Moving to a new system, ru: Переход на новую систему}
  planned_until: 2028-06-30
"""
YOM_KIPPUR, EVE_OF_YOM_KIPPUR = date(2026, 9, 21), date(2026, 9, 20)
TRAINING_DAY = date(2027, 2, 17)
SITE_URL = "https://www.testville.example/charter/"


def with_calendar(project: Path, calendar: str = CALENDAR) -> Path:
    """The project, its site.yml's calendar replaced by `calendar` (or removed, for "")."""
    site = project / "charter" / "site.yml"
    text = site.read_text(encoding="utf-8")
    text, found = re.subn(r"^calendar:\n(?:[ ].*\n)*", calendar, text, flags=re.MULTILINE)
    assert found == 1
    site.write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return with_calendar(copy_project(FIXTURES / "tiny", tmp_path_factory.mktemp("closures") / "project"))


@pytest.fixture(scope="module")
def charter(project) -> Charter:
    return load_charter(project / "charter", now=NOW)


def parse(charter: Charter, lang: str, address: SiteAddress | None = None) -> Calendar:
    data = closures_calendar(charter, Localizer(lang, charter.site.default_language), address)
    assert data is not None
    return Calendar.from_ical(data)


def events(calendar: Calendar) -> dict[date, Event]:
    found: dict[date, Event] = {}
    for event in calendar.walk("VEVENT"):
        day = event.decoded("dtstart")
        assert type(day) is date, "an all-day event: a DATE, not a DATE-TIME"
        assert event.decoded("dtend") == day + timedelta(days=1)
        assert day not in found, f"two events on {day}"
        found[day] = event
    return found


def summary(event: Event) -> str:
    return str(event["summary"])


def test_every_closed_working_day_and_every_eve_is_an_all_day_event(charter):
    calendar = charter.working_calendar
    assert calendar is not None
    days = events(parse(charter, "en"))
    assert set(days) == set(calendar.closed) | set(calendar.eves)
    assert all(day.weekday() not in (4, 5) for day in days), "Friday and Saturday are not working days here"
    assert summary(days[YOM_KIPPUR]) == "Yom Kippur: offices closed"
    assert summary(days[EVE_OF_YOM_KIPPUR]) == "Eve of Yom Kippur: open until 13:00"
    for event in days.values():
        assert event["transp"] == "TRANSPARENT"  # a closed office does not make the subscriber busy


def test_eid_al_adha_and_the_other_islamic_holidays_are_there(charter):
    eid = holidays_in((HolidaySet.islamic,), charter.working_calendar.first, charter.working_calendar.last)
    eid_al_adha = [day for day, keys in eid.items() if "eid_al_adha" in keys and day.weekday() not in (4, 5)]
    assert len(eid_al_adha) >= 3
    days = events(parse(charter, "ar"))
    for day in eid_al_adha:
        assert "عيد الأضحى" in summary(days[day]), day
    assert "عيد الفطر" in " ".join(summary(event) for event in days.values())


def test_names_are_in_the_files_language(charter):
    he = events(parse(charter, "he"))
    assert summary(he[YOM_KIPPUR]) == "יום הכיפורים: המשרדים סגורים"
    assert summary(he[EVE_OF_YOM_KIPPUR]) == "ערב יום הכיפורים: המשרדים פתוחים עד 13:00"
    assert he[YOM_KIPPUR]["summary"].params["LANGUAGE"] == "he"
    ru = events(parse(charter, "ru"))
    assert summary(ru[EVE_OF_YOM_KIPPUR]) == "Канун праздника «Йом Кипур»: работаем до 13:00"


def test_a_typed_closure_is_named_in_the_language_or_else_in_the_default_language(charter):
    assert summary(events(parse(charter, "en"))[TRAINING_DAY]) == "Staff training day: offices closed"
    assert summary(events(parse(charter, "ar"))[TRAINING_DAY]) == "יום השתלמות: المكاتب مغلقة"  # no Arabic: Hebrew
    ru = events(parse(charter, "ru"))
    assert (
        summary(ru[date(2027, 11, 14)]) == summary(ru[date(2027, 11, 15)]) == "Переход на новую систему: офисы закрыты"
    )


def test_the_calendar_names_itself_and_its_time_zone(charter):
    calendar = parse(charter, "en")
    assert calendar["version"] == "2.0" and calendar["prodid"]
    assert str(calendar["x-wr-calname"]) == str(calendar["name"]) == "Testville: days our offices are closed"
    assert calendar["x-wr-timezone"] == "Asia/Jerusalem"
    assert calendar["refresh-interval"].params["VALUE"] == "DURATION"
    assert "source" not in calendar  # no site address: the file cannot name its own
    text = closures_calendar(charter, Localizer("en", "he"))
    assert text is not None and b"TZID" not in text, "dates only: no time zone to describe"
    assert b"\r\n" in text and b"\n" not in text.replace(b"\r\n", b"")  # RFC 5545 line ends


def test_uids_are_stable_from_build_to_build_and_unique(project, charter):
    first = closures_calendar(charter, Localizer("he", "he"), SiteAddress(SITE_URL))
    again = load_charter(project / "charter", now=NOW + timedelta(hours=5))  # later the same day
    assert closures_calendar(again, Localizer("he", "he"), SiteAddress(SITE_URL)) == first
    assert first is not None
    he = events(Calendar.from_ical(first))
    assert str(he[YOM_KIPPUR]["uid"]) == "20260921-closed-he@www.testville.example"
    assert str(he[EVE_OF_YOM_KIPPUR]["uid"]) == "20260920-eve-he@www.testville.example"
    assert he[YOM_KIPPUR].decoded("dtstamp") == datetime(2026, 7, 5, tzinfo=UTC), "the day it was read, not the hour"
    en = events(parse(charter, "en", SiteAddress(SITE_URL)))
    uids = [str(event["uid"]) for event in [*he.values(), *en.values()]]
    assert len(uids) == len(set(uids)), "each language's events are their own"
    without_address = events(parse(charter, "he"))
    assert str(without_address[YOM_KIPPUR]["uid"]).startswith("20260921-closed-he@")


def test_with_a_site_address_the_file_names_itself_and_links_the_contact_page(charter):
    calendar = parse(charter, "en", SiteAddress(SITE_URL))
    assert str(calendar["source"]) == f"{SITE_URL}en/{CLOSURES_CALENDAR}"
    assert str(events(calendar)[YOM_KIPPUR]["url"]) == f"{SITE_URL}en/contact.html"


def test_no_calendar_no_file(tmp_path):
    project = with_calendar(copy_project(FIXTURES / "tiny", tmp_path / "project"), "")
    charter = load_charter(project / "charter", now=NOW)
    assert charter.working_calendar is None
    assert closures_calendar(charter, Localizer("he", "he")) is None
    assert write_closures_calendar(charter, Localizer("he", "he"), tmp_path) is None
    assert not (tmp_path / CLOSURES_CALENDAR).exists()
