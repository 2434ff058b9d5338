"""The business calendar, day by day: which days are business days and which hours are business hours.

Holiday dates come from well-kept libraries (`holidays` for Israel's public holidays, `hijridate` for the
Umm al-Qura calendar, `dateutil` for Easter), so nobody types next year's dates. Each holiday carries a
key whose name residents read from the interface strings (`holiday.<key>`), never a library's English.

`resolve_calendar` turns the charter's `calendar` into a `WorkingCalendar`: the ordinary week plus every
day in a window that differs from it. The same data, as JSON, lets the browser compute due dates
(`charter-clock.js`); `model.clock` computes them in Python from the same data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays as holiday_library
from dateutil.easter import EASTER_WESTERN, easter
from hijridate import Gregorian, Hijri

from .schema import BusinessCalendar, HolidaySet, Hours, Text, Weekday

Interval = tuple[int, int]
"""Working time within a day, in minutes from midnight: (opens, closes)."""

WEEK = (Weekday.sun, Weekday.mon, Weekday.tue, Weekday.wed, Weekday.thu, Weekday.fri, Weekday.sat)
"""Weekdays in the order of JavaScript's `getUTCDay()`: Sunday is 0."""

_ISRAEL_PUBLIC = {
    "Rosh Hashanah": "rosh_hashanah",
    "Yom Kippur": "yom_kippur",
    "Sukkot": "sukkot",
    "Simchat Torah / Shemini Atzeret": "simchat_torah",
    "Pesach": "passover",
    "Seventh day of Pesach": "passover_seventh_day",
    "Shavuot": "shavuot",
    "Independence Day": "independence_day",
    "Independence Day (observed)": "independence_day",
}
_ISRAEL_INTERMEDIATE = {"Pesach holiday": "passover_intermediate", "Sukkot holiday": "sukkot_intermediate"}
WITH_EVE = frozenset(set(_ISRAEL_PUBLIC.values()) - {"independence_day"})
"""Holidays that start at sunset: the day before is an eve, with the calendar's shorter `eves` hours."""


class UnknownHoliday(LookupError):
    """A holiday library named a day this package has no resident words for (a newer library's holiday)."""


def _israel(years: Iterable[int], category: str, names: dict[str, str]) -> Iterator[tuple[date, str]]:
    days = holiday_library.country_holidays("IL", years=list(years), categories=(category,), language="en_US")
    for day, name in sorted(days.items()):
        for part in name.split("; "):
            if part in names:
                yield day, names[part]
            elif category == "public":
                raise UnknownHoliday(f"the holidays library names {part!r} on {day}; add it to _ISRAEL_PUBLIC")


def _hijri_days(years: Iterable[int], days: Iterable[tuple[int, int, str]]) -> Iterator[tuple[date, str]]:
    """Days given by Hijri month and day, in every Gregorian year listed."""
    years = list(years)
    first = Gregorian(min(years), 1, 1).to_hijri().year
    last = Gregorian(max(years), 12, 31).to_hijri().year
    for hijri_year in range(first, last + 1):
        for month, day, key in days:
            gregorian = Hijri(hijri_year, month, day).to_gregorian()
            if gregorian.year in years:
                yield date(gregorian.year, gregorian.month, gregorian.day), key


_EID_AL_ADHA = [(12, day, "eid_al_adha") for day in (10, 11, 12, 13)]


def _islamic(years: Iterable[int]) -> Iterator[tuple[date, str]]:
    days = [(10, day, "eid_al_fitr") for day in (1, 2, 3)] + _EID_AL_ADHA
    yield from _hijri_days(years, [*days, (1, 1, "islamic_new_year"), (3, 12, "mawlid")])


def _christian(years: Iterable[int]) -> Iterator[tuple[date, str]]:
    for year in years:
        sunday = easter(year, EASTER_WESTERN)
        yield date(year, 1, 1), "new_year"
        yield sunday - timedelta(days=2), "good_friday"
        yield sunday + timedelta(days=1), "easter_monday"
        yield date(year, 12, 25), "christmas"


def _druze(years: Iterable[int]) -> Iterator[tuple[date, str]]:
    yield from _hijri_days(years, _EID_AL_ADHA)
    for year in years:
        for day in range(25, 29):
            yield date(year, 4, day), "nabi_shuayb"


HOLIDAY_SETS: dict[HolidaySet, Callable[[Iterable[int]], Iterator[tuple[date, str]]]] = {
    HolidaySet.israel: lambda years: _israel(years, "public", _ISRAEL_PUBLIC),
    HolidaySet.israel_intermediate_days: lambda years: _israel(years, "optional", _ISRAEL_INTERMEDIATE),
    HolidaySet.islamic: _islamic,
    HolidaySet.christian: _christian,
    HolidaySet.druze: _druze,
}


@cache
def holidays_in(sets: tuple[HolidaySet, ...], first: date, last: date) -> dict[date, tuple[str, ...]]:
    """Every holiday of the sets between two days (both included): day → holiday keys."""
    years = range(first.year, last.year + 1)
    found: dict[date, list[str]] = {}
    for holiday_set in sets:
        for day, key in HOLIDAY_SETS[holiday_set](years):
            if first <= day <= last and key not in found.setdefault(day, []):
                found[day].append(key)
    return {day: tuple(keys) for day, keys in sorted(found.items())}


