"""Atom feeds (RFC 4287), written as plain XML with ElementTree so every value is escaped.

`atom_feed` knows nothing about the charter: callers (notices, change history) give it entries.
Ids must be absolute IRIs; `tag_uri` makes stable ones when the site has no `site_url`.
Links may be relative to the feed's own address (`xml:base` is the feed's URL when known).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from markupsafe import Markup

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
MEDIA_TYPE = "application/atom+xml"

ET.register_namespace("", ATOM)


@dataclass(frozen=True)
class FeedEntry:
    """One entry: `content_html` must already be sanitized HTML; `summary` is plain text."""

    id: str
    title: str
    updated: datetime
    link: str
    published: datetime | None = None
    summary: str | None = None
    content_html: str | None = None


def tag_uri(authority: str, day: date, specific: str) -> str:
    """A `tag:` URI (RFC 4151), e.g. `tag:ramat-hadekalim.example,2026-01-01:notices/he`."""
    authority = re.sub(r"[^a-z0-9.-]+", "-", authority.lower()).strip("-.") or "charter.invalid"
    specific = re.sub(r"[^A-Za-z0-9._~!$&'()*+,;=:@/?-]", lambda m: f"%{ord(m.group()):02X}", specific)
    return f"tag:{authority},{day.isoformat()}:{specific}"


def rfc3339(moment: datetime) -> str:
    """A timezone-aware datetime as RFC 3339 in UTC (`2026-12-01T06:00:00Z`)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(
    *,
    feed_id: str,
    title: str,
    language: str,
    updated: datetime,
    self_href: str,
    alternate_href: str,
    entries: Iterable[FeedEntry],
    base: str | None = None,
    author: str | None = None,
    subtitle: str | None = None,
) -> bytes:
    """The feed document, UTF-8 encoded; `updated` should not depend on the build time (stable output)."""
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: language})
    if base:
        feed.set(XML_BASE, base)
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    if subtitle:
        _text(feed, "subtitle", subtitle)
    _text(feed, "updated", rfc3339(updated))
    if author:
        _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", author)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type=MEDIA_TYPE, href=self_href)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=alternate_href)
    for entry in entries:
        element = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(element, "id", entry.id)
        _text(element, "title", entry.title)
        _text(element, "updated", rfc3339(entry.updated))
        if entry.published:
            _text(element, "published", rfc3339(entry.published))
        ET.SubElement(element, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=entry.link)
        if entry.summary:
            _text(element, "summary", entry.summary)
        if entry.content_html:
            _text(element, "content", entry.content_html).set("type", "html")
    ET.indent(feed)
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _text(parent: ET.Element, name: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = value
    return element


def feed_link(href: str, title: str) -> Markup:
    """The `<link rel="alternate">` that lets browsers and feed readers find a feed from a page's `<head>`."""
    return Markup('<link rel="alternate" type="{}" href="{}" title="{}">').format(MEDIA_TYPE, href, title)
