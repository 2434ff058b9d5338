"""The Atom feed of notices (planned disruptions, works, outages, events), one per language (`<lang>/notices.xml`).

Pages list the notices that had not ended when the site was built (`Charter.live_notices`); the
browser hides each one when it ends (`assets/charter-notices.js`), so the site needs no rebuild.

The words a notice is told in outside its page (its label, “Water outage”; its facts: when, where, who handles it)
are made here once, for the feed and for the calendars (`notices_calendar.py`). Opened in a browser, the feed is
styled (`assets/charter-feed.css`) and says what it is and how to follow it (`atom.FeedPage`).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup

from ..addresses import FEED_LINKED_STYLESHEET, HOME, NOTICES, NOTICES_CALENDAR, NOTICES_FEED, Links
from ..i18n import Localizer
from ..model.charter import Charter
from ..model.schema import Body, ChannelDetails, ChannelKind, Notice, Text
from ..pages.filters import digits, tel_href, whatsapp_href
from ..richtext import plain_text, render_markdown
from .atom import FeedEntry, FeedPage, PageLink, atom_feed, feed_link, tag_uri

FEED_PAGES = (HOME, NOTICES)
"""The pages whose `<head>` points feed readers at the notices feed."""
TAG_DATE = date(2026, 1, 1)
"""The date in the feeds' `tag:` ids (when there is no `site_url`); it must never change."""
NO_DOMAIN = "charter.invalid"


def anchor(notice: Notice) -> str:
    """The notice's anchor on the notices page."""
    return f"notice-{notice.id}"


def domain(charter: Charter) -> str:
    """A domain the municipality owns, for `tag:` ids: from its e-mail or web channels."""
    channels = [charter.channels[i] for i in charter.site.contact.channels if i in charter.channels]
    for channel in [*channels, *charter.channels.values()]:
        value = channel.value or ""
        if channel.kind is ChannelKind.email and "@" in value:
            return value.rsplit("@", 1)[1].lower()
        if channel.kind is ChannelKind.web:
            host = urlsplit(value).hostname
            if host:
                return re.sub(r"^www\.", "", host)
    return NO_DOMAIN


def feed_updated(notice: Notice) -> datetime:
    """When the notice was last changed, as far as the charter knows: its `published`, else its start."""
    return notice.published or notice.starts


def words(text: Markup | str) -> str:
    """An interface string (escaped) or plain words as plain words: no markup, no entities."""
    return text.unescape() if isinstance(text, Markup) else text


_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|pre)>|<br\s*/?>", re.IGNORECASE)
_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)


def text_lines(L: Localizer, text: Text) -> str:
    """A Markdown text in plain words, a line for each paragraph and each list item (marked “•”), for calendars and
    summaries, which show no markup."""
    html = _ITEM.sub("<li>• ", render_markdown(L.plain(text)))
    return "\n".join(line for part in _BLOCK_END.split(html) if (line := plain_text(part)))


def notice_label(L: Localizer, notice: Notice) -> str:
    """What kind of notice it is, in plain words: “Planned works”; an outage says what is cut, “Water outage”."""
    if notice.utility is not None:
        return words(L.ui(f"notices.utilities.{notice.utility.value}"))
    return words(L.ui(f"notices.kinds.{notice.kind.value}"))


def notice_heading(L: Localizer, notice: Notice) -> str:
    """The notice's label and title, as feed readers and calendars list it: “Water outage: HaZayit Street”."""
    return f"{notice_label(L, notice)}: {L.plain(notice.title)}"


def place_names(charter: Charter, L: Localizer, notice: Notice) -> list[str]:
    """The names of the neighbourhoods the notice names, in its order; none for the whole town."""
    return [L.plain(charter.neighbourhoods[n].name) for n in notice.neighbourhoods if n in charter.neighbourhoods]


def responsible_body(charter: Charter, notice: Notice) -> Body | None:
    """The other body that handles the notice (the water corporation), when it names one."""
    return charter.bodies.get(notice.responsible) if notice.responsible else None


