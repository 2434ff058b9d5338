"""Notices as iCalendar files (RFC 5545) residents subscribe to: `<lang>/notices.ics`, and for each neighbourhood of
`site.yml` `<lang>/notices-<neighbourhood>.ics` (the notices that name it, and those for the whole town).

Each live notice (`Charter.live_notices`) is one event in the language's words: its summary the notice's label and
title (“Water outage: …”), its description plain text (when, where, who handles it, the services affected, the
notice's own words), its location the neighbourhoods and streets. Notices are timed: their start and end are written
in the site's zone (`site.yml` `timezone`) with its `TZID`, and the file carries that zone as a `VTIMEZONE`, built
from the system's zone data over the years the notices span, so every app shows the same wall time, summer or
winter.

Calendar apps replace a subscribed calendar's events by their UID: `notice-<id>-<lang>@<domain>`, with the same
domain as `closures.ics`. The same charter gives the same bytes: `DTSTAMP` is when the notice last changed as far as
the charter knows (git, else its `published`, else its start), never the build's time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Event, Timezone

from ..addresses import NOTICES, NOTICES_CALENDAR, SiteAddress, neighbourhood_calendar
from ..i18n import Localizer
from ..model.charter import Charter
from ..model.kinds import NOTICE
from ..model.schema import Neighbourhood, Notice
from .closures_calendar import calendar_domain, subscribed_calendar
from .notices_feed import anchor, feed_updated, notice_facts, notice_heading, place_names, text_lines, words

PRODUCT = "-//Service charter//Notices calendar//EN"
REFRESH = timedelta(hours=6)
"""How often calendar apps should fetch the file again: notices change more often than the days the offices close."""


def notices_calendar(
    charter: Charter, L: Localizer, address: SiteAddress | None = None, neighbourhood: Neighbourhood | None = None
) -> bytes:
    """The language's calendar of live notices, or of those that concern `neighbourhood` (and the whole town).

    With the site's address (`site_url`) the file names its own address and links each event to its notice."""
    address = address or SiteAddress()
    site, lang = charter.site, L.lang
    zone = ZoneInfo(site.timezone)
    town = L.plain(site.name)
    if neighbourhood is None:
        notices = charter.live_notices
        name = words(L.ui("follow.calendar_name", name=town))
        file = NOTICES_CALENDAR
    else:
        notices = charter.notices_in(neighbourhood.id)
        name = words(L.ui("follow.calendar_name_for", name=town, neighbourhood=L.plain(neighbourhood.name)))
        file = neighbourhood_calendar(neighbourhood.id)
    description = words(L.ui("follow.calendar_description", name=town))
    page = address.page(lang, NOTICES) if address.url else ""

    source = address.language(lang) + file if address.url else ""
    ical = subscribed_calendar(PRODUCT, lang, name, description, site.timezone, REFRESH, source, page)
    if notices:
        ical.add_component(_zone(site.timezone, charter.live_notices))
    domain = calendar_domain(charter, address)
    for notice in notices:
        url = f"{page}#{anchor(notice)}" if page else ""
        ical.add_component(_event(charter, L, notice, zone, f"notice-{notice.id}-{lang}@{domain}", url))
    data: bytes = ical.to_ical()
    return data


def _zone(timezone: str, notices: Sequence[Notice]) -> Timezone:
    """The site's zone as a `VTIMEZONE`, over whole years from the first notice's start to the last one's end: the
    same for every calendar of the language, and the same whenever the charter is the same."""
    zone = ZoneInfo(timezone)
    first = min(notice.starts.astimezone(zone).year for notice in notices)
    last = max(notice.ends.astimezone(zone).year for notice in notices)
    component = Timezone.from_tzinfo(zone, tzid=timezone, first_date=date(first, 1, 1), last_date=date(last + 1, 1, 1))
    component.pop("COMMENT", None)  # the library's own note, in English, on the years it covers
    return component


def _event(charter: Charter, L: Localizer, notice: Notice, zone: ZoneInfo, uid: str, url: str) -> Event:
    lang = L.lang
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", _stamp(charter, notice))
    event.add("dtstart", notice.starts.astimezone(zone))
    event.add("dtend", notice.ends.astimezone(zone))
    event.add("summary", notice_heading(L, notice), parameters={"LANGUAGE": lang})
    event.add("description", _description(charter, L, notice), parameters={"LANGUAGE": lang})
    location = _location(charter, L, notice)
    if location:
        event.add("location", location, parameters={"LANGUAGE": lang})
    event.add("transp", "TRANSPARENT")  # a notice does not make the subscriber busy
    event.add("class", "PUBLIC")
    if url:
        event.add("url", url)
    return event


def _stamp(charter: Charter, notice: Notice) -> datetime:
    """When the notice last changed, as far as the charter knows, in UTC: the same bytes for the same charter."""
    changed = charter.history.last_changed(NOTICE.key(notice.id)) if charter.history else None
    return (changed or feed_updated(notice)).astimezone(UTC)


def _description(charter: Charter, L: Localizer, notice: Notice) -> str:
    """The notice in plain words: its facts one a line, the services it affects, its own text, where to read more."""
    lines = [f"{label}: {value}" for label, value in notice_facts(charter, L, notice)]
    if notice.services:
        titles = [L.plain(charter.services[s].title) for s in notice.services if s in charter.services]
        lines.append(f"{words(L.ui('notices.services'))}: {words(L.ui('list_separator')).join(titles)}")
    lines += ["", text_lines(L, notice.body)]
    if notice.url:
        lines.append(f"{words(L.ui('notices.more'))}: {notice.url}")
    return "\n".join(lines)


def _location(charter: Charter, L: Localizer, notice: Notice) -> str:
    """Where: the neighbourhoods' names, then the streets in words; empty for the whole town."""
    where = place_names(charter, L, notice)
    if notice.area is not None:
        where.append(L.plain(notice.area))
    return words(L.ui("list_separator")).join(where)


def calendar_files(charter: Charter) -> list[tuple[str, Neighbourhood | None]]:
    """Every notices calendar of a language: its file name, and its neighbourhood (None for all notices)."""
    return [(NOTICES_CALENDAR, None), *((neighbourhood_calendar(n.id), n) for n in charter.site.neighbourhoods)]


def write_notices_calendars(
    charter: Charter, L: Localizer, folder: Path, address: SiteAddress | None = None
) -> list[Path]:
    """Write the language's notices calendars into its folder, even with no live notice (subscribers keep their
    subscription, and get the next notice); the files written."""
    written = []
    for file, neighbourhood in calendar_files(charter):
        path = folder / file
        path.write_bytes(notices_calendar(charter, L, address, neighbourhood))
        written.append(path)
    return written
