"""The Atom feed of notices (planned disruptions, works, events), one per language (`<lang>/notices.xml`).

Pages list the notices that had not ended when the site was built (`Charter.live_notices`); the
browser hides each one when it ends (`assets/charter-notices.js`), so the site needs no rebuild.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup

from ..addresses import HOME, NOTICES, NOTICES_FEED, Links
from ..i18n import Localizer
from ..model.charter import Charter
from ..model.schema import ChannelKind, Notice
from .atom import FeedEntry, atom_feed, feed_link, tag_uri

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
            title=f"{L.ui(f'notices.kinds.{notice.kind.value}')}: {L.plain(notice.title)}",
            updated=feed_updated(notice),
            published=feed_updated(notice),
            link=f"{language_url}{links.to(NOTICES, anchor(notice))}",
            content_html=str(_entry_html(charter, L, links, notice, language_url)),
        )
        for notice in sorted(charter.live_notices, key=lambda n: (feed_updated(n), n.id), reverse=True)
    ]
    updated = max((entry.updated for entry in entries), default=datetime.combine(TAG_DATE, datetime.min.time(), UTC))
    return atom_feed(
        feed_id=f"{language_url}{NOTICES_FEED}" if language_url else tag_uri(tag_domain, TAG_DATE, f"notices/{L.lang}"),
        title=f"{L.plain(charter.site.name)}: {L.ui('notices.title')}",
        language=L.lang,
        updated=updated,
        self_href=f"{language_url}{NOTICES_FEED}",
        alternate_href=f"{language_url}{page}",
        entries=entries,
        base=language_url or None,
        author=L.plain(charter.site.name),
    )


def _entry_html(charter: Charter, L: Localizer, links: Links, notice: Notice, language_url: str) -> Markup:
    """The notice as HTML for feed readers: when, where, which services, and the sanitized body."""
    timezone = charter.site.timezone
    parts = [
        Markup("<p>{}: {} – {}</p>").format(
            L.ui("notices.when"), L.moment(notice.starts, timezone), L.moment(notice.ends, timezone)
        )
    ]
    if notice.neighbourhoods:
        places = L.ui("list_separator").join(L.plain(place) for place in notice.neighbourhoods)
        parts.append(Markup("<p>{}: {}</p>").format(L.ui("notices.neighbourhoods"), places))
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