def channel_value(L: Localizer, channel: ChannelDetails) -> str:
    """How residents use a channel, in plain words: its number, address or link."""
    return channel.value or L.plain(channel.address)


def contact_text(L: Localizer, body: Body) -> str:
    """A body's name and first way to reach it, in plain words: “Water corporation, Hotline: 1-800-000-000”."""
    first = body.channels[0]
    value = channel_value(L, first)
    reach = f"{L.plain(first.name)}: {value}" if value else L.plain(first.name)
    return f"{L.plain(body.name)}{words(L.ui('list_separator'))}{reach}"


def notice_facts(charter: Charter, L: Localizer, notice: Notice) -> list[tuple[str, str]]:
    """What a resident needs to know at a glance, as (label, plain words): when, where, who handles it."""
    timezone = charter.site.timezone
    separator = words(L.ui("list_separator"))
    when = f"{L.moment(notice.starts, timezone)} – {L.moment(notice.ends, timezone)}"
    facts = [(words(L.ui("notices.when")), when)]
    if places := place_names(charter, L, notice):
        facts.append((words(L.ui("notices.neighbourhoods")), separator.join(places)))
    if notice.area is not None:
        facts.append((words(L.ui("notices.area")), L.plain(notice.area)))
    if (body := responsible_body(charter, notice)) is not None:
        facts.append((words(L.ui("notices.responsible")), contact_text(L, body)))
    return facts


def notice_summary(charter: Charter, L: Localizer, notice: Notice) -> str:
    """The notice's facts and its text, in plain words, one fact a line: a feed entry's summary."""
    lines = [f"{label}: {value}" for label, value in notice_facts(charter, L, notice)]
    return "\n".join([*lines, "", text_lines(L, notice.body)])


def write_notices_feed(
    charter: Charter, L: Localizer, site_dir: Path, *, language_url: str = "", directory_urls: bool = False
) -> None:
    """Write the language's notices feed (`notices.xml`) into its site folder; empty when there is no notice."""
    (site_dir / NOTICES_FEED).write_bytes(
        notices_feed(charter, L, language_url=language_url, directory_urls=directory_urls)
    )


def with_notices_feed_link(html: str, path: str, L: Localizer, directory_urls: bool) -> str:
    """The home and notices pages point feed readers at the notices feed from their `<head>`."""
    if path not in FEED_PAGES:
        return html
    link = feed_link(Links(path, directory_urls).file(NOTICES_FEED), L.ui("notices.feed"))
    return html.replace("</head>", f"{link}\n</head>", 1)


def notices_feed(charter: Charter, L: Localizer, *, language_url: str = "", directory_urls: bool = False) -> bytes:
    """The Atom feed of a language's live notices; `language_url` is the language's absolute URL, if known.

    Without it, links are relative to the feed (which sits at the language's top) and ids are `tag:` URIs.
    Nothing in it depends on the time of the build but which notices had ended.
    """
    links = Links(HOME, directory_urls)
    page = links.to(NOTICES)
    tag_domain = domain(charter)

    def entry_id(notice: Notice) -> str:
        if language_url:
            return f"{language_url}{page}#{anchor(notice)}"
        return tag_uri(tag_domain, TAG_DATE, f"notices/{notice.id}/{L.lang}")

    entries = [
        FeedEntry(
            id=entry_id(notice),
            title=notice_heading(L, notice),
            updated=feed_updated(notice),
            published=feed_updated(notice),
            link=f"{language_url}{links.to(NOTICES, anchor(notice))}",
            summary=notice_summary(charter, L, notice),
            content_html=str(_entry_html(charter, L, links, notice, language_url)),
        )
        for notice in sorted(charter.live_notices, key=lambda n: (feed_updated(n), n.id), reverse=True)
    ]
    updated = max((entry.updated for entry in entries), default=datetime.combine(TAG_DATE, datetime.min.time(), UTC))
    return atom_feed(
        feed_id=f"{language_url}{NOTICES_FEED}" if language_url else tag_uri(tag_domain, TAG_DATE, f"notices/{L.lang}"),
        title=f"{L.plain(charter.site.name)}: {words(L.ui('notices.title'))}",
        language=L.lang,
        updated=updated,
        self_href=f"{language_url}{NOTICES_FEED}",
        alternate_href=f"{language_url}{page}",
        entries=entries,
        base=language_url or None,
        author=L.plain(charter.site.name),
        stylesheet=FEED_LINKED_STYLESHEET,
        page=FeedPage(
            paragraphs=[
                words(L.ui("follow.feed_page.what_notices", name=L.plain(charter.site.name))),
                words(L.ui("follow.feed_page.how")),
            ],
            links=[
                PageLink(NOTICES_CALENDAR, words(L.ui("follow.feed_page.calendar")), "text/calendar"),
                PageLink(page, words(L.ui("follow.feed_page.back_notices"))),
            ],
            direction=L.dir,
            address=f"{language_url}{NOTICES_FEED}" if language_url else "",
            address_label=words(L.ui("follow.feed_page.address")),
        ),
    )


