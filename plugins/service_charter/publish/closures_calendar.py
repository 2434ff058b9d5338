"""The days the offices are closed, as an iCalendar file (RFC 5545) residents subscribe to: `<lang>/closures.ics`.

One file per language, from the business calendar resolved day by day (`charter.working_calendar`), written
only when `site.yml` has a `calendar`:

- every working weekday of the window on which the offices are closed is an all-day event, named by its
  holidays (`holiday.<key>` in the language) and closures (their names in the language, else the default
  language's): “Yom Kippur: offices closed”;
- every holiday eve with shorter hours is an all-day event that names them: “Eve of Yom Kippur: open until 13:00”.

Calendar apps replace a subscribed calendar's events by their UID, so each UID is made of what the event is
(its day, closed or eve, the language) and where it comes from (the site's host, or without a site address the
municipality's own UUID namespace, as the HSDS ids): publishing again updates events, never duplicates them.
The same charter read on the same day gives the same bytes: `DTSTAMP` is the start of that day (UTC), not the
build's time. All-day events are dates, which have no time zone: the file names no `TZID`, so it needs no
`VTIMEZONE`; `X-WR-TIMEZONE` tells the apps that read it the site's zone all the same.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vDuration, vText
from markupsafe import Markup

from ..addresses import CLOSURES_CALENDAR, CONTACT, SiteAddress
from ..i18n import Localizer
from ..model.business_calendar import clock_text
from ..model.charter import Charter
from .open_data import ID_NAMESPACE

PRODUCT = "-//Service charter//Closures calendar//EN"
REFRESH = timedelta(days=1)
"""How often calendar apps should fetch the file again."""


def _plain(text: Markup) -> str:
    """An interface string or a charter text as plain words: no markup, no entities."""
    return text.striptags()


def calendar_domain(charter: Charter, address: SiteAddress) -> str:
    """The right-hand side of every UID: the site's host, else the municipality's UUID namespace."""
    host = urlsplit(address.url).hostname if address.url else None
    if host:
        return host
    return str(uuid.uuid5(ID_NAMESPACE, charter.site.name.get(charter.site.default_language) or ""))


def subscribed_calendar(
    product: str,
    lang: str,
    name: str,
    description: str,
    timezone: str,
    refresh: timedelta,
    source: str = "",
    page: str = "",
) -> Calendar:
    """An empty calendar to subscribe to, named and described in its language (RFC 5545 and RFC 7986, with the
    `X-WR-` names older apps read); with the site's address, where it is published (`source`) and the page it
    belongs to."""
    ical = Calendar()
    ical.add("prodid", product)
    ical.add("version", "2.0")
    ical.add("calscale", "GREGORIAN")
    ical.add("name", vText(name), parameters={"LANGUAGE": lang})  # RFC 7986
    ical.add("x-wr-calname", vText(name))
    ical.add("description", description, parameters={"LANGUAGE": lang})  # RFC 7986
    ical.add("x-wr-caldesc", vText(description))
    ical.add("x-wr-timezone", timezone)
    ical.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})  # RFC 7986
    ical.add("x-published-ttl", vDuration(refresh))
    if source:
        ical.add("source", source, parameters={"VALUE": "URI"})  # RFC 7986
    if page:
        ical.add("url", page, parameters={"VALUE": "URI"})
    return ical


def _event(uid: str, day: date, summary: str, lang: str, stamp: datetime, url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)  # a DATE: an all-day event
    event.add("dtend", day + timedelta(days=1))  # the day after, as RFC 5545 counts all-day events
    event.add("summary", summary, parameters={"LANGUAGE": lang})
    event.add("transp", "TRANSPARENT")  # a day the offices close does not make the subscriber busy
    event.add("class", "PUBLIC")
    if url:
        event.add("url", url)
    return event


def closures_calendar(charter: Charter, L: Localizer, address: SiteAddress | None = None) -> bytes | None:
    """The language's `closures.ics`, or None when the charter has no business calendar.

    With the site's address (`site_url`) the file names its own address and links each day to the contact page."""
    calendar = charter.working_calendar
    if calendar is None:
        return None
    address = address or SiteAddress()
    site, lang = charter.site, L.lang
    name = _plain(L.ui("closures.calendar_name", name=L.plain(site.name)))
    description = _plain(L.ui("closures.calendar_description"))
    contact = address.page(lang, CONTACT) if address.url else ""
    loaded = charter.loaded_at.astimezone(ZoneInfo(site.timezone)).date()
    stamp = datetime.combine(loaded, time(), UTC)
    domain = calendar_domain(charter, address)
    source = address.language(lang) + CLOSURES_CALENDAR if address.url else ""
    ical = subscribed_calendar(PRODUCT, lang, name, description, site.timezone, REFRESH, source, contact)

    for day in sorted({*calendar.closed, *calendar.eves}):
        if day in calendar.closed:
            why = L.why_closed(calendar.closed[day])
            summary = _plain(L.ui("closures.closed", names=why))
            uid = f"{day:%Y%m%d}-closed-{lang}@{domain}"
        else:
            hours = calendar.hours_on(day) or ()
            closes = clock_text(hours[-1][1]) if hours else ""
            summary = _plain(L.ui("closures.eve", eve=L.eve_of(calendar.eves[day]), time=closes))
            uid = f"{day:%Y%m%d}-eve-{lang}@{domain}"
        ical.add_component(_event(uid, day, summary, lang, stamp, contact))
    data: bytes = ical.to_ical()
    return data


def write_closures_calendar(
    charter: Charter, L: Localizer, folder: Path, address: SiteAddress | None = None
) -> Path | None:
    """Write the language's `closures.ics` into its folder; the file, or None without a business calendar."""
    data = closures_calendar(charter, L, address)
    if data is None:
        return None
    path = folder / CLOSURES_CALENDAR
    path.write_bytes(data)
    return path