def minutes(clock: str) -> int:
    """`"08:30"` → 510."""
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def clock_text(minutes_from_midnight: int) -> str:
    """510 → `"08:30"`."""
    return f"{minutes_from_midnight // 60:02d}:{minutes_from_midnight % 60:02d}"


def _intervals(rows: Iterable[Hours], weekday: Weekday) -> tuple[Interval, ...]:
    return tuple(sorted((minutes(row.opens), minutes(row.closes)) for row in rows if weekday in row.days))


@dataclass(frozen=True)
class Closed:
    """Why a day is not a business day: holiday keys, or the names of closures."""

    holidays: tuple[str, ...] = ()
    closures: tuple[Text, ...] = ()


@dataclass(frozen=True)
class WorkingCalendar:
    """The ordinary week, and every day of a window that differs from it."""

    timezone: str
    first: date
    last: date
    week: tuple[tuple[Interval, ...], ...]
    """Working hours for each weekday, Sunday first."""
    days: dict[date, tuple[Interval, ...]] = field(default_factory=dict)
    """Days whose hours differ from the ordinary week (none when closed)."""
    closed: dict[date, Closed] = field(default_factory=dict)
    """Why each closed weekday of the window is closed."""
    eves: dict[date, tuple[str, ...]] = field(default_factory=dict)
    """Eves with shorter hours, and the holidays they are the eves of."""
    changed: dict[date, Text] = field(default_factory=dict)
    """Days with changed hours, and the change's name."""

    def hours_on(self, day: date) -> tuple[Interval, ...] | None:
        """The day's working hours (empty when closed), or None outside the window."""
        if not self.first <= day <= self.last:
            return None
        if day in self.days:
            return self.days[day]
        return self.week[(day.weekday() + 1) % 7]

    def wall_time(self, moment: datetime) -> datetime:
        """A moment as the site's clocks show it, without a time zone."""
        return moment.astimezone(ZoneInfo(self.timezone)).replace(tzinfo=None)

    def offsets(self) -> list[tuple[int, int]]:
        """The time zone's offsets over the window: (from this moment, in ms since 1970; offset in minutes)."""
        zone = ZoneInfo(self.timezone)

        def offset(moment: datetime) -> int:
            return int(moment.astimezone(zone).utcoffset().total_seconds() // 60)  # type: ignore[union-attr]

        moment = datetime.combine(self.first - timedelta(days=2), datetime.min.time(), UTC)
        end = datetime.combine(self.last + timedelta(days=2), datetime.min.time(), UTC)
        result = [(int(moment.timestamp() * 1000), offset(moment))]
        step = timedelta(hours=1)
        while moment < end:
            following = moment + step
            if offset(following) != result[-1][1]:
                before, after = moment, following  # the change lies between: find its minute
                while after - before > timedelta(minutes=1):
                    middle = before + (after - before) / 2
                    before, after = (middle, after) if offset(middle) == result[-1][1] else (before, middle)
                result.append((int(after.timestamp() * 1000), offset(after)))
            moment = following
        return result

    def as_data(self) -> dict[str, Any]:
        """The calendar as JSON data for the browser."""
        return {
            "timezone": self.timezone,
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "week": [[list(span) for span in day] for day in self.week],
            "days": {day.isoformat(): [list(span) for span in spans] for day, spans in sorted(self.days.items())},
            "offsets": [list(pair) for pair in self.offsets()],
        }


def window(today: date, months: int = 19) -> tuple[date, date]:
    """From the first of this month to the last day `months` later: at least 18 months ahead of any day of it."""
    first = today.replace(day=1)
    end_month = first.month - 1 + months
    return first, date(first.year + end_month // 12, end_month % 12 + 1, 1) - timedelta(days=1)


def resolve_calendar(calendar: BusinessCalendar, timezone: str, first: date, last: date) -> WorkingCalendar:
    """The charter's calendar, resolved day by day between two days (both included)."""
    week = tuple(_intervals(calendar.week, weekday) for weekday in WEEK)
    # One day beyond the window, so that the window's last day knows whether it is an eve.
    holidays = holidays_in(tuple(calendar.holidays), first, last + timedelta(days=1))
    closures: dict[date, list[Text]] = {}
    for closure in calendar.closures:
        day = closure.day
        while day <= (closure.until or closure.day):
            closures.setdefault(day, []).append(closure.name)
            day += timedelta(days=1)
    resolved = WorkingCalendar(timezone, first, last, week)
    day = first
    while day <= last:
        weekday = WEEK[(day.weekday() + 1) % 7]
        hours = week[(day.weekday() + 1) % 7]
        for change in calendar.hour_changes:
            if change.day <= day <= change.until:
                hours = _intervals(change.hours, weekday)
                resolved.changed[day] = change.name
        if day in holidays or day in closures:
            if hours:
                resolved.closed[day] = Closed(holidays.get(day, ()), tuple(closures.get(day, ())))
            hours = ()
        elif calendar.eves and hours:
            eve_of = tuple(key for key in holidays.get(day + timedelta(days=1), ()) if key in WITH_EVE)
            if eve_of:
                closes = minutes(calendar.eves.closes)
                hours = tuple((opens, min(end, closes)) for opens, end in hours if opens < closes)
                resolved.eves[day] = eve_of
        if hours != week[(day.weekday() + 1) % 7]:
            resolved.days[day] = hours
        day += timedelta(days=1)
    return resolved
