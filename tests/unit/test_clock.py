"""The business calendar and the commitment clock: holiday sets, day-by-day resolution, due dates.

The due-date vectors (`tests/data/clock-vectors.yml`) were worked out by hand; the browser's clock
(`assets/charter-clock.js`) must give the same dates (tests/browser/test_clock.py).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from pydantic import ValidationError

from service_charter.model.business_calendar import holidays_in, resolve_calendar, window
from service_charter.model.clock import due, example_start
from service_charter.model.schema import BusinessCalendar, Duration, HolidaySet, TimeUnit

VECTORS = yaml.safe_load((Path(__file__).parents[1] / "data" / "clock-vectors.yml").read_text(encoding="utf-8"))
WEEK = [{"days": ["sun", "mon", "tue", "wed", "thu"], "opens": "08:00", "closes": "16:00"}]


def calendars():
    return {
        name: resolve_calendar(BusinessCalendar.model_validate(spec["calendar"]), spec["timezone"], *spec["window"])
        for name, spec in VECTORS["calendars"].items()
    }


CALENDARS = calendars()


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[case["why"] for case in VECTORS["cases"]])
def test_python_computes_every_hand_worked_due_date(case):
    calendar = CALENDARS[case["calendar"]]
    got = due(calendar, datetime.fromisoformat(case["start"]), Duration.model_validate(case["time"]))
    assert (got.isoformat(timespec="minutes") if got else None) == case["due"]


def test_the_vectors_cover_what_a_resident_meets():
    cases = VECTORS["cases"]
    assert len(cases) >= 40
    assert {Duration.model_validate(case["time"]).unit for case in cases} == set(TimeUnit)
    reasons = " ".join(case["why"] for case in cases)
    for occasion in (
        "Yom Kippur",
        "Rosh Hashana",
        "Passover",
        "Eid al-Adha",
        "Eid al-Fitr",
        "Friday",
        "summer time",
        "winter time",
        "year's end",
        "night",
        "beyond the window",
    ):
        assert occasion in reasons, occasion


def test_the_offsets_written_for_the_browser_agree_with_the_time_zone_database():
    calendar = CALENDARS["office"]
    offsets = calendar.offsets()
    zone = ZoneInfo(calendar.timezone)
    assert len(offsets) >= 5  # two years of summer time, each with a start and an end
    for case in VECTORS["cases"]:
        moment = datetime.fromisoformat(case["start"])
        milliseconds = moment.timestamp() * 1000
        written = [offset for start, offset in offsets if start <= milliseconds][-1]
        assert written * 60 == moment.astimezone(zone).utcoffset().total_seconds()


def test_holiday_sets_come_from_the_libraries():
    first, last = date(2027, 1, 1), date(2028, 12, 31)
    israel = holidays_in((HolidaySet.israel,), first, last)
    assert israel[date(2027, 10, 11)] == ("yom_kippur",)
    assert israel[date(2028, 9, 21)] == israel[date(2028, 9, 22)] == ("rosh_hashanah",)
    islamic = holidays_in((HolidaySet.islamic,), first, last)
    assert [day for day, keys in islamic.items() if "eid_al_adha" in keys][:4] == [
        date(2027, 5, 16),
        date(2027, 5, 17),
        date(2027, 5, 18),
        date(2027, 5, 19),
    ]
    assert holidays_in((HolidaySet.christian,), first, last)[date(2027, 3, 26)] == ("good_friday",)
    assert holidays_in((HolidaySet.druze,), first, last)[date(2027, 4, 25)] == ("nabi_shuayb",)
    intermediate = holidays_in((HolidaySet.israel_intermediate_days,), first, last)
    assert intermediate[date(2027, 4, 25)] == ("passover_intermediate",)


def test_a_day_is_resolved_from_the_week_holidays_eves_closures_and_changed_hours():
    calendar = BusinessCalendar.model_validate(
        {
            "week": WEEK,
            "eves": {"closes": "13:00"},
            "holidays": ["israel"],
            "closures": [{"day": "2027-08-02", "until": "2027-08-03", "name": {"en": "Training"}}],
            "hour_changes": [
                {
                    "name": {"en": "Summer"},
                    "day": "2027-07-01",
                    "until": "2027-07-31",
                    "hours": [{"days": ["sun", "mon", "tue", "wed", "thu"], "opens": "08:00", "closes": "14:00"}],
                }
            ],
            "planned_until": "2028-06-30",
        }
    )
    resolved = resolve_calendar(calendar, "Asia/Jerusalem", date(2027, 1, 1), date(2027, 12, 31))
    assert resolved.hours_on(date(2027, 10, 11)) == ()  # Yom Kippur
    assert resolved.closed[date(2027, 10, 11)].holidays == ("yom_kippur",)
    assert resolved.hours_on(date(2027, 10, 10)) == ((480, 780),)  # its eve
    assert resolved.eves[date(2027, 10, 10)] == ("yom_kippur",)
    assert resolved.hours_on(date(2027, 7, 6)) == ((480, 840),)  # summer hours
    assert resolved.hours_on(date(2027, 8, 3)) == ()  # the closure's second day
    assert resolved.hours_on(date(2027, 12, 10)) == ()  # a Friday
    assert resolved.hours_on(date(2028, 1, 2)) is None  # beyond the window


def test_the_window_reaches_at_least_eighteen_months_ahead_of_any_day_of_the_month():
    first, last = window(date(2026, 12, 31))
    assert first == date(2026, 12, 1)
    assert (last - date(2026, 12, 31)).days >= 18 * 30 and last == date(2028, 6, 30)


def test_the_worked_example_starts_late_on_the_last_working_day_of_a_week():
    start = example_start(CALENDARS["office"])
    assert start.strftime("%a %H:%M") == "Thu 23:10"
    assert example_start(CALENDARS["friday-half"]).strftime("%a") == "Fri"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"holidays": ["israel", "jewish"]}, "'israel', 'israel-intermediate-days', 'islamic', 'christian' or 'druze'"),
        ({"closures": [{"day": "2027-05-02", "until": "2027-05-01", "name": {"en": "x"}}]}, "is before `day`"),
        ({"week": [*WEEK, {"days": ["thu"], "opens": "15:00", "closes": "18:00"}]}, "overlap on `thu`"),
        (
            {"hour_changes": [{"name": {"en": "x"}, "day": "2027-03-01", "until": "2027-02-01", "hours": WEEK}]},
            "is before `day`",
        ),
    ],
)
def test_calendar_mistakes_are_explained(change, expected):
    with pytest.raises(ValidationError) as error:
        BusinessCalendar.model_validate({"week": WEEK, "planned_until": "2028-01-01", **change})
    assert expected in str(error.value)