def _entry_html(charter: Charter, L: Localizer, links: Links, notice: Notice, language_url: str) -> Markup:
    """The notice as HTML for feed readers: when, where, which services, and the sanitized body."""
    timezone = charter.site.timezone
    parts = [
        Markup("<p>{}: {} – {}</p>").format(
            L.ui("notices.when"), L.moment(notice.starts, timezone), L.moment(notice.ends, timezone)
        )
    ]
    if places := place_names(charter, L, notice):
        places_text = L.ui("list_separator").join(places)
        parts.append(Markup("<p>{}: {}</p>").format(L.ui("notices.neighbourhoods"), places_text))
    if notice.area is not None:
        parts.append(Markup("<p>{}: {}</p>").format(L.ui("notices.area"), L.plain(notice.area)))
    if (body := responsible_body(charter, notice)) is not None:
        parts.append(Markup("<p>{}: {}</p>").format(L.ui("notices.responsible"), _contact_html(L, body)))
    if notice.services:
        services = Markup(L.ui("list_separator")).join(
            Markup('<a href="{}">{}</a>').format(
                language_url + links.record("service", service_id), L.plain(charter.services[service_id].title)
            )
            for service_id in notice.services
        )
        parts.append(Markup("<p>{}: {}</p>").format(L.ui("notices.services"), services))
    parts.append(Markup(L.markdown(notice.body)))
    if notice.url:
        parts.append(Markup('<p><a href="{}">{}</a></p>').format(notice.url, L.ui("notices.more")))
    return Markup("\n").join(parts)


def _contact_html(L: Localizer, body: Body) -> Markup:
    """A body's name and first way to reach it, as HTML for feed readers: a number to call, an address to write to."""
    first = body.channels[0]
    value = channel_value(L, first)
    href = _channel_href(first)
    shown = Markup('<a href="{}" dir="ltr">{}</a>').format(href, value) if href else value
    reach = Markup("{}: {}").format(L.plain(first.name), shown) if value else L.plain(first.name)
    return Markup("<strong>{}</strong>{}{}").format(L.plain(body.name), L.ui("list_separator"), reach)


def _channel_href(channel: ChannelDetails) -> str | None:
    """Where a link to a channel leads: a call, a message, a site; None for an office or a postal address."""
    value = channel.value
    if not value:
        return None
    if channel.kind is ChannelKind.phone:
        return tel_href(value)
    if channel.kind is ChannelKind.sms:
        return f"sms:{digits(value)}"
    if channel.kind is ChannelKind.whatsapp:
        return whatsapp_href(value)
    if channel.kind is ChannelKind.email:
        return f"mailto:{value}"
    if channel.kind in (ChannelKind.web, ChannelKind.app):
        return value
    return None
