"""A commitment's clock: by when a request made at a given moment is due.

The rules, which `assets/charter-clock.js` follows step for step (shared test vectors keep them equal):

- `minutes`, `hours`: that much real time later, shown on the site's clocks (so summer time moves the hands);
- `days`, `weeks`: the same time of day, that many calendar days later;
- `business_days`: the end of the N-th business day after the day the request arrives (that day is day zero);
- `business_hours`: N hours of the calendar's working time, from the moment the request arrives.

Everything is computed in wall time: the site's local date and time, without a zone. A due date that needs
a day outside the calendar's window is unknown (None).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .business_calendar import WorkingCalendar
from .schema import Duration, TimeUnit


def due(calendar: WorkingCalendar, start: datetime, span: Duration) -> datetime | None:
    """When a request that arrives at `start` (a moment with a zone) is due, in the site's wall time."""
    wall = calendar.wall_time(start).replace(second=0, microsecond=0)
    if span.unit in (TimeUnit.minutes, TimeUnit.hours):
        return calendar.wall_time(start.replace(second=0, microsecond=0) + timedelta(minutes=span.approx_minutes))
    if span.unit in (TimeUnit.days, TimeUnit.weeks):
        return wall + timedelta(days=span.approx_minutes // (24 * 60))
    if span.unit is TimeUnit.business_days:
        return _business_days(calendar, wall.date(), span.amount)
    return _business_hours(calendar, wall, span.amount * 60)


def _business_days(calendar: WorkingCalendar, day: date, count: int) -> datetime | None:
    closes = 0
    while count:
        day += timedelta(days=1)
        hours = calendar.hours_on(day)
        if hours is None:
            return None
        if hours:
            count, closes = count - 1, hours[-1][1]
    return datetime.combine(day, datetime.min.time()) + timedelta(minutes=closes)


def _business_hours(calendar: WorkingCalendar, wall: datetime, remaining: int) -> datetime | None:
    day, now = wall.date(), wall.hour * 60 + wall.minute
    while True:
        hours = calendar.hours_on(day)
        if hours is None:
            return None
        for opens, closes in hours:
            begin = max(opens, now)
            if begin >= closes:
                continue
            if closes - begin >= remaining:
                return datetime.combine(day, datetime.min.time()) + timedelta(minutes=begin + remaining)
            remaining -= closes - begin
        day, now = day + timedelta(days=1), 0


def example_start(calendar: WorkingCalendar) -> datetime:
    """The start of the worked example on service pages: 23:10 on the window's first business day before a
    day off in the ordinary week (a Thursday, for a Sunday-to-Thursday week).

    A request made late on the last working day before a weekend shows how the weekend counts."""
    working = [bool(hours) for hours in calendar.week]
    day = calendar.first
    for _ in range(7 * 8):
        index = (day.weekday() + 1) % 7
        if working[index] and not working[(index + 1) % 7] and calendar.hours_on(day):
            break
        day += timedelta(days=1)
    return datetime.combine(day, time(23, 10), ZoneInfo(calendar.timezone))
