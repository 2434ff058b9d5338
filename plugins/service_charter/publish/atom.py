"""Atom feeds (RFC 4287), written as plain XML with ElementTree so every value is escaped.

`atom_feed` knows nothing about the charter: callers (notices, change history) give it entries.
Ids must be absolute IRIs; `tag_uri` makes stable ones when the site has no `site_url`.
Links may be relative to the feed's own address (`xml:base` is the feed's URL when known).

A person who opens a feed in a browser reads it too: the feed names a CSS stylesheet (`<?xml-stylesheet?>`, no
XSLT, which browsers are dropping), and carries, as an Atom extension element at its top, a block of XHTML in its
language (`FeedPage`) that says what the page is and how to follow it, with real links. Feed readers skip foreign
elements (RFC 4287, section 6.3), so they show the feed as before.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from ..addresses import FEED_STYLESHEET

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
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


@dataclass(frozen=True)
class PageLink:
    """A link in a feed's page: its address (relative to the feed, or absolute) and its words."""

    href: str
    text: str
    type: str = ""
    """The media type of what it leads to, when it is not a page (`text/calendar`)."""


@dataclass(frozen=True)
class FeedPage:
    """What a person who opens the feed in a browser reads above its entries, in the feed's language: paragraphs
    of plain text, an address to copy (shown left to right), then links."""

    paragraphs: Sequence[str]
    links: Sequence[PageLink]
    direction: str = "ltr"
    address: str = ""
    """The feed's absolute address, to copy into a feed reader; empty when it is not known."""
    address_label: str = ""


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
    stylesheet: str | None = None,
    page: FeedPage | None = None,
) -> bytes:
    """The feed document, UTF-8 encoded; `updated` should not depend on the build time (stable output).

    `stylesheet`: the address of a CSS stylesheet for browsers, relative to the feed; `page`: what a person who
    opens the feed in a browser reads first."""
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: language})
    if base:
        feed.set(XML_BASE, base)
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    if subtitle:
        _text(feed, "subtitle", subtitle)
    if page:
        feed.append(ET.Comment(_PAGE_MARK))
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
    document = ET.tostring(feed, encoding="unicode")
    if page:
        document = document.replace(f"<!--{_PAGE_MARK}-->", _page_block(page, language), 1)
    prolog = "<?xml version='1.0' encoding='utf-8'?>\n"
    if stylesheet:
        prolog += f'<?xml-stylesheet type="text/css" href={quoteattr(stylesheet)}?>\n'
    return (prolog + document + "\n").encode("utf-8")


_PAGE_MARK = "charter:feed-page"
"""Where the XHTML block goes: ElementTree cannot give one element a default namespace of its own (`xmlns`), so
the block is written apart and put in this comment's place."""


def _page_block(page: FeedPage, language: str) -> str:
    """The XHTML block of a feed's page, indented as a child of the feed; every value escaped for XML."""
    lang, direction = quoteattr(language), quoteattr(page.direction)
    lines = [f'<div xmlns="{XHTML}" lang={lang} xml:lang={lang} dir={direction} class="charter-feed-page">']
    lines += [f"  <p>{escape(words)}</p>" for words in page.paragraphs]
    if page.address:
        label = f"{escape(page.address_label)} " if page.address_label else ""
        address = f'<code dir="ltr" class="charter-feed-page__address">{escape(page.address)}</code>'
        lines.append(f"  <p>{label}{address}</p>")
    if page.links:
        lines.append("  <ul>")
        for link in page.links:
            kind = f" type={quoteattr(link.type)}" if link.type else ""
            lines.append(f"    <li><a href={quoteattr(link.href)}{kind}>{escape(link.text)}</a></li>")
        lines.append("  </ul>")
    lines.append("</div>")
    return "\n  ".join(lines)


def _text(parent: ET.Element, name: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = value
    return element


def write_feed_stylesheet(folder: Path) -> Path:
    """Copy the feeds' stylesheet for browsers to the top of the site (`folder`), where every language's feeds name it
    (`FEED_LINKED_STYLESHEET`); the file."""
    target = folder / FEED_STYLESHEET
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__).resolve().parent.parent / FEED_STYLESHEET, target)
    return target


def feed_link(href: str, title: str) -> Markup:
    """The `<link rel="alternate">` that lets browsers and feed readers find a feed from a page's `<head>`."""
    return Markup('<link rel="alternate" type="{}" href="{}" title="{}">').format(MEDIA_TYPE, href, title)
